using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Resources;

namespace MistralTemplates.Deployment;

/// <summary>
/// Compares what the template says with what is deployed and decides, per resource, create, update in place,
/// replace or delete, with the reason in words. Which properties can change in place comes from the resource
/// types' schemas (Heat's update_allowed), the same schemas the compiler checks templates with.
/// </summary>
public static class Planner
{
    public static DeploymentPlan Plan(string stackName, IReadOnlyList<DesiredResource> desired, IReadOnlyList<DeployedResource> deployed,
        Func<string, ResourceSchema?>? schemaOf = null)
    {
        schemaOf ??= ResourceSchemas.Find;
        var before = deployed.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var changes = new List<PlannedChange>();
        foreach (var resource in desired)
        {
            changes.Add(before.TryGetValue(resource.Name, out var current)
                ? Compare(current, resource, schemaOf(resource.Type))
                : new PlannedChange(resource.Name, resource.Type, ChangeKind.Create, [], "not deployed yet"));
        }
        var wanted = desired.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in deployed.Where(r => !wanted.Contains(r.Name)))
            changes.Add(new PlannedChange(gone.Name, gone.Type, ChangeKind.Delete, [], "no longer in the template (or its condition is false)"));
        return new DeploymentPlan(stackName, changes);
    }

    private static PlannedChange Compare(DeployedResource current, DesiredResource wanted, ResourceSchema? schema)
    {
        if (current.Type != wanted.Type)
            return new PlannedChange(wanted.Name, wanted.Type, ChangeKind.Replace, [],
                $"its type changed from {current.Type} to {wanted.Type}");

        var differences = new List<PropertyDifference>();
        foreach (var property in current.Properties.Select(p => p.Key).Union(wanted.Properties.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
        {
            var oldValue = current.Properties[property];
            var newValue = wanted.Properties[property];
            if (JsonNode.DeepEquals(oldValue, newValue)) continue;
            differences.Add(new PropertyDifference(property, oldValue?.DeepClone(), newValue?.DeepClone(), !CanUpdateInPlace(schema, property)));
        }

        if (differences.Count == 0)
            return new PlannedChange(wanted.Name, wanted.Type, ChangeKind.NoChange, [], "unchanged");
        var forcing = differences.Where(d => d.ForcesReplacement).Select(d => d.Property).ToList();
        return forcing.Count > 0
            ? new PlannedChange(wanted.Name, wanted.Type, ChangeKind.Replace, differences,
                $"{Describe(forcing)} changed and cannot be updated in place")
            : new PlannedChange(wanted.Name, wanted.Type, ChangeKind.Update, differences,
                $"{Describe(differences.Select(d => d.Property).ToList())} changed");
    }

    /// <summary>A property the schema does not know is treated as replacing: never update what cannot be checked.</summary>
    private static bool CanUpdateInPlace(ResourceSchema? schema, string property) =>
        schema?.Properties.FirstOrDefault(p => p.Name == property) is { UpdateAllowed: true };

    private static string Describe(IReadOnlyList<string> properties) =>
        properties.Count == 1 ? $"'{properties[0]}'" : string.Join(", ", properties.Take(properties.Count - 1).Select(p => $"'{p}'")) + $" and '{properties[^1]}'";
}
