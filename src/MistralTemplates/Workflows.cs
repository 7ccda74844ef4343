using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace MistralTemplates;

/// <summary>
/// A workflow of a workflow resource, typed by its input record: the short name the definition gives it and
/// the full name it is registered under in Mistral (<c>&lt;stack&gt;.&lt;resource&gt;.&lt;workflow&gt;</c>).
/// </summary>
public sealed class WorkflowHandle<TInput> where TInput : class
{
    public WorkflowHandle(MistralWorkflowResource resource, string shortName, string fullName)
    {
        ArgumentNullException.ThrowIfNull(resource);
        Resource = resource;
        ShortName = shortName;
        FullName = fullName;
    }

    public MistralWorkflowResource Resource { get; }

    public string ShortName { get; }

    public string FullName { get; }

    public override string ToString() => FullName;
}

/// <summary>
/// The <c>available_workflows</c> of a workflow resource: short name → full name. Generated subclasses add
/// one property per workflow.
/// </summary>
public abstract class WorkflowNameMap : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <param name="prefix">The full-name prefix, <c>&lt;stack&gt;.&lt;resource&gt;</c>.</param>
    /// <param name="shortNames">The workflows the definition declares.</param>
    protected WorkflowNameMap(string prefix, IEnumerable<string> shortNames)
    {
        foreach (var name in shortNames) _names[name] = FullNameOf(prefix, name);
    }

    /// <summary>The name Mistral registers a workflow of a resource under.</summary>
    public static string FullNameOf(string prefix, string shortName) => prefix + "." + shortName;

    public string this[string key] => _names[key];

    public IEnumerable<string> Keys => _names.Keys;

    public IEnumerable<string> Values => _names.Values;

    public int Count => _names.Count;

    public bool ContainsKey(string key) => _names.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _names.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _names.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One execution of a workflow, as Mistral reports it.</summary>
public sealed record WorkflowExecution(
    string Id,
    string WorkflowName,
    string State,
    string? StateInfo,
    JsonNode? Input,
    JsonNode? Output,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt);
