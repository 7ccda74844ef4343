using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// OS::Mistral::ExternalResource. Its action keys and their {workflow, params} shape come from the
/// schema; this adds what the schema cannot say: <c>replace_on_change_inputs</c> must name inputs, and
/// the resource's <c>input</c> must suit every action workflow of this stack, since Mistral starts each
/// of them with that whole input.
/// </summary>
public sealed class ExternalResourceChecker : ResourceCheckerBase
{
    public ExternalResourceChecker() : base(ResourceSchemas.ExternalResourceType, order: 10)
    {
    }

    public override void Check(ResourceCheckContext context)
    {
        var properties = context.Resource.Properties;
        if (properties is null) return;
        var input = properties["input"];
        if (input is not null and not YamlScalar { IsNull: true } && TemplateValues.LiteralEntries(input) is null)
            return; // computed input: its keys are known only at deploy time
        var entries = TemplateValues.LiteralEntries(input) ?? Array.Empty<YamlEntry>();
        CheckReplaceOnChange(properties, entries, context.Diagnostics);
        CheckActionInputs(properties, entries, context);
    }

    private static void CheckReplaceOnChange(YamlMapping properties, IReadOnlyList<YamlEntry> entries, DiagnosticBag diagnostics)
    {
        if (properties["replace_on_change_inputs"] is not YamlSequence names) return;
        var keys = entries.Select(e => e.KeyText).OfType<string>().ToList();
        foreach (var item in names.Items)
            if (item is YamlScalar { IsNull: false } name && !TemplateValues.IsFunctionCall(item) && !keys.Contains(name.Value))
                diagnostics.Add(DiagnosticCatalog.ReplaceOnChangeNotAnInput, name.Span, name.Value, TemplateValues.List(keys));
    }

    /// <summary>
    /// Each action whose workflow is one of this stack's (named through available_workflows, get_resource or
    /// its name) gets the resource's input: every key must be one of its inputs and every required input
    /// must be there. A workflow several actions run is checked once.
    /// </summary>
    private static void CheckActionInputs(YamlMapping properties, IReadOnlyList<YamlEntry> entries, ResourceCheckContext context)
    {
        if (TemplateValues.LiteralEntries(properties["actions"]) is not { } actions) return;
        var inputKey = properties.GetEntry("input")?.Key;
        var checkedWorkflows = new HashSet<(string Resource, string Workflow)>();
        foreach (var action in actions)
        {
            if (action.KeyText is not { } actionName || action.Value is not YamlMapping step || TemplateValues.IsFunctionCall(step)) continue;
            var workflowNode = step["workflow"];
            if (StackWorkflows.Resolve(workflowNode, context.Resources) is not { } target) continue;
            if (!checkedWorkflows.Add((target.Resource.Name, target.Workflow.Name))) continue;
            var supplied = new HashSet<string>(StringComparer.Ordinal);
            WorkflowInputCheck.CheckKeys(target.Workflow, entries, supplied, DiagnosticCatalog.ExternalInputNotDeclared,
                context.Diagnostics, actionName);
            WorkflowInputCheck.CheckRequired(target.Workflow, supplied, inputKey?.Span ?? workflowNode!.Span,
                DiagnosticCatalog.ExternalRequiredInputMissing, context.Diagnostics, actionName);
        }
    }
}
