using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Deployment.Alarms;

/// <summary>
/// Where a stack's alarms live, with Aodh's operations. Locally (<see cref="RecordAlarmService"/>) the alarm is kept in the
/// stack's record; against a real cloud it would be Aodh's REST API (<c>/v2/alarms</c>). Alarms are Aodh-shaped JSON:
/// <c>alarm_id, name, state, severity, enabled, repeat_actions, alarm_actions, ok_actions, insufficient_data_actions, …</c>.
/// </summary>
public interface IAlarmService
{
    /// <summary>Creates the alarm and returns it as the service holds it, <c>alarm_id</c> set (Aodh: <c>POST /v2/alarms</c>).</summary>
    Task<JsonObject> CreateAsync(JsonObject alarm, CancellationToken cancellationToken = default);

    /// <summary>Replaces the alarm's definition, keeping its id and state (Aodh: <c>PUT /v2/alarms/{id}</c>).</summary>
    Task<JsonObject> UpdateAsync(StackAlarm alarm, JsonObject definition, CancellationToken cancellationToken = default);

    /// <summary>Deletes the alarm; nothing happens when it is gone already (Aodh: <c>DELETE /v2/alarms/{id}</c>).</summary>
    Task DeleteAsync(StackAlarm alarm, CancellationToken cancellationToken = default);

    /// <summary>The alarm as the service holds it (Aodh: <c>GET /v2/alarms/{id}</c>).</summary>
    Task<JsonObject> GetAsync(StackAlarm alarm, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the alarm to <paramref name="state"/> (one of <see cref="AlarmStates"/>) and returns the alarm with the state it
    /// had before (Aodh: <c>PUT /v2/alarms/{id}/state</c>; Aodh's evaluator does the same when a rule decides).
    /// </summary>
    Task<AlarmStateChange> SetStateAsync(StackAlarm alarm, string state, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which alarm: Aodh needs only <paramref name="AlarmId"/>; the stack and resource say where the local service keeps it.
/// </summary>
public sealed record StackAlarm(string Stack, string Resource, string AlarmId);

/// <summary>A state change: the alarm as it is now, and the state it left.</summary>
public sealed record AlarmStateChange(JsonObject Alarm, string Previous, string Current);

/// <summary>Aodh's alarm states and the action list each one calls.</summary>
public static class AlarmStates
{
    public const string Ok = "ok";
    public const string Alarm = "alarm";
    public const string InsufficientData = "insufficient data";

    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        [Ok] = "ok_actions", [Alarm] = "alarm_actions", [InsufficientData] = "insufficient_data_actions",
    };

    /// <summary>The property listing the URLs to call when the alarm enters <paramref name="state"/>.</summary>
    public static string ActionsOf(string state) =>
        Actions.TryGetValue(state, out var property) ? property : throw new ArgumentException($"'{state}' is not an alarm state (ok, alarm, insufficient data).", nameof(state));

    /// <summary>
    /// A state as written on a command line (<c>alarm</c>, <c>ok</c>, <c>insufficient_data</c> or Aodh's own
    /// <c>insufficient data</c>), or null when it is none of them.
    /// </summary>
    public static string? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        Ok => Ok,
        Alarm => Alarm,
        "insufficient_data" or InsufficientData => InsufficientData,
        _ => null,
    };
}
