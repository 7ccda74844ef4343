using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Hot;

/// <summary>Resource types defined here, so the parser's generic checks are tested without the product's catalogues.</summary>
internal static class HotTestKit
{
    public static readonly ResourceSchema Widget = new("Test::Widget", "A resource type for tests",
        new[]
        {
            new PropertySchema("name", PropertyType.String, "Name", Required: true),
            new PropertySchema("count", PropertyType.Integer, "Count"),
            new PropertySchema("ratio", PropertyType.Number, "Ratio"),
            new PropertySchema("enabled", PropertyType.Boolean, "Enabled"),
            new PropertySchema("mode", PropertyType.String, "Mode", AllowedValues: new[] { "fast", "slow" }),
            new PropertySchema("tags", PropertyType.List, "Tags", ListItemSchema: new PropertySchema("tag", PropertyType.String, "Tag")),
            new PropertySchema("options", PropertyType.Map, "Options", MapSchema: new[]
            {
                new PropertySchema("level", PropertyType.Integer, "Level", Required: true),
                new PropertySchema("label", PropertyType.String, "Label"),
            }),
            new PropertySchema("anything", PropertyType.Any, "Any value"),
        },
        new[]
        {
            new AttributeSchema("data", AttributeType.Map, "Data"),
            new AttributeSchema("output", AttributeType.String, "Output"),
        });

    public static readonly ResourceSchema Gadget = new("Test::Gadget", "Another type, checked after widgets",
        new[] { new PropertySchema("source", PropertyType.String, "Source") },
        new[] { new AttributeSchema("value", AttributeType.String, "Value") });

    public static HotParseOptions Options(params IResourceChecker[] checkers) => new(
        type => type == Widget.Type ? Widget : type == Gadget.Type ? Gadget : null,
        type => checkers.FirstOrDefault(c => c.ResourceType == type));

    public static TemplateAnalysis Analyze(string yaml, IReadOnlyDictionary<string, string>? files = null, params IResourceChecker[] checkers) =>
        TemplateAnalyzer.Analyze("t.yaml", yaml, files is null ? InMemoryFileProvider.Empty : new InMemoryFileProvider(files), Options(checkers));

    /// <summary>The template text from lines, so that line numbers in tests read off the array index.</summary>
    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    public static TemplateDiagnostic Single(TemplateAnalysis analysis, DiagnosticDescriptor descriptor)
    {
        var matching = analysis.Diagnostics.Where(d => d.Descriptor == descriptor).ToList();
        Assert.True(matching.Count == 1,
            $"expected one {descriptor.Id}, got:\n" + string.Join("\n", analysis.Diagnostics.Select(d => d.ToString())));
        return matching[0];
    }

    /// <summary>Asserts the one diagnostic of <paramref name="descriptor"/>, its 0-based span, and that nothing else is an error.</summary>
    public static TemplateDiagnostic AssertOnly(TemplateAnalysis analysis, DiagnosticDescriptor descriptor, int line, int column,
        int endLine, int endColumn)
    {
        var d = Single(analysis, descriptor);
        Assert.Equal((line, column, endLine, endColumn), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
        var others = analysis.Diagnostics.Where(x => x != d && x.IsError).ToList();
        Assert.True(others.Count == 0, "unexpected: " + string.Join("\n", others.Select(x => x.ToString())));
        return d;
    }

    public static void AssertClean(TemplateAnalysis analysis)
    {
        Assert.True(analysis.Diagnostics.Count == 0, string.Join("\n", analysis.Diagnostics.Select(d => d.ToString())));
    }
}

/// <summary>A checker that records the order it runs in and reports unknown get_attr paths under 'data'.</summary>
internal sealed class RecordingChecker : IResourceChecker
{
    private readonly List<string> _log;

    public RecordingChecker(string type, int order, List<string> log, Action<ResourceCheckContext>? onCheck = null)
    {
        ResourceType = type;
        Order = order;
        _log = log;
        OnCheck = onCheck;
    }

    public string ResourceType { get; }

    public int Order { get; }

    public Action<ResourceCheckContext>? OnCheck { get; }

    public void Check(ResourceCheckContext context)
    {
        _log.Add(context.Resource.Name);
        OnCheck?.Invoke(context);
    }

    public void CheckAttributePath(HotResource target, string attribute, IReadOnlyList<YamlNode> path, DiagnosticBag diagnostics)
    {
        _log.Add($"path {target.Name}.{attribute}.{string.Join(".", path.OfType<YamlScalar>().Select(s => s.Value))}");
        if (path[0] is YamlScalar { Value: not "known" } key)
            diagnostics.Add(DiagnosticCatalog.UnknownAttribute, key.Span, key.Value, target.Name, target.Type, "known");
    }
}
