using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Deployment;

/// <summary>
/// Answers get_resource and get_attr from what is deployed: physical ids from the record, attribute values from a
/// cache the engine fills (asynchronously, from the providers) before it evaluates a resource. What is not there yet
/// (a resource still to be created, an attribute not fetched) is a <see cref="DeferredValue"/>, and every request is
/// remembered so the engine knows which attributes to fetch.
/// </summary>
internal sealed class ResourceReferences : IResourceReferenceResolver
{
    private readonly Func<string, string?> _physicalId;
    private readonly ConcurrentDictionary<(string Resource, string Attribute), JsonNode?> _attributes = new();
    private readonly ConcurrentDictionary<(string Resource, string Attribute), bool> _requested = new();

    public ResourceReferences(Func<string, string?> physicalId) => _physicalId = physicalId;

    public IEnumerable<(string Resource, string Attribute)> Requested => _requested.Keys;

    /// <summary>Starts a new record of what evaluations ask for, so only what the next ones need is fetched.</summary>
    public void ForgetRequests() => _requested.Clear();

    public bool Has(string resource, string attribute) => _attributes.ContainsKey((resource, attribute));

    public void Set(string resource, string attribute, JsonNode? value) => _attributes[(resource, attribute)] = value;

    /// <summary>Forgets what was read of a resource that just changed.</summary>
    public void Invalidate(string resource)
    {
        foreach (var key in _attributes.Keys)
            if (key.Resource == resource) _attributes.TryRemove(key, out _);
    }

    public object? GetResource(string name) =>
        _physicalId(name) is { } id ? id : DeferringResolver.Instance.GetResource(name);

    public object? GetAttribute(string resource, string attribute, IReadOnlyList<object?> path)
    {
        _requested[(resource, attribute)] = true;
        return _attributes.TryGetValue((resource, attribute), out var value)
            ? AttributePath.Select(EvaluatedValues.FromJson(value), path)
            : DeferringResolver.Instance.GetAttribute(resource, attribute, path);
    }

    public object? GetAllAttributes(string resource) => DeferringResolver.Instance.GetAllAttributes(resource);
}
