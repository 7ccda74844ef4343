using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.State;

namespace MistralTemplates.Deployment.Alarms;

/// <summary>
/// Alarms where there is no Aodh: each lives in its resource's entry of the stack record (<see cref="LocalAlarmResourceProvider.AlarmKey"/>).
/// Creating, updating and deleting change nothing outside the record, which the deploy writes; a state change is written
/// to the record here, under the stack's lock, so it never interleaves with a deploy.
/// </summary>
public sealed class RecordAlarmService(IStackStateStore store) : IAlarmService
{
    public Task<JsonObject> CreateAsync(JsonObject alarm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var created = (JsonObject)alarm.DeepClone();
        if (created["alarm_id"] is null) created["alarm_id"] = Guid.NewGuid().ToString();
        created["state"] ??= AlarmStates.InsufficientData;
        return Task.FromResult(created);
    }

    public async Task<JsonObject> UpdateAsync(StackAlarm alarm, JsonObject definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var current = await GetAsync(alarm, cancellationToken).ConfigureAwait(false);
        var updated = (JsonObject)definition.DeepClone();
        updated["alarm_id"] = alarm.AlarmId;
        updated["state"] = current["state"]?.DeepClone();
        return updated;
    }

    /// <summary>Nothing exists outside the record; the deploy drops the resource's entry.</summary>
    public Task DeleteAsync(StackAlarm alarm, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<JsonObject> GetAsync(StackAlarm alarm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var record = await store.GetExistingAsync(alarm.Stack, cancellationToken).ConfigureAwait(false);
        return Recorded(record, alarm).Alarm;
    }

    public async Task<AlarmStateChange> SetStateAsync(StackAlarm alarm, string state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        AlarmStates.ActionsOf(state);
        var options = new DeployOptions();
        await using var held = await store.AcquireLockAsync(alarm.Stack, options.Holder + " (alarm state)", options.LockLease, cancellationToken).ConfigureAwait(false);
        var record = await store.GetExistingAsync(alarm.Stack, cancellationToken).ConfigureAwait(false);
        var (resource, current) = Recorded(record, alarm);
        var previous = current["state"]?.GetValue<string>() ?? AlarmStates.InsufficientData;
        var changed = (JsonObject)current.DeepClone();
        changed["state"] = state;
        changed["state_timestamp"] = UtcTimestamp.Text(DateTimeOffset.UtcNow);
        var data = new Dictionary<string, System.Text.Json.JsonElement>(resource.Data, StringComparer.Ordinal)
        {
            [LocalAlarmResourceProvider.AlarmKey] = EvaluatedValues.ToElement(changed),
        };
        var next = record.WithResource(alarm.Resource, resource with { Data = data, UpdatedAt = DateTimeOffset.UtcNow }).NextVersion();
        await store.SaveAsync(next with { UpdatedAt = DateTimeOffset.UtcNow }, cancellationToken).ConfigureAwait(false);
        await held.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return new AlarmStateChange(changed, previous, state);
    }

    /// <summary>The alarm resource's entry and the alarm it keeps, checked against what the caller expects.</summary>
    private static (ResourceRecord Resource, JsonObject Alarm) Recorded(StackRecord record, StackAlarm alarm)
    {
        var (resource, shown) = AlarmResource(record, alarm.Resource);
        if (shown["alarm_id"]?.GetValue<string>() != alarm.AlarmId)
            throw new DeploymentException(record.StackName, $"the alarm of '{alarm.Resource}' is no longer {alarm.AlarmId} (it was replaced); try again.", []);
        return (resource, shown);
    }

    /// <summary>The record's entry for an alarm resource and the Aodh-shaped alarm it keeps; a clear error for anything else.</summary>
    public static (ResourceRecord Resource, JsonObject Alarm) AlarmResource(StackRecord record, string resource)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Resources.TryGetValue(resource, out var recorded))
            throw new DeploymentException(record.StackName, $"the stack has no resource '{resource}'.",
                [$"its alarm resources: {Names(record)}"]);
        if (!LocalAlarmResourceProvider.IsAlarm(recorded.Type))
            throw new DeploymentException(record.StackName, $"'{resource}' is a {recorded.Type}; only alarm resources (OS::Aodh::Alarm, OS::Ceilometer::Alarm) can be triggered.",
                [$"its alarm resources: {Names(record)}"]);
        if (!recorded.Data.TryGetValue(LocalAlarmResourceProvider.AlarmKey, out var kept) || EvaluatedValues.FromElement(kept) is not JsonObject alarm)
            throw new DeploymentException(record.StackName, $"'{resource}' has no alarm yet ({recorded.Status.ToHeatName()}); deploy the stack first.", []);
        return (recorded, alarm);
    }

    private static string Names(StackRecord record)
    {
        var names = record.Resources.Where(r => LocalAlarmResourceProvider.IsAlarm(r.Value.Type)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
