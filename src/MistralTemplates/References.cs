using System;
using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates;

/// <summary>
/// A value known only once the stack exists: an attribute of a resource, optionally with a path into it
/// (as in <c>get_attr: [resource, attribute, key]</c>). The runtime resolves it.
/// </summary>
public sealed record AttributeReference<T>
{
    public AttributeReference(string stackName, string resourceName, string attribute, IReadOnlyList<string>? path = null)
    {
        StackName = stackName;
        ResourceName = resourceName;
        Attribute = attribute;
        Path = path ?? Array.Empty<string>();
    }

    public string StackName { get; }

    public string ResourceName { get; }

    public string Attribute { get; }

    public IReadOnlyList<string> Path { get; }

    /// <summary>The reference in template form: <c>get_attr: [resource, attribute, path...]</c>.</summary>
    public override string ToString() =>
        $"get_attr: [{string.Join(", ", new[] { ResourceName, Attribute }.Concat(Path))}]";

    public bool Equals(AttributeReference<T>? other) =>
        other is not null && StackName == other.StackName && ResourceName == other.ResourceName &&
        Attribute == other.Attribute && Path.SequenceEqual(other.Path);

    public override int GetHashCode() => HashCode.Combine(StackName, ResourceName, Attribute, string.Join("/", Path));
}

/// <summary>A template output, known once the stack exists. The runtime resolves it.</summary>
public sealed record OutputReference<T>(string StackName, string OutputName)
{
    /// <summary>A short description of the output, from the template.</summary>
    public string? Description { get; init; }

    public override string ToString() => $"outputs.{OutputName}";
}
