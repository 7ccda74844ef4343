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

/// <summary>Every change a deploy would make, in the template's resource order.</summary>
public sealed record DeploymentPlan(string StackName, IReadOnlyList<PlannedChange> Changes)
{
    public bool HasChanges => Changes.Any(c => c.Kind != ChangeKind.NoChange);

    public IEnumerable<PlannedChange> OfKind(ChangeKind kind) => Changes.Where(c => c.Kind == kind);
}

/// <summary>A resource as the template now describes it, its properties evaluated.</summary>
public sealed record DesiredResource(string Name, string Type, JsonObject Properties);

/// <summary>A resource as it was deployed, with the properties it was deployed with.</summary>
public sealed record DeployedResource(string Name, string Type, JsonObject Properties);
