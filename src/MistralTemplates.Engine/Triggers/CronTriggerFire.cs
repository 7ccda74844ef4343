using System;

namespace MistralTemplates.Engine.Triggers;

/// <summary>
/// One fire of a cron trigger: the time it was due, the execution it started (null when the start failed, with
/// <see cref="Error"/> saying why) and what the trigger looks like afterwards.
/// </summary>
/// <param name="TriggerName">The trigger's name.</param>
/// <param name="WorkflowName">The workflow it started.</param>
/// <param name="ScheduledTime">The trigger's next_execution_time when it fired (UTC).</param>
/// <param name="ExecutionId">The execution started, or null if the start failed.</param>
/// <param name="RemainingExecutions">The count left after this fire (null: unlimited; 0: the trigger is deleted).</param>
/// <param name="NextExecutionTime">The next due time, or null when this fire deleted the trigger.</param>
/// <param name="Error">Why the execution did not start, or null.</param>
public sealed record CronTriggerFire(
    string TriggerName,
    string WorkflowName,
    DateTimeOffset ScheduledTime,
    string? ExecutionId,
    int? RemainingExecutions,
    DateTimeOffset? NextExecutionTime,
    string? Error = null)
{
    /// <summary>True when this fire was the trigger's last and removed it.</summary>
    public bool Deleted => NextExecutionTime is null;
}
