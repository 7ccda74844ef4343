using System;
using System.Collections.Generic;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>A workflow that a resource of this stack defines.</summary>
internal sealed record WorkflowTarget(HotResource Resource, DslWorkflow Workflow);

/// <summary>
/// Finds which of this stack's workflows a reference means, so triggers and external resources can be
/// checked against its inputs. References to workflows outside the stack resolve to nothing.
/// </summary>
internal static class StackWorkflows
{
    /// <summary>
    /// Resolves <c>{get_attr: [wf, available_workflows, name]}</c>, <c>{get_resource: wf}</c> (a workflow
    /// resource with one workflow), or a name: the short one, or the full one ending in <c>.resource.name</c>.
    /// </summary>
    public static WorkflowTarget? Resolve(YamlNode? reference, IReadOnlyDictionary<string, HotResource> resources)
    {
        if (TemplateValues.IsFunctionCall(reference, out var function, out var args))
        {
            switch (function)
            {
                case "get_attr" when args is YamlSequence { Count: 3 } seq
                                     && TemplateValues.TextOf(seq.Items[1]) == "available_workflows":
                    return FindIn(TemplateValues.TextOf(seq.Items[0]), TemplateValues.TextOf(seq.Items[2]), resources);
                case "get_resource":
                    var resource = WorkflowResource(TemplateValues.TextOf(args), resources);
                    return resource?.Definition is { Workflows.Count: 1 } d ? new WorkflowTarget(resource, d.Workflows[0]) : null;
                default:
                    return null;
            }
        }
        if (TemplateValues.TextOf(reference) is not { } name) return null;
        foreach (var resource in resources.Values)
        {
            if (resource.Type != ResourceSchemas.WorkflowType || resource.Definition is null) continue;
            foreach (var workflow in resource.Definition.Workflows)
                if (name == workflow.Name || name.EndsWith("." + resource.Name + "." + workflow.Name, StringComparison.Ordinal))
                    return new WorkflowTarget(resource, workflow);
        }
        return null;
    }

    private static WorkflowTarget? FindIn(string? resourceName, string? workflowName, IReadOnlyDictionary<string, HotResource> resources)
    {
        var resource = WorkflowResource(resourceName, resources);
        if (resource?.Definition is null || workflowName is null) return null;
        foreach (var workflow in resource.Definition.Workflows)
            if (workflow.Name == workflowName) return new WorkflowTarget(resource, workflow);
        return null;
    }

    private static HotResource? WorkflowResource(string? name, IReadOnlyDictionary<string, HotResource> resources) =>
        name is not null && resources.TryGetValue(name, out var r) && r.Type == ResourceSchemas.WorkflowType ? r : null;
}
