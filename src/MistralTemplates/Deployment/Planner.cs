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
                ? ExternalResourceRules(Compare(current, resource, schemaOf(resource.Type)), current, resource)
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

    /// <summary>
    /// OS::Mistral::ExternalResource decides more than its schema says, as Heat does: a change to an input named in
    /// <c>replace_on_change_inputs</c> replaces the resource instead of running UPDATE, and <c>always_update</c> runs
    /// UPDATE on every deploy, changed or not.
    /// </summary>
    private static PlannedChange ExternalResourceRules(PlannedChange change, DeployedResource current, DesiredResource wanted)
    {
        if (wanted.Type != ResourceSchemas.ExternalResourceType || current.Type != wanted.Type || change.Kind == ChangeKind.Replace)
            return change;
        var oldInput = current.Properties["input"] as JsonObject;
        var newInput = wanted.Properties["input"] as JsonObject;
        var replacing = (wanted.Properties["replace_on_change_inputs"] as JsonArray ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var name) ? name : null).OfType<string>()
            .Where(name => !JsonNode.DeepEquals(oldInput?[name], newInput?[name]))
            .Distinct(StringComparer.Ordinal).ToList();
        if (replacing.Count > 0)
            return change with
            {
                Kind = ChangeKind.Replace,
                Differences = change.Differences.Select(d => d.Property == "input" ? d with { ForcesReplacement = true } : d).ToList(),
                Reason = $"input {Describe(replacing)} changed and {(replacing.Count == 1 ? "is" : "are")} listed in replace_on_change_inputs",
            };
        if (change.Kind == ChangeKind.NoChange && IsTrue(wanted.Properties["always_update"]))
            return change with { Kind = ChangeKind.Update, Reason = "always_update is set: its UPDATE workflow runs on every deploy" };
        return change;
    }

    /// <summary>A Heat boolean: true, or a string Heat reads as true.</summary>
    private static bool IsTrue(JsonNode? value) => value is JsonValue v &&
        (v.TryGetValue<bool>(out var flag) ? flag
            : v.TryGetValue<string>(out var text) && text.ToLowerInvariant() is "true" or "t" or "yes" or "y" or "on" or "1");

    /// <summary>A property the schema does not know is treated as replacing: never update what cannot be checked.</summary>
    private static bool CanUpdateInPlace(ResourceSchema? schema, string property) =>
        schema?.Properties.FirstOrDefault(p => p.Name == property) is { UpdateAllowed: true };

    private static string Describe(IReadOnlyList<string> properties) =>
        properties.Count == 1 ? $"'{properties[0]}'" : string.Join(", ", properties.Take(properties.Count - 1).Select(p => $"'{p}'")) + $" and '{properties[^1]}'";
}
