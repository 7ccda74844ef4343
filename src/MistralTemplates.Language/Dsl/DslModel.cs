using System.Collections.Generic;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

public enum DslDocumentKind
{
    /// <summary><c>version: '2.0'</c> followed by one or more workflows (POST /v2/workflows).</summary>
    Workflows,

    /// <summary>A workbook: <c>name</c>, <c>workflows</c>, <c>actions</c> (POST /v2/workbooks).</summary>
    Workbook,

    /// <summary>Ad-hoc actions (POST /v2/actions).</summary>
    Actions,
}

public enum WorkflowType
{
    Direct,
    Reverse,
}

/// <summary>A parsed Mistral DSL v2 document. The YAML nodes stay reachable for the runtime's evaluation.</summary>
public sealed class DslDocument
{
    public DslDocument(DslDocumentKind kind, string? version, string? workbookName, IReadOnlyList<DslWorkflow> workflows,
        IReadOnlyList<DslAction> actions, SourceSpan span)
    {
        Kind = kind;
        Version = version;
        WorkbookName = workbookName;
        Workflows = workflows;
        Actions = actions;
        Span = span;
    }

    public DslDocumentKind Kind { get; }

    public string? Version { get; }

    public string? WorkbookName { get; }

    public IReadOnlyList<DslWorkflow> Workflows { get; }

    public IReadOnlyList<DslAction> Actions { get; }

    public SourceSpan Span { get; }
}

/// <summary>A workflow input: <c>- name</c> (required) or <c>- name: default</c> (optional).</summary>
public sealed class DslInput
{
    public DslInput(string name, SourceSpan span, YamlNode? defaultValue, bool hasDefault)
    {
        Name = name;
        Span = span;
        Default = defaultValue;
        HasDefault = hasDefault;
    }

    public string Name { get; }

    public SourceSpan Span { get; }

    /// <summary>The default value's node (a null scalar for <c>- name: null</c>); null when required.</summary>
    public YamlNode? Default { get; }

    public bool HasDefault { get; }
}

public sealed class DslWorkflow
{
    public DslWorkflow(string name, SourceSpan nameSpan, WorkflowType type, string? description, IReadOnlyList<DslInput> inputs,
        IReadOnlyList<DslTask> tasks, IReadOnlyList<string> tags, YamlMapping node)
    {
        Name = name;
        NameSpan = nameSpan;
        Type = type;
        Description = description;
        Inputs = inputs;
        Tasks = tasks;
        Tags = tags;
        Node = node;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    public WorkflowType Type { get; }

    public string? Description { get; }

    public IReadOnlyList<DslInput> Inputs { get; }

    public IReadOnlyList<DslTask> Tasks { get; }

    public IReadOnlyList<string> Tags { get; }

    /// <summary>The workflow's mapping (output, output-on-error, vars, task-defaults stay here for the runtime).</summary>
    public YamlMapping Node { get; }

    /// <summary>The <c>output</c> mapping, when given.</summary>
    public YamlNode? Output { get; init; }

    public YamlNode? OutputOnError { get; init; }

    public YamlNode? Vars { get; init; }

    /// <summary>What <c>task-defaults</c> (Heat: <c>task_defaults</c>) gives every task, when given.</summary>
    public DslTaskDefaults? TaskDefaults { get; init; }
}

/// <summary>A task name as written in <c>requires</c>, with its span.</summary>
public sealed record DslTaskReference(string Name, SourceSpan Span);

/// <summary>
/// One <c>key=value</c> of an inline call (<c>std.echo output='Hi' count=2</c>): the value as Mistral reads it
/// (quotes removed) and where the key and the value stand.
/// </summary>
public sealed record DslInlineParameter(string Name, string Value, SourceSpan NameSpan, SourceSpan ValueSpan, bool IsQuoted);

/// <summary>One <c>var in &lt;% $.list %&gt;</c> clause of <c>with-items</c>.</summary>
public sealed record DslWithItem(string Variable, string Source, SourceSpan Span);

/// <summary>The transitions and requirements of <c>task-defaults</c>; policies stay in <see cref="Node"/>.</summary>
public sealed class DslTaskDefaults
{
    public DslTaskDefaults(IReadOnlyList<DslTransition> onSuccess, IReadOnlyList<DslTransition> onError,
        IReadOnlyList<DslTransition> onComplete, IReadOnlyList<DslTransition> onSkip, IReadOnlyList<DslTaskReference> requires,
        YamlMapping node)
    {
        OnSuccess = onSuccess;
        OnError = onError;
        OnComplete = onComplete;
        OnSkip = onSkip;
        Requires = requires;
        Node = node;
    }

    public IReadOnlyList<DslTransition> OnSuccess { get; }

    public IReadOnlyList<DslTransition> OnError { get; }

    public IReadOnlyList<DslTransition> OnComplete { get; }

    public IReadOnlyList<DslTransition> OnSkip { get; }

    public IReadOnlyList<DslTaskReference> Requires { get; }

    public YamlMapping Node { get; }
}

/// <summary>A transition of on-success / on-error / on-complete: a task name or engine command, and an optional condition.</summary>
public sealed record DslTransition(string Target, SourceSpan Span, string? Condition, bool IsEngineCommand)
{
    /// <summary>Parameters of an engine command (<c>fail msg='Boom'</c>).</summary>
    public IReadOnlyList<DslInlineParameter> Parameters { get; init; } = new DslInlineParameter[0];
}

public sealed class DslTask
{
    public DslTask(string name, SourceSpan nameSpan, string? action, string? workflow, IReadOnlyList<DslTransition> onSuccess,
        IReadOnlyList<DslTransition> onError, IReadOnlyList<DslTransition> onComplete, IReadOnlyList<string> requires,
        YamlMapping node)
    {
        Name = name;
        NameSpan = nameSpan;
        Action = action;
        Workflow = workflow;
        OnSuccess = onSuccess;
        OnError = onError;
        OnComplete = onComplete;
        Requires = requires;
        Node = node;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    /// <summary>The action name without inline parameters (<c>std.echo</c> for <c>std.echo output='Hi'</c>).</summary>
    public string? Action { get; }

    /// <summary>The sub-workflow name, without inline parameters.</summary>
    public string? Workflow { get; }

    public IReadOnlyList<DslTransition> OnSuccess { get; }

    public IReadOnlyList<DslTransition> OnError { get; }

    public IReadOnlyList<DslTransition> OnComplete { get; }

    public IReadOnlyList<string> Requires { get; }

    /// <summary>The task's mapping: input, publish, with-items, retry and the rest stay here for the runtime.</summary>
    public YamlMapping Node { get; }

    public string? Description { get; init; }

    public IReadOnlyList<DslTransition> OnSkip { get; init; } = new DslTransition[0];

    /// <summary><see cref="Requires"/> with the span of each name.</summary>
    public IReadOnlyList<DslTaskReference> RequiredTasks { get; init; } = new DslTaskReference[0];

    /// <summary>The <c>key=value</c> parameters written after the action or workflow name.</summary>
    public IReadOnlyList<DslInlineParameter> InlineParameters { get; init; } = new DslInlineParameter[0];

    public IReadOnlyList<DslWithItem> WithItems { get; init; } = new DslWithItem[0];

    /// <summary><c>all</c>, <c>one</c> or a number, as written; null without <c>join</c>.</summary>
    public string? Join { get; init; }

    /// <summary>The <c>input</c> node: a mapping, or an expression string.</summary>
    public YamlNode? Input { get; init; }

    public YamlNode? Publish { get; init; }

    public YamlNode? PublishOnError { get; init; }
}

public sealed class DslAction
{
    public DslAction(string name, SourceSpan nameSpan, string? baseAction, IReadOnlyList<DslInput> inputs, YamlMapping node)
    {
        Name = name;
        NameSpan = nameSpan;
        Base = baseAction;
        Inputs = inputs;
        Node = node;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    public string? Base { get; }

    public IReadOnlyList<DslInput> Inputs { get; }

    public YamlMapping Node { get; }

    public string? Description { get; init; }

    /// <summary>The <c>key=value</c> parameters written after the base action's name.</summary>
    public IReadOnlyList<DslInlineParameter> BaseParameters { get; init; } = new DslInlineParameter[0];

    public YamlNode? BaseInput { get; init; }

    public YamlNode? Output { get; init; }
}

/// <summary>How a DSL document is read.</summary>
public sealed record DslParseOptions(bool VersionOptional = false, DslDocumentKind? ExpectedKind = null)
{
    public static DslParseOptions File { get; } = new();

    /// <summary>A Heat <c>definition</c>: <c>version</c> may be omitted and only workflows are allowed.</summary>
    public static DslParseOptions HeatDefinition { get; } = new(VersionOptional: true, ExpectedKind: DslDocumentKind.Workflows);
}
