using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>A definition text with its workflows renamed, or why it could not be renamed.</summary>
public sealed class RenamedDefinition
{
    public RenamedDefinition(string? text, IReadOnlyDictionary<string, string> names, IReadOnlyList<TemplateDiagnostic> diagnostics,
        IReadOnlyDictionary<string, string>? documents = null)
    {
        Text = text;
        Names = names;
        Diagnostics = diagnostics;
        Documents = documents ?? new Dictionary<string, string>();
    }

    /// <summary>
    /// Each renamed workflow as a definition of its own (new name → text), for creating, updating and deleting
    /// workflows one by one: Mistral's PUT refuses a text that declares a workflow it does not have yet.
    /// </summary>
    public IReadOnlyDictionary<string, string> Documents { get; }

    /// <summary>The rewritten definition; null when the original has errors.</summary>
    public string? Text { get; }

    /// <summary>Each declared workflow's short name → the name it has in <see cref="Text"/>.</summary>
    public IReadOnlyDictionary<string, string> Names { get; }

    public IReadOnlyList<TemplateDiagnostic> Diagnostics { get; }
}

/// <summary>
/// Renames the workflows of a definition, as a workflow resource registers them (<c>stack.resource.workflow</c>),
/// and rewrites every task that calls a sibling by its short name to call it by its new one. Edits are spliced
/// into the original text at the exact spans, so comments, layout and everything else stay as written.
/// Calls through expressions (<c>workflow: &lt;% $.name %&gt;</c>) are left alone: their target is only known at
/// run time.
/// </summary>
public static class WorkflowRenamer
{
    public static RenamedDefinition Rename(string path, string text, Func<string, string> newName)
    {
        var load = YamlLoader.Load(path, text);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(load.Diagnostics);
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        if (load.HasErrors || load.Root is null) return new RenamedDefinition(null, empty, diagnostics.Items);

        // A workflow resource may leave out the version line (Heat allows it); every cut document carries one.
        var document = DslParser.Parse(load.Root, diagnostics, DslParseOptions.HeatDefinition);
        if (document is null || diagnostics.HasErrors) return new RenamedDefinition(null, empty, diagnostics.Items);

        var names = document.Workflows.ToDictionary(w => w.Name, w => newName(w.Name), StringComparer.Ordinal);
        var edits = new List<(int Start, int End, string Replacement)>();
        foreach (var workflow in document.Workflows)
        {
            edits.Add(KeyEdit(workflow.NameSpan, text, names[workflow.Name]));
            foreach (var task in workflow.Tasks)
            {
                if (task.Workflow is not { } callee || !names.TryGetValue(callee, out var renamed)) continue;
                if (task.Node["workflow"] is YamlScalar call && call.Value.StartsWith(callee, StringComparison.Ordinal))
                {
                    var span = call.SpanOf(0, callee.Length);
                    edits.Add((span.Start.Offset, span.End.Offset, renamed));
                }
            }
        }
        var rewritten = Splice(text, edits);
        return new RenamedDefinition(rewritten, names, diagnostics.Items, SplitWorkflows(path, rewritten));
    }

    /// <summary>One text per top-level workflow, each with the version line, cut from the text as written.</summary>
    private static Dictionary<string, string> SplitWorkflows(string path, string text)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlLoader.Load(path, text).Root is not YamlMapping root) return documents;
        foreach (var entry in root.Entries)
        {
            if (entry.KeyText is not { } name || name == "version") continue;
            var start = entry.Key.Span.Start.Offset;
            var end = entry.Value.Span.End.Offset;
            documents[name] = "version: '2.0'\n" + text.Substring(start, end - start).TrimEnd() + "\n";
        }
        return documents;
    }

    /// <summary>A quoted key keeps its quotes: only the characters of the name are replaced.</summary>
    private static (int, int, string) KeyEdit(SourceSpan keySpan, string text, string replacement)
    {
        var start = keySpan.Start.Offset;
        var end = keySpan.End.Offset;
        if (end - start >= 2 && (text[start] == '\'' || text[start] == '"') && text[end - 1] == text[start])
        {
            start++;
            end--;
        }
        return (start, end, replacement);
    }

    private static string Splice(string text, List<(int Start, int End, string Replacement)> edits)
    {
        var builder = new StringBuilder(text.Length + edits.Count * 32);
        var position = 0;
        foreach (var (start, end, replacement) in edits.OrderBy(e => e.Start))
        {
            if (start < position) continue; // overlapping edits cannot happen for distinct keys and values; be safe
            builder.Append(text, position, start - position).Append(replacement);
            position = end;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }
}
