using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MistralTemplates.Mistral;

/// <summary>Whether a cron trigger the service holds is the one a request describes.</summary>
public static class CronTriggerComparison
{
    /// <summary>
    /// The same trigger, allowing for what the service fills in or changes on its own: an empty input or params for
    /// none, Mistral's placeholder pattern for a one-shot trigger, and a count that went down because it fired.
    /// </summary>
    public static bool IsWhatWasAsked(CronTrigger existing, CronTriggerRequest asked) =>
        (asked.WorkflowName is null || existing.WorkflowName == asked.WorkflowName) &&
        (asked.WorkflowId is null || existing.WorkflowId == asked.WorkflowId) &&
        JsonNode.DeepEquals(asked.WorkflowInput ?? new JsonObject(), existing.WorkflowInput ?? new JsonObject()) &&
        JsonNode.DeepEquals(asked.WorkflowParams ?? new JsonObject(), existing.WorkflowParams ?? new JsonObject()) &&
        (asked.Pattern is null || existing.Pattern == asked.Pattern) &&
        (asked.FirstExecutionTime is null || FormatFirstTime(existing.FirstExecutionTime) == FormatFirstTime(asked.FirstExecutionTime)) &&
        (asked.RemainingExecutions is null || existing.RemainingExecutions <= asked.RemainingExecutions);

    /// <summary>Mistral reads the first time in whole minutes, UTC.</summary>
    public static string? FormatFirstTime(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
