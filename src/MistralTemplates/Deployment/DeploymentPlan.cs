using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MistralTemplates.Deployment;

/// <summary>What a deploy does to one resource.</summary>
public enum ChangeKind
{
    NoChange,
    Create,
    /// <summary>Changed in place (a workflow definition is PUT).</summary>
    Update,
    /// <summary>Deleted and made again, because a changed property cannot be updated (every cron trigger property).</summary>
    Replace,
    Delete,
}

/// <summary>One property whose value differs between what is deployed and what the template now says.</summary>
public sealed record PropertyDifference(string Property, JsonNode? Before, JsonNode? After, bool ForcesReplacement);

/// <summary>The change to one resource and why: which properties differ, and which of them force a replacement.</summary>
public sealed record PlannedChange(string Resource, string Type, ChangeKind Kind, IReadOnlyList<PropertyDifference> Differences, string Reason);

/// <summary>An output whose value a deploy changes: <see cref="Before"/> null for a new one, <see cref="After"/> null for one no longer given.</summary>
public sealed record OutputChange(string Output, JsonNode? Before, JsonNode? After);

/// <summary>Every change a deploy would make, in the template's resource order.</summary>
public sealed record DeploymentPlan(string StackName, IReadOnlyList<PlannedChange> Changes)
{
    /// <summary>
    /// The stack's outputs whose value differs from the recorded one, as far as it is known before the deploy (an
    /// output read from a resource the deploy changes is evaluated again after it).
    /// </summary>
    public IReadOnlyList<OutputChange> OutputChanges { get; init; } = [];

    /// <summary>The parameters whose value differs from the one the stack was last deployed with, by name.</summary>
    public IReadOnlyList<string> ChangedParameters { get; init; } = [];

    /// <summary>Whether a deploy writes anything: a resource, an output or a parameter changes.</summary>
    public bool HasChanges => HasResourceChanges || OutputChanges.Count > 0 || ChangedParameters.Count > 0;

    /// <summary>Whether a resource is created, changed or deleted.</summary>
    public bool HasResourceChanges => Changes.Any(c => c.Kind != ChangeKind.NoChange);

    public IEnumerable<PlannedChange> OfKind(ChangeKind kind) => Changes.Where(c => c.Kind == kind);
}

/// <summary>A resource as the template now describes it, its properties evaluated.</summary>
public sealed record DesiredResource(string Name, string Type, JsonObject Properties);

/// <summary>A resource as it was deployed, with the properties it was deployed with.</summary>
public sealed record DeployedResource(string Name, string Type, JsonObject Properties);
