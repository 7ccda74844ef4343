using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators.Model;

/// <summary>
/// A Mistral DSL file of its own: a static class with the definition text, each workflow's and action's name and
/// input record. A file a template reads with get_file (<see cref="ReadByTemplate"/>) leaves its input records to that
/// template's stack class, where the resource's <c>input</c> is known, so each workflow has one input record.
/// </summary>
public sealed record DslFileSpec(
    string Namespace,
    string ClassName,
    string DefinitionFile,
    string DefinitionText,
    string DocumentKind,
    EquatableArray<WorkflowSpec> Workflows,
    EquatableArray<WorkflowSpec> Actions,
    bool ReadByTemplate = false);

/// <summary>What one YAML file gives: source to add (at most one of the specs) and diagnostics.</summary>
public sealed record FileResult(
    string Path,
    string HintName,
    StackSpec? Stack,
    DslFileSpec? Dsl,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasSource => Stack is not null || Dsl is not null;
}
