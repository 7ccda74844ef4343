using System.Collections.Generic;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public enum HotParameterType
{
    String,
    Number,
    Json,
    CommaDelimitedList,
    Boolean,
}

/// <summary>A parsed HOT template. Property and output values stay YAML nodes: their evaluation belongs to the runtime.</summary>
public sealed class HotTemplate
{
    public HotTemplate(string path, HotVersion version, string? description, IReadOnlyList<HotParameter> parameters,
        IReadOnlyList<HotResource> resources, IReadOnlyList<HotOutput> outputs, IReadOnlyList<HotCondition> conditions,
        YamlMapping root)
    {
        Path = path;
        Version = version;
        Description = description;
        Parameters = parameters;
        Resources = resources;
        Outputs = outputs;
        Conditions = conditions;
        Root = root;
    }

    public string Path { get; }

    public HotVersion Version { get; }

    public string? Description { get; }

    public IReadOnlyList<HotParameter> Parameters { get; }

    public IReadOnlyList<HotResource> Resources { get; }

    public IReadOnlyList<HotOutput> Outputs { get; }

    public IReadOnlyList<HotCondition> Conditions { get; }

    public YamlMapping Root { get; }

    /// <summary>The parameter groups, in template order.</summary>
    public IReadOnlyList<HotParameterGroup> ParameterGroups { get; internal set; } = new HotParameterGroup[0];

    /// <summary>The get_file targets the template read: reference as written → text.</summary>
    public IReadOnlyDictionary<string, string> ReferencedFiles { get; internal set; } = new Dictionary<string, string>();
}

/// <summary>An entry of <c>parameter_groups</c>: a label and the parameters it shows together.</summary>
public sealed record HotParameterGroup(string? Label, string? Description, IReadOnlyList<HotReference> Parameters);

/// <summary>A <c>heat_template_version</c>: its date (2013-05-23 ... 2021-04-16) and the alias it was written as, if any.</summary>
public sealed record HotVersion(string Date, string? Alias, SourceSpan Span);

public sealed class HotParameter
{
    public HotParameter(string name, SourceSpan nameSpan, HotParameterType type, YamlNode? defaultValue, string? label,
        string? description, bool hidden, bool immutable, IReadOnlyList<ParameterConstraint> constraints)
    {
        Name = name;
        NameSpan = nameSpan;
        Type = type;
        Default = defaultValue;
        Label = label;
        Description = description;
        Hidden = hidden;
        Immutable = immutable;
        Constraints = constraints;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    public HotParameterType Type { get; }

    public YamlNode? Default { get; }

    public string? Label { get; }

    public string? Description { get; }

    public bool Hidden { get; }

    public bool Immutable { get; }

    public IReadOnlyList<ParameterConstraint> Constraints { get; }

    /// <summary>The <c>tags</c> of the parameter (2018-03-02 and later).</summary>
    public IReadOnlyList<string> Tags { get; internal set; } = new string[0];
}

public sealed class HotResource
{
    public HotResource(string name, SourceSpan nameSpan, string type, SourceSpan typeSpan, YamlMapping? properties,
        IReadOnlyList<HotReference> dependsOn, string? condition, string? deletionPolicy, YamlMapping node)
    {
        Name = name;
        NameSpan = nameSpan;
        Type = type;
        TypeSpan = typeSpan;
        Properties = properties;
        DependsOn = dependsOn;
        Condition = condition;
        DeletionPolicy = deletionPolicy;
        Node = node;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    public string Type { get; }

    public SourceSpan TypeSpan { get; }

    public YamlMapping? Properties { get; }

    public IReadOnlyList<HotReference> DependsOn { get; }

    public string? Condition { get; }

    public string? DeletionPolicy { get; }

    public YamlMapping Node { get; }

    /// <summary>The schema of <see cref="Type"/>, or null for a type this product does not know.</summary>
    public ResourceSchema? Schema => ResourceSchemas.Find(Type);

    /// <summary>
    /// For OS::Mistral::Workflow: the DSL its <c>definition</c> (or structured form) declares, once checked.
    /// </summary>
    public DslDocument? Definition { get; internal set; }

    /// <summary>
    /// The resources this one needs before it: depends_on, and every get_resource and get_attr in its properties.
    /// The deploy engine orders resources by them.
    /// </summary>
    public IReadOnlyList<HotReference> References { get; internal set; } = new HotReference[0];
}

/// <summary>A name used somewhere (depends_on, get_resource, get_param ...) and where.</summary>
public sealed record HotReference(string Name, SourceSpan Span);

public sealed class HotOutput
{
    public HotOutput(string name, SourceSpan nameSpan, string? description, YamlNode? value, string? condition)
    {
        Name = name;
        NameSpan = nameSpan;
        Description = description;
        Value = value;
        Condition = condition;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    public string? Description { get; }

    public YamlNode? Value { get; }

    public string? Condition { get; }
}

public sealed class HotCondition
{
    public HotCondition(string name, SourceSpan nameSpan, YamlNode definition)
    {
        Name = name;
        NameSpan = nameSpan;
        Definition = definition;
    }

    public string Name { get; }

    public SourceSpan NameSpan { get; }

    public YamlNode Definition { get; }
}
