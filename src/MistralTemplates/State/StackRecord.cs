using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.Json;

namespace MistralTemplates.State;

/// <summary>
/// What is known about one deployed stack: which template and parameters it was deployed from, where it stands,
/// and every resource it holds. The deploy engine writes a new version after every step, so a run that was killed
/// can be resumed from the last one. Serialised with <see cref="StackStateJsonContext"/> (snake_case keys).
/// </summary>
/// <remarks>
/// Immutable: change it with <c>with</c> and the <c>With…</c> helpers. JSON values are <see cref="JsonElement"/>s,
/// which cannot be changed after the fact; compare them with <see cref="JsonElement.DeepEquals"/>.
/// </remarks>
public sealed record StackRecord
{
    public required string StackName { get; init; }

    /// <summary>Made once, at the first deploy; Heat's <c>OS::stack_id</c>.</summary>
    public required Guid StackId { get; init; }

    /// <summary>
    /// 1 for the first write, one more for each later one. A store accepts a record only when the version it holds
    /// is this one minus one (<see cref="StackStateConflictException"/> otherwise).
    /// </summary>
    public int Version { get; init; } = 1;

    /// <summary>The template's path, as the generator saw it.</summary>
    public required string TemplatePath { get; init; }

    /// <summary><see cref="State.TemplateHash"/> of the template text and its get_file contents.</summary>
    public required string TemplateHash { get; init; }

    /// <summary>The parameter values the stack was deployed with (defaults included), by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = ImmutableDictionary<string, JsonElement>.Empty;

    public LifecycleStatus Status { get; init; }

    /// <summary>Why the stack is in its status: the failure for a <c>…_FAILED</c> status.</summary>
    public string? StatusReason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The template's outputs as last evaluated, by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Outputs { get; init; } = ImmutableDictionary<string, JsonElement>.Empty;

    /// <summary>
    /// Keys the stack's signal URLs (a workflow's <c>alarm_url</c>): 32 random bytes, base64url. Made at the first
    /// deploy and kept by later ones; destroying the stack makes every URL it signed fail.
    /// </summary>
    public string? SignalSecret { get; init; }

    /// <summary>The base URL signal URLs are handed out with (where <c>serve</c> is reached).</summary>
    public string? PublicUrl { get; init; }

    /// <summary>The resources the stack holds (or was creating), by their name in the template.</summary>
    public IReadOnlyDictionary<string, ResourceRecord> Resources { get; init; } = ImmutableDictionary<string, ResourceRecord>.Empty;

    /// <summary>This record with <paramref name="name"/> added or replaced; the other resources keep their order.</summary>
    public StackRecord WithResource(string name, ResourceRecord resource)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(resource);
        var resources = new Dictionary<string, ResourceRecord>(Resources, StringComparer.Ordinal) { [name] = resource };
        return this with { Resources = resources };
    }

    /// <summary>This record without <paramref name="name"/>.</summary>
    public StackRecord WithoutResource(string name)
    {
        var resources = new Dictionary<string, ResourceRecord>(Resources.Count, StringComparer.Ordinal);
        foreach (var (key, value) in Resources)
            if (key != name) resources.Add(key, value);
        return this with { Resources = resources };
    }

    /// <summary>This record as the next version to save.</summary>
    public StackRecord NextVersion() => this with { Version = Version + 1 };
}

/// <summary>One resource of a stack, as the deploy engine left it.</summary>
public sealed record ResourceRecord
{
    /// <summary>The resource type, e.g. <c>OS::Mistral::Workflow</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The id the service knows it by (a workflow's or trigger's name, an execution id); null until created.</summary>
    public string? PhysicalId { get; init; }

    public LifecycleStatus Status { get; init; }

    public string? StatusReason { get; init; }

    /// <summary>The evaluated properties it was created or last updated with, so a later plan can tell what changed.</summary>
    public JsonElement? Properties { get; init; }

    /// <summary>
    /// The resources it depended on when it was written. A resource removed from the template is deleted in the
    /// order these give, since the old template is no longer at hand.
    /// </summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Attribute values read from the service, by attribute name (a cache; the service has the truth).</summary>
    public IReadOnlyDictionary<string, JsonElement> Attributes { get; init; } = ImmutableDictionary<string, JsonElement>.Empty;

    /// <summary>The executions started through this resource, oldest first.</summary>
    public IReadOnlyList<string> ExecutionIds { get; init; } = [];

    /// <summary>For a workflow resource: the full names of the workflows it registered (<c>stack.resource.workflow</c>).</summary>
    public IReadOnlyList<string> Workflows { get; init; } = [];

    /// <summary>Anything else the resource type keeps between runs, by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Data { get; init; } = ImmutableDictionary<string, JsonElement>.Empty;

    public DateTimeOffset? UpdatedAt { get; init; }
}
