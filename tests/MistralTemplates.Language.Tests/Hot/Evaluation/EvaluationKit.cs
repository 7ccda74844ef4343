using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>Templates around one value to evaluate, a context for them, and short ways to write expected values.</summary>
internal static class EvaluationKit
{
    /// <summary>
    /// A template of <paramref name="version"/> with two widget resources (<c>first</c>, <c>second</c>) and an
    /// output <c>out</c> whose value is <paramref name="value"/> (flow-style YAML).
    /// </summary>
    public static string Template(string version, string value, string parameters = "", string conditions = "", string resources = "") =>
        HotTestKit.Lines(
            $"heat_template_version: {version}",
            parameters.Length == 0 ? "" : "parameters:\n" + parameters,
            conditions.Length == 0 ? "" : "conditions:\n" + conditions,
            "resources:",
            "  first: {type: Test::Widget, properties: {name: one}}",
            "  second: {type: Test::Widget, properties: {name: two}}",
            resources,
            "outputs:",
            "  out:",
            $"    value: {value}");

    public static HotTemplate Parse(string yaml, IReadOnlyDictionary<string, string>? files = null)
    {
        var analysis = HotTestKit.Analyze(yaml, files);
        Assert.True(analysis.Template is not null, string.Join("\n", analysis.Diagnostics));
        return analysis.Template!;
    }

    public static HotEvaluationContext Context(HotTemplate template, IReadOnlyDictionary<string, object?>? parameters = null,
        IResourceReferenceResolver? resolver = null, IReadOnlyDictionary<string, string>? files = null) =>
        new(template, "mystack", "5f0c-id", "project-7", parameters ?? Resolved(template), resolver ?? new FakeResolver(), files);

    /// <summary>The parameters' defaults, which every test template gives.</summary>
    public static IReadOnlyDictionary<string, object?> Resolved(HotTemplate template)
    {
        var resolution = ParameterResolver.Resolve(template, new Dictionary<string, string>());
        return resolution.Values;
    }

    public static EvaluationResult Evaluate(string version, string value, string parameters = "", string conditions = "",
        IResourceReferenceResolver? resolver = null, IReadOnlyDictionary<string, object?>? parameterValues = null)
    {
        var template = Parse(Template(version, value, parameters, conditions));
        var context = Context(template, parameterValues, resolver);
        return HotEvaluator.Evaluate(template.Outputs.Single(o => o.Name == "out").Value!, context);
    }

    /// <summary>The value, asserting there was no error.</summary>
    public static object? Value(string version, string value, string parameters = "", string conditions = "",
        IResourceReferenceResolver? resolver = null, IReadOnlyDictionary<string, object?>? parameterValues = null)
    {
        var result = Evaluate(version, value, parameters, conditions, resolver, parameterValues);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Value;
    }

    /// <summary>The one error's message.</summary>
    public static string Error(string version, string value, string parameters = "", string conditions = "",
        IResourceReferenceResolver? resolver = null)
    {
        var result = Evaluate(version, value, parameters, conditions, resolver);
        Assert.True(result.Errors.Count == 1, "expected one error, got:\n" + string.Join("\n", result.Errors) + "\nvalue: " + result.Value);
        return result.Errors[0].Message;
    }

    public static List<object?> L(params object?[] items) => items.ToList();

    public static Dictionary<string, object?> M(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }
}

/// <summary>Answers get_resource with "&lt;name&gt;-id" and get_attr from a table, applying the path as Heat does; records the calls.</summary>
internal sealed class FakeResolver : IResourceReferenceResolver
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = new();

    public object? GetResource(string name)
    {
        Calls.Add("resource " + name);
        return name + "-id";
    }

    public object? GetAttribute(string resource, string attribute, IReadOnlyList<object?> path)
    {
        Calls.Add($"attr {resource} {attribute} [{string.Join(", ", path)}]");
        return Attributes.TryGetValue(resource + "." + attribute, out var value) ? AttributePath.Select(value, path) : null;
    }

    public object? GetAllAttributes(string resource)
    {
        Calls.Add("all " + resource);
        var prefix = resource + ".";
        return Attributes.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key.Substring(prefix.Length), a => a.Value, StringComparer.Ordinal);
    }
}
