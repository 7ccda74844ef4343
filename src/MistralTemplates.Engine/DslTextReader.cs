using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>One ad-hoc action of a definition text, with what the service stores of it.</summary>
internal sealed record ParsedAction(string Name, string Definition, string Input, string? Description, IReadOnlyList<string> Tags);

/// <summary>A workbook text read: its name, tags, and the workflows and actions it declares (names without the book's prefix).</summary>
internal sealed record ParsedWorkbook(string Name, IReadOnlyList<string> Tags, IReadOnlyList<ParsedWorkflow> Workflows, IReadOnlyList<ParsedAction> Actions);

/// <summary>The verdict on an action or workbook text: what it declares, or the reason the server would give for refusing it.</summary>
internal sealed record DslTextReading<T>(T? Value, string? Error) where T : class
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Reads ad-hoc action lists and workbooks with the language library's DSL parser, with the server's two kinds of
/// refusal: "Definition could not be parsed" for YAML that does not load, "Invalid DSL" for the rest.
/// </summary>
internal static class DslTextReader
{
    private const string SourceName = "definition";

    public static DslTextReading<IReadOnlyList<ParsedAction>> ReadActions(string text)
    {
        var (document, error) = Parse(text, DslDocumentKind.Actions);
        if (document is null) return new(null, error);
        if (document.Actions.Count == 0) return new(null, "Invalid DSL: the text declares no actions");
        var single = document.Actions.Count == 1;
        return new(document.Actions.Select(a => ToParsed(a, single ? text : "version: '2.0'\n\n" + OwnText(text, a.NameSpan.Start, a.Node.Span.End.Offset))).ToList(), null);
    }

    public static DslTextReading<ParsedWorkbook> ReadWorkbook(string text)
    {
        var (document, error) = Parse(text, DslDocumentKind.Workbook);
        if (document is null) return new(null, error);
        if (document.WorkbookName is not { } name) return new(null, "Invalid DSL: 'name' is a required property");
        // A workbook's workflows and actions are stored with their own entry's text, as the server stores them.
        var workflows = document.Workflows
            .Select(w => WorkflowDefinitionReader.ToParsed(w, OwnText(text, w.NameSpan.Start, w.Node.Span.End.Offset)))
            .ToList();
        var actions = document.Actions
            .Select(a => ToParsed(a, OwnText(text, a.NameSpan.Start, a.Node.Span.End.Offset)))
            .ToList();
        return new(new ParsedWorkbook(name, TagsOf(RootOf(text)), workflows, actions), null);
    }

    private static (DslDocument? Document, string? Error) Parse(string text, DslDocumentKind kind)
    {
        var loaded = YamlLoader.Load(SourceName, text);
        if (loaded.HasErrors || loaded.Root is null)
        {
            var reason = loaded.Diagnostics.Where(d => d.IsError).Select(Describe).FirstOrDefault() ?? "the text is empty";
            return (null, $"Definition could not be parsed: {reason}");
        }
        var diagnostics = new DiagnosticBag();
        var document = DslParser.Parse(loaded.Root, diagnostics, DslParseOptions.File with { ExpectedKind = kind });
        if (diagnostics.HasErrors || document is null)
        {
            var reasons = diagnostics.Items.Where(d => d.IsError).Select(Describe).ToList();
            return (null, "Invalid DSL: " + (reasons.Count == 0 ? "the text declares nothing" : string.Join("; ", reasons)));
        }
        return (document, null);
    }

    private static YamlNode? RootOf(string text) => YamlLoader.Load(SourceName, text).Root;

    private static string Describe(TemplateDiagnostic diagnostic) => $"{diagnostic.Message} (at {diagnostic.Span.Start})";

    private static ParsedAction ToParsed(DslAction action, string definition)
    {
        var inputs = action.Inputs
            .Select(i => new WorkflowParameter(i.Name, i.HasDefault, i.HasDefault && i.Default is not null ? JsonNode.Parse(YamlJson.ToJson(i.Default)) : null))
            .ToList();
        return new ParsedAction(action.Name, definition, WorkflowDefinitionReader.InputText(inputs), action.Description, TagsOf(action.Node));
    }

    private static IReadOnlyList<string> TagsOf(YamlNode? node) =>
        node is YamlMapping map && map["tags"] is YamlSequence tags
            ? tags.Items.OfType<YamlScalar>().Select(s => s.Value).ToList()
            : new List<string>();

    /// <summary>The text of one entry from its name to its end, its lines moved left to the name's column.</summary>
    private static string OwnText(string text, Language.Text.SourcePosition nameStart, int end)
    {
        var indent = nameStart.Column;
        var lines = text.Substring(nameStart.Offset, end - nameStart.Offset).TrimEnd().Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var spaces = line.Length - line.TrimStart(' ').Length;
            lines[i] = line.Substring(Math.Min(spaces, indent));
        }
        return string.Join("\n", lines) + "\n";
    }
}
