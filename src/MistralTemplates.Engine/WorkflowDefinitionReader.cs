using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>One workflow of a definition text, with what the service derives from it.</summary>
internal sealed record ParsedWorkflow(string Name, string Definition, WorkflowInterface Interface, string Input, IReadOnlyList<string> Tags);

/// <summary>The verdict on a definition text: its workflows, or the reason the server would give for refusing it.</summary>
internal sealed record DefinitionReading(IReadOnlyList<ParsedWorkflow> Workflows, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Reads a workflow definition text with the language library's DSL parser, as the server's validator reads it:
/// YAML that does not load is "could not be parsed", any error diagnostic makes the DSL invalid.
/// </summary>
internal static class WorkflowDefinitionReader
{
    private const string SourceName = "definition";

    public static DefinitionReading Read(string text)
    {
        var loaded = YamlLoader.Load(SourceName, text);
        if (loaded.HasErrors || loaded.Root is null)
        {
            var reason = loaded.Diagnostics.Where(d => d.IsError).Select(Describe).FirstOrDefault() ?? "the text is empty";
            return Refused($"Definition could not be parsed: {reason}");
        }

        var diagnostics = new DiagnosticBag();
        var document = DslParser.Parse(loaded.Root, diagnostics, DslParseOptions.File with { ExpectedKind = DslDocumentKind.Workflows });
        if (diagnostics.HasErrors || document is null)
        {
            var reasons = diagnostics.Items.Where(d => d.IsError).Select(Describe).ToList();
            return Refused("Invalid DSL: " + (reasons.Count == 0 ? "the text declares no workflows" : string.Join("; ", reasons)));
        }
        if (document.Workflows.Count == 0)
            return Refused("Invalid DSL: the text declares no workflows");

        var single = document.Workflows.Count == 1;
        return new DefinitionReading(
            document.Workflows.Select(w => ToParsed(w, single ? text : OwnText(text, w))).ToList(), null);
    }

    /// <summary>The parsed workflow <paramref name="name"/> of a stored (so already valid) definition text.</summary>
    public static DslWorkflow? ReadWorkflow(string text, string name)
    {
        var loaded = YamlLoader.Load(SourceName, text);
        if (loaded.Root is null) return null;
        var document = DslParser.Parse(loaded.Root, new DiagnosticBag(), DslParseOptions.File with { ExpectedKind = DslDocumentKind.Workflows });
        return document?.Workflows.FirstOrDefault(w => w.Name == name);
    }

    private static DefinitionReading Refused(string error) => new(new ParsedWorkflow[0], error);

    private static string Describe(TemplateDiagnostic diagnostic) => $"{diagnostic.Message} (at {diagnostic.Span.Start})";

    // A workflow of a several-workflow text is stored as a text of its own, as the server does.
    private static string OwnText(string text, DslWorkflow workflow)
    {
        var start = workflow.NameSpan.Start.Offset;
        var end = workflow.Node.Span.End.Offset;
        return "version: '2.0'\n\n" + text.Substring(start, end - start).TrimEnd() + "\n";
    }

    internal static ParsedWorkflow ToParsed(DslWorkflow workflow, string definition)
    {
        var inputs = workflow.Inputs
            .Select(i => new WorkflowParameter(i.Name, i.HasDefault, i.HasDefault && i.Default is not null ? JsonNode.Parse(YamlJson.ToJson(i.Default)) : null))
            .ToList();
        var outputs = workflow.Output is YamlMapping output
            ? output.Entries.Select(e => e.KeyText ?? "").ToList()
            : new List<string>();
        return new ParsedWorkflow(workflow.Name, definition, new WorkflowInterface(inputs, outputs), InputText(inputs), workflow.Tags);
    }

    /// <summary>Mistral's one-line input declaration: <c>name, x=1, s="a"</c> (defaults as JSON).</summary>
    internal static string InputText(IEnumerable<WorkflowParameter> inputs) =>
        string.Join(", ", inputs.Select(p => p.HasDefault
            ? $"{p.Name}={(p.Default is null ? "null" : p.Default.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))}"
            : p.Name));
}
