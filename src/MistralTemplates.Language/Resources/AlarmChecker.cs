using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// OS::Aodh::Alarm and its alias OS::Ceilometer::Alarm: values limited by the schema's allowed values,
/// cron expressions of time constraints, and actions that Aodh can call (URLs, typically a
/// workflow's <c>alarm_url</c>).
/// </summary>
public sealed class AlarmChecker : ResourceCheckerBase
{
    private static readonly string[] ActionProperties = { "alarm_actions", "ok_actions", "insufficient_data_actions" };

    // Attributes that hold a URL Heat or Mistral will answer when an alarm calls it.
    private static readonly string[] UrlAttributes = { "alarm_url", "AlarmUrl", "signal_url" };

    public AlarmChecker(string resourceType) : base(resourceType, order: 10)
    {
    }

    public override void Check(ResourceCheckContext context)
    {
        var properties = context.Resource.Properties;
        var schema = ResourceSchemas.Find(ResourceType);
        if (properties is null || schema is null) return;
        foreach (var name in ActionProperties)
            if (properties[name] is YamlSequence actions)
                foreach (var action in actions.Items)
                    CheckAction(action, context);
        if (properties["time_constraints"] is YamlSequence constraints)
            foreach (var constraint in constraints.Items)
                if (constraint is YamlMapping map && !TemplateValues.IsFunctionCall(map) && map["start"] is YamlScalar start)
                    CronTriggerChecker.CheckPattern(start, context.Diagnostics);
    }

    private static void CheckAction(YamlNode action, ResourceCheckContext context)
    {
        if (TemplateValues.IsFunctionCall(action, out var function, out var args))
        {
            if (function != "get_attr" || args is not YamlSequence { Count: >= 2 } path) return;
            var attribute = TemplateValues.TextOf(path.Items[1]);
            if (attribute is null || UrlAttributes.Contains(attribute)) return;
            context.Diagnostics.Add(DiagnosticCatalog.AlarmActionNotUrl, action.Span,
                $"get_attr of '{attribute}' of '{TemplateValues.TextOf(path.Items[0])}'");
            return;
        }
        if (action is not YamlScalar { IsNull: false } text) return;
        // Heat also takes the name of a resource of the stack and calls its alarm URL.
        if (text.Value.Contains("://") || context.Resources.ContainsKey(text.Value)) return;
        context.Diagnostics.Add(DiagnosticCatalog.AlarmActionNotUrl, text.Span, "'" + text.Value + "'");
    }
}
