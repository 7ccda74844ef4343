using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Triggers;

/// <summary>
/// Fires the engine's cron triggers while it runs: each trigger whose next_execution_time has come is claimed
/// (<see cref="CronTriggerClaims"/>), then an execution of its workflow is started with the trigger's input and
/// params and the description Mistral gives cron-started executions. Between passes it sleeps until the earliest
/// due time, at most <see cref="PollInterval"/>, so triggers another process creates are seen within that time.
/// </summary>
internal sealed class CronScheduler(CronTriggerClaims claims, IExecutions executions, TimeProvider time)
{
    /// <summary>How long the scheduler sleeps at most between two looks at the triggers (Mistral's default interval is 1 s too).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Fires due triggers until <paramref name="cancellationToken"/> is cancelled, then returns.</summary>
    public async Task RunAsync(Action<CronTriggerFire>? onFire, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                TimeSpan wait;
                try
                {
                    wait = await FireDueAsync(onFire, cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException)
                {
                    // Another process held the database past the busy timeout: nothing was claimed, look again soon.
                    wait = PollInterval;
                }
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
    }

    /// <summary>Fires every trigger due now; returns how long to sleep before the next look.</summary>
    public async Task<TimeSpan> FireDueAsync(Action<CronTriggerFire>? onFire, CancellationToken cancellationToken)
    {
        var triggers = await claims.AllByDueTimeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var trigger in triggers.Where(t => t.NextExecutionTime <= time.GetUtcNow()))
        {
            var after = await claims.ClaimAsync(trigger, cancellationToken).ConfigureAwait(false);
            if (after is null) continue;   // another scheduler fired it
            // Claimed: start it even if cancellation arrives now, else this due time would be lost.
            var fire = await StartAsync(trigger, after).ConfigureAwait(false);
            onFire?.Invoke(fire);
        }
        var earliest = triggers.Where(t => t.NextExecutionTime > time.GetUtcNow()).Select(t => t.NextExecutionTime!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var untilEarliest = earliest == DateTimeOffset.MaxValue ? PollInterval : earliest - time.GetUtcNow();
        return untilEarliest < TimeSpan.Zero ? TimeSpan.Zero : untilEarliest < PollInterval ? untilEarliest : PollInterval;
    }

    private async Task<CronTriggerFire> StartAsync(CronTrigger trigger, CronTrigger after)
    {
        var scheduled = trigger.NextExecutionTime!.Value;
        var parameters = trigger.WorkflowParams as JsonObject;
        var request = new ExecutionRequest
        {
            Id = ExecutionId(trigger.Id, scheduled), WorkflowId = trigger.WorkflowId,
            Namespace = parameters?["namespace"]?.GetValue<string>(),
            Input = trigger.WorkflowInput?.DeepClone() as JsonObject, Params = parameters?.DeepClone().AsObject(),
            Description = Description(trigger.Id),
        };
        try
        {
            var execution = await executions.CreateAsync(request, CancellationToken.None).ConfigureAwait(false);
            return new CronTriggerFire(trigger.Name, trigger.WorkflowName ?? "", scheduled, execution.Id, after.RemainingExecutions, after.NextExecutionTime);
        }
        catch (Exception failure) when (failure is MistralException or NotSupportedException)
        {
            // Like Mistral: the fire is spent, the trigger keeps its schedule, the failure is reported.
            return new CronTriggerFire(trigger.Name, trigger.WorkflowName ?? "", scheduled, null, after.RemainingExecutions, after.NextExecutionTime,
                $"{failure.GetType().Name}: {failure.Message}");
        }
    }

    /// <summary>The description Mistral writes on an execution a cron trigger started.</summary>
    private static string Description(string triggerId) =>
        // Written as the server's json.dumps writes it; the id is a UUID, nothing in it needs escaping.
        $"{{\"description\": \"Workflow execution created by cron trigger '({triggerId})'.\", \"triggered_by\": {{\"type\": \"cron_trigger\", \"id\": \"{triggerId}\"}}}}";

    /// <summary>One id per trigger and due time, so a start repeated for the same fire cannot make a second execution.</summary>
    public static string ExecutionId(string triggerId, DateTimeOffset scheduled)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"cron:{triggerId}:{scheduled.UtcTicks}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);   // a name-based UUID (version 8)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
