using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Hot;
using MistralTemplates.State;

namespace MistralTemplates.Deployment;

/// <summary>Which resource of a stack has to wait for which, to be applied and to be deleted.</summary>
internal static class ResourceGraph
{
    private const string CronTriggerType = "OS::Mistral::CronTrigger";
    private const string WorkflowType = "OS::Mistral::Workflow";

    /// <summary>
    /// What each resource waits for before it is applied: what it refers to (depends_on, get_resource, get_attr), and
    /// for a cron trigger that names a workflow of the stack as a plain string, the workflow resource that registers
    /// it (Mistral refuses a trigger on a workflow it does not have yet).
    /// </summary>
    /// <param name="evaluate">The resource's properties as far as they are known before anything is applied.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ForApply(string stackName, IReadOnlyList<HotResource> resources,
        Func<HotResource, JsonObject> evaluate)
    {
        var workflows = resources.Where(r => r.Type == WorkflowType).Select(r => r.Name).ToList();
        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var waitsFor = resource.References.Select(r => r.Name).ToList();
            if (resource.Type == CronTriggerType && TriggerWorkflowName(evaluate(resource)) is { } workflow)
                waitsFor.AddRange(workflows.Where(w => workflow.StartsWith(stackName + "." + w + ".", StringComparison.Ordinal)));
            graph[resource.Name] = waitsFor.Distinct(StringComparer.Ordinal).ToList();
        }
        return graph;
    }

    /// <summary>
    /// What each of <paramref name="names"/> waits for before it is deleted: the resources recorded as depending on it,
    /// and the cron triggers that run one of its workflows however they named it (Mistral refuses to delete a
    /// workflow a trigger uses), or whose create was never confirmed. The old template is not at hand, so this comes from the record alone.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ForDelete(StackRecord record, IReadOnlyCollection<string> names)
    {
        var graph = names.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var dependent in names)
        {
            var recorded = record.Resources[dependent];
            foreach (var dependency in recorded.DependsOn)
                if (graph.TryGetValue(dependency, out var waiting)) waiting.Add(dependent);
            if (recorded.Type != CronTriggerType) continue;
            // A trigger whose create was sent but never answered has no properties recorded: which workflow it runs is
            // not known, so it goes before every workflow of the stack.
            var workflow = EvaluatedValues.FromElement(recorded.Properties) is JsonObject properties ? TriggerWorkflowName(properties) : null;
            if (workflow is null && recorded.Properties is not null) continue;
            foreach (var name in names)
            {
                var owner = record.Resources[name];
                if (owner.Type == WorkflowType && (workflow is null || owner.Workflows.Contains(workflow) ||
                    workflow.StartsWith(record.StackName + "." + name + ".", StringComparison.Ordinal)))
                    graph[name].Add(dependent);
            }
        }
        return graph.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The workflow a trigger's <c>workflow</c> property names, as <c>{name, input}</c> or a plain name.</summary>
    private static string? TriggerWorkflowName(JsonObject properties) => properties["workflow"] switch
    {
        JsonValue plain when plain.TryGetValue<string>(out var name) => name,
        JsonObject map when map["name"] is JsonValue value && value.TryGetValue<string>(out var name) => name,
        _ => null,
    };
}
