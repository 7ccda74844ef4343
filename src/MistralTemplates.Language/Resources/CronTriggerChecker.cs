using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Cron;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// OS::Mistral::CronTrigger: the schedule as Mistral checks it when the trigger is created (pattern,
/// first_time, count), the shape of <c>workflow</c>, and — when the workflow is one of this stack's —
/// that its input is complete and names only declared inputs.
/// </summary>
public sealed class CronTriggerChecker : ResourceCheckerBase
{
    public CronTriggerChecker() : base(ResourceSchemas.CronTriggerType, order: 10)
    {
    }

    public override void Check(ResourceCheckContext context)
    {
        var resource = context.Resource;
        var properties = resource.Properties;
        var diagnostics = context.Diagnostics;
        var pattern = properties?["pattern"];
        var firstTime = properties?["first_time"];
        var hasPattern = pattern is not null and not YamlScalar { IsNull: true };
        var hasFirstTime = firstTime is not null and not YamlScalar { IsNull: true };

        if (!hasPattern && !hasFirstTime)
            diagnostics.Add(DiagnosticCatalog.CronNoSchedule, resource.NameSpan, resource.Name);
        if (pattern is YamlScalar patternText) CheckPattern(patternText, diagnostics);
        if (firstTime is YamlScalar firstTimeText) CheckFirstTime(firstTimeText, diagnostics);
        if (properties?["count"] is YamlScalar count && count.TryGetInteger(out var n))
        {
            if (n < 1) diagnostics.Add(DiagnosticCatalog.CronCountTooSmall, count.Span, n);
            else if (n > 1 && !hasPattern && hasFirstTime) diagnostics.Add(DiagnosticCatalog.CronCountNeedsPattern, count.Span, n);
        }
        if (properties?.GetEntry("workflow") is { } workflow) CheckWorkflow(workflow.Value, context);
    }

    /// <summary>Reports a bad cron expression at the field that is wrong; shared with alarm time constraints.</summary>
    internal static void CheckPattern(YamlScalar pattern, DiagnosticBag diagnostics)
    {
        if (pattern.IsNull) return;
        if (CronPattern.Validate(pattern.Value) is { } error)
            diagnostics.Add(DiagnosticCatalog.CronPatternInvalid, pattern.SpanOf(error.Start, error.End), pattern.Value, error.Message);
    }

    private static void CheckFirstTime(YamlScalar firstTime, DiagnosticBag diagnostics)
    {
        if (firstTime.IsNull) return;
        if (!CronFirstTime.TryParse(firstTime.Value, out _))
            diagnostics.Add(DiagnosticCatalog.CronFirstTimeFormat, firstTime.Span, firstTime.Value);
    }

    private static void CheckWorkflow(YamlNode workflow, ResourceCheckContext context)
    {
        var diagnostics = context.Diagnostics;
        YamlNode nameNode;
        YamlEntry? inputEntry = null;
        switch (workflow)
        {
            case YamlScalar { Kind: YamlScalarKind.String }:
                nameNode = workflow;
                break;
            case YamlMapping when TemplateValues.IsFunctionCall(workflow, out var function, out _):
                // get_attr to available_workflows (the blueprint's form) names the workflow; other functions compute it.
                if (function is not ("get_attr" or "get_resource")) return;
                nameNode = workflow;
                break;
            case YamlMapping map:
                foreach (var entry in map.Entries)
                    if (entry.KeyText is not ("name" or "input"))
                        diagnostics.Add(DiagnosticCatalog.CronWorkflowUnknownKey, entry.Key.Span, entry.KeyText ?? entry.Key.Describe());
                inputEntry = map.GetEntry("input");
                var name = map["name"];
                if (name is null or YamlScalar { IsNull: true })
                {
                    diagnostics.Add(DiagnosticCatalog.CronWorkflowNameMissing, map.Span);
                    return;
                }
                nameNode = name;
                break;
            default:
                diagnostics.Add(DiagnosticCatalog.CronWorkflowShape, workflow.Span, workflow.Describe());
                return;
        }

        if (StackWorkflows.Resolve(nameNode, context.Resources) is { } target)
            CheckInput(target, nameNode, inputEntry, diagnostics);
    }

    /// <summary>
    /// Mistral refuses a trigger whose input has names the workflow does not declare, and a run that
    /// leaves a required input (one without default) unset.
    /// </summary>
    private static void CheckInput(WorkflowTarget target, YamlNode reference, YamlEntry? inputEntry, DiagnosticBag diagnostics)
    {
        var workflow = target.Workflow;
        var supplied = new HashSet<string>(StringComparer.Ordinal);

        if (inputEntry is not null)
        {
            if (TemplateValues.LiteralEntries(inputEntry.Value) is not { } entries)
            {
                if (inputEntry.Value is not YamlScalar { IsNull: true }) return; // computed input: cannot tell what it holds
                entries = Array.Empty<YamlEntry>();
            }
            WorkflowInputCheck.CheckKeys(workflow, entries, supplied, DiagnosticCatalog.TriggerInputNotDeclared, diagnostics);
        }

        var resourceInput = target.Resource.Properties?["input"];
        if (resourceInput is not null and not YamlScalar { IsNull: true })
        {
            if (TemplateValues.LiteralEntries(resourceInput) is not { } resourceEntries) return; // computed input
            foreach (var entry in resourceEntries)
                if (entry.KeyText is { } key) supplied.Add(key);
        }

        WorkflowInputCheck.CheckRequired(workflow, supplied, inputEntry?.Key.Span ?? reference.Span,
            DiagnosticCatalog.TriggerRequiredInputMissing, diagnostics);
    }
}
