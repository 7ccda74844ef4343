using System.Collections.Generic;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// Answers the references a template makes to its resources. The deploy engine answers with physical ids and
/// attribute values; a planner may answer with <see cref="DeferredValue"/>s. Answers use the evaluation value
/// model: null, string, long, double, bool, lists and string-keyed mappings (other .NET collections and numbers
/// are converted).
/// </summary>
public interface IResourceReferenceResolver
{
    /// <summary><c>get_resource: name</c>: the resource's reference id (for a Mistral workflow, its name).</summary>
    object? GetResource(string name);

    /// <summary>
    /// <c>get_attr: [resource, attribute, path...]</c>. The path items are strings or integers as the template
    /// wrote them; <see cref="AttributePath.Select"/> applies them as Heat does.
    /// </summary>
    object? GetAttribute(string resource, string attribute, IReadOnlyList<object?> path);

    /// <summary><c>get_attr: [resource]</c> (2015-10-15 and later): every attribute of the resource, as a mapping.</summary>
    object? GetAllAttributes(string resource);
}

/// <summary>A resolver for planning: every reference is a <see cref="DeferredValue"/> naming it.</summary>
public sealed class DeferringResolver : IResourceReferenceResolver
{
    public static DeferringResolver Instance { get; } = new();

    public object? GetResource(string name) => new DeferredValue("get_resource " + name);

    public object? GetAttribute(string resource, string attribute, IReadOnlyList<object?> path)
    {
        var text = "get_attr " + resource + " " + attribute;
        foreach (var item in path) text += " " + PythonText.Str(item);
        return new DeferredValue(text);
    }

    public object? GetAllAttributes(string resource) => new DeferredValue("get_attr " + resource);
}
