using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Generators.Tests;

/// <summary>
/// Builds template-language models from YAML by hand, with the spans the loader gives, so the parser's
/// mapping is tested without depending on the HOT and DSL parsers.
/// </summary>
internal static class HandModel
{
    public static TemplateAnalysis Hot(string path, string text, params TemplateDiagnostic[] diagnostics)
    {
        var root = (YamlMapping)YamlLoader.Load(path, text).Root!;
        var parameters = Entries(root, "parameters").Select(e => new HotParameter(
            e.KeyText!, e.Key.Span, TypeOf(Scalar(e.Value, "type")), (e.Value as YamlMapping)?["default"],
            Scalar(e.Value, "label"), Scalar(e.Value, "description"), Scalar(e.Value, "hidden") == "true", false,
            new List<ParameterConstraint>())).ToList();
        var resources = Entries(root, "resources").Select(e => new HotResource(
            e.KeyText!, e.Key.Span, Scalar(e.Value, "type") ?? "", e.Key.Span, (e.Value as YamlMapping)?["properties"] as YamlMapping,
            new List<HotReference>(), null, null, (YamlMapping)e.Value)).ToList();
        var outputs = Entries(root, "outputs").Select(e => new HotOutput(
            e.KeyText!, e.Key.Span, Scalar(e.Value, "description"), (e.Value as YamlMapping)?["value"], null)).ToList();
        var template = new HotTemplate(path, new HotVersion("2021-04-16", null, root.Span), Scalar(root, "description"),
            parameters, resources, outputs, new List<HotCondition>(), root);
        return new TemplateAnalysis(path, TemplateFileKind.HeatTemplate, template, null, diagnostics, new Dictionary<string, string>());
    }

    /// <summary>A DSL file: every top-level key but 'version' is a workflow whose 'input' list is read.</summary>
    public static TemplateAnalysis Workflows(string path, string text)
    {
        var root = (YamlMapping)YamlLoader.Load(path, text).Root!;
        var workflows = root.Entries.Where(e => e.KeyText != "version").Select(e => new DslWorkflow(
            e.KeyText!, e.Key.Span, WorkflowType.Direct, Scalar(e.Value, "description"), Inputs(e.Value),
            new List<DslTask>(), new List<string>(), (YamlMapping)e.Value)).ToList();
        var document = new DslDocument(DslDocumentKind.Workflows, "2.0", null, workflows, new List<DslAction>(), root.Span);
        return new TemplateAnalysis(path, TemplateFileKind.MistralWorkflows, null, document, new List<TemplateDiagnostic>(), new Dictionary<string, string>());
    }

    private static List<DslInput> Inputs(YamlNode workflow)
    {
        var inputs = new List<DslInput>();
        if ((workflow as YamlMapping)?["input"] is not YamlSequence list) return inputs;
        foreach (var item in list.Items)
        {
            if (item is YamlScalar name) inputs.Add(new DslInput(name.Value, name.Span, null, false));
            else if (item is YamlMapping { Count: 1 } withDefault)
                inputs.Add(new DslInput(withDefault.Entries[0].KeyText!, withDefault.Entries[0].Key.Span, withDefault.Entries[0].Value, true));
        }
        return inputs;
    }

    private static IEnumerable<YamlEntry> Entries(YamlMapping root, string section) =>
        (root[section] as YamlMapping)?.Entries ?? Enumerable.Empty<YamlEntry>();

    private static string? Scalar(YamlNode node, string key) => ((node as YamlMapping)?[key] as YamlScalar)?.Value;

    private static HotParameterType TypeOf(string? type) => type switch
    {
        "number" => HotParameterType.Number,
        "boolean" => HotParameterType.Boolean,
        "comma_delimited_list" => HotParameterType.CommaDelimitedList,
        "json" => HotParameterType.Json,
        _ => HotParameterType.String,
    };
}
