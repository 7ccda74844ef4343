using System.Linq;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators.Model;

/// <summary>A file embedded in generated code: the get_file reference as written and its text.</summary>
public sealed record EmbeddedFile(string Reference, string Text);

/// <summary>
/// Everything the emitter needs to write the stack class of one HOT template. <see cref="DefaultStackName"/> is the
/// name a deploy uses when given none: the template's file name, made a valid Heat stack name. A template with
/// <see cref="Errors"/> still gets the shape that could be read, and a class that refuses to be instantiated.
/// </summary>
public sealed record StackSpec(
    string Namespace,
    string ClassName,
    string ParametersClassName,
    string OutputsClassName,
    string TemplateFile,
    string DefaultStackName,
    string TemplateText,
    string? Description,
    EquatableArray<EmbeddedFile> Files,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<ResourceSpec> Resources,
    EquatableArray<OutputSpec> Outputs,
    EquatableArray<string> Errors)
{
    /// <summary>The template has errors: its class exists so user code compiles, but it must never deploy.</summary>
    public bool HasErrors => !Errors.IsEmpty;

    /// <summary>The constructor demands parameters when one of them has no default.</summary>
    public bool ParametersRequired => Parameters.Any(p => !p.HasDefault);
}

/// <summary>The C# shapes of HOT parameter types.</summary>
public enum ParameterKind
{
    String,
    Number,
    Boolean,
    CommaDelimitedList,
    Json,
}

/// <summary>
/// A template parameter. <see cref="DefaultText"/> holds a string, a number in invariant form, "true"/"false"
/// or JSON text, by <see cref="Kind"/>; a list default is in <see cref="DefaultItems"/>.
/// </summary>
public sealed record ParameterSpec(
    string Name,
    string PropertyName,
    ParameterKind Kind,
    bool HasDefault,
    string? DefaultText,
    EquatableArray<string> DefaultItems,
    string? Label,
    string? Description,
    bool Hidden,
    bool HasConstraints);

/// <summary>The runtime base class a resource derives from.</summary>
public enum ResourceKind
{
    Workflow,
    CronTrigger,
    ExternalResource,
    Alarm,
    Generic,
}

public sealed record ResourceSpec(
    string Name,
    string Type,
    string PropertyName,
    string ClassName,
    ResourceKind Kind,
    string? AvailableWorkflowsClassName,
    EquatableArray<WorkflowSpec> Workflows);

/// <summary>A workflow (or ad-hoc action) and the record typing its input.</summary>
public sealed record WorkflowSpec(
    string Name,
    string PropertyName,
    string InputClassName,
    string? Description,
    EquatableArray<InputSpec> Inputs)
{
    /// <summary>A start must give an input: one of them has no default.</summary>
    public bool RequiresInput => Inputs.Any(i => !i.HasDefault);
}

/// <summary>
/// The C# type of a workflow input, from its DSL default; <see cref="Json"/> when the DSL gives none to go by.
/// (The language library's property types are not used: models hold no language-library types.)
/// </summary>
public enum InputType
{
    Json,
    String,
    Integer,
    Number,
    Boolean,
    List,
    Map,
}

/// <summary>An input of a workflow; <see cref="DefaultJson"/> is the default (the DSL's or the resource's) as JSON, for documentation.</summary>
public sealed record InputSpec(string Name, string PropertyName, bool HasDefault, string? DefaultJson, InputType Type = InputType.Json);

/// <summary>The C# type of a deferred value: an output or an attribute.</summary>
public enum ValueKind
{
    Json,
    String,
    Uri,
    Executions,
    WorkflowNames,
    Timestamp,
    Integer,
}

public sealed record OutputSpec(string Name, string PropertyName, string? Description, ValueKind Kind);
