using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Language.Cron;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Triggers;

/// <summary>
/// Reads the due cron triggers and claims one fire at a time. A claim is one transaction that checks the trigger
/// still has the due time this scheduler saw and moves it on (or deletes the trigger at its last fire), so when two
/// processes share a folder exactly one of them wins each due time; SQLite's write lock serialises the two.
/// </summary>
internal sealed class CronTriggerClaims(EngineDatabase database, TimeProvider time)
{
    private readonly RecordTable<CronTrigger> _table = new(database, "cron_triggers");

    /// <summary>Every trigger, earliest due first; the scheduler picks the due ones and sleeps until the next.</summary>
    public async Task<List<CronTrigger>> AllByDueTimeAsync(CancellationToken cancellationToken)
    {
        var all = await database.InTransactionAsync(_table.All, cancellationToken).ConfigureAwait(false);
        return all.Where(t => t.NextExecutionTime is not null).OrderBy(t => t.NextExecutionTime).ToList();
    }

    /// <summary>
    /// Claims the fire of <paramref name="seen"/> at its next_execution_time. Null when another scheduler claimed it
    /// first or the trigger is gone; else the trigger as it is after the fire (deleted when its count reached zero).
    /// </summary>
    public Task<CronTrigger?> ClaimAsync(CronTrigger seen, CancellationToken cancellationToken) =>
        database.InTransactionAsync(transaction =>
        {
            var current = _table.FindById(transaction, seen.Id);
            if (current is null || current.NextExecutionTime != seen.NextExecutionTime) return null;

            // Mistral's rule: a limited count drops by one per fire; the fire that finds it at zero is the last.
            var remaining = current.RemainingExecutions is > 0 ? current.RemainingExecutions - 1 : current.RemainingExecutions;
            var next = remaining == 0 ? null : NextTime(current);
            if (next is null)
            {
                _table.DeleteById(transaction, current.Id);
                return current with { RemainingExecutions = remaining ?? 0, NextExecutionTime = null };
            }
            var advanced = current with { RemainingExecutions = remaining, NextExecutionTime = next, UpdatedAt = EngineClock.Now(time) };
            _table.Replace(transaction, current.Id, advanced);
            return advanced;
        }, cancellationToken);

    /// <summary>
    /// The pattern's first time after the later of the scheduled time and now: on time, the next occurrence follows
    /// the previous one; after downtime the missed occurrences are not made up (the one overdue fire stands for them).
    /// Null when the pattern never matches again.
    /// </summary>
    private DateTimeOffset? NextTime(CronTrigger trigger)
    {
        if (!CronPattern.TryParse(trigger.Pattern ?? EngineCronTriggers.NeverPattern, out var pattern, out _)) return null;
        var scheduled = trigger.NextExecutionTime!.Value;
        var now = time.GetUtcNow();
        var from = scheduled > now ? scheduled : now;
        return pattern!.NextOccurrence(from.UtcDateTime) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }
}
