using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.State;

namespace MistralTemplates.Deployment.Alarms;

/// <summary>
/// Does locally what Aodh's evaluator and notifier do when an alarm changes state: records the new state, then posts the
/// notification to every URL of the action list for that state (<c>alarm_actions</c> for <c>alarm</c>, and so on). As in
/// Aodh, an alarm that stays in its state notifies again only with <c>repeat_actions</c>, and a disabled alarm is not
/// evaluated at all. Unlike Aodh, which only logs a failed delivery, every outcome is returned so the caller can fail.
/// </summary>
public sealed class AlarmTrigger(IStackStateStore store, IAlarmService alarms, HttpClient http)
{
    public async Task<AlarmTriggerResult> TriggerAsync(string stackName, string resource, string state = AlarmStates.Alarm, string? reason = null,
        CancellationToken cancellationToken = default)
    {
        var actions = AlarmStates.ActionsOf(state);
        var record = await store.GetExistingAsync(stackName, cancellationToken).ConfigureAwait(false);
        var (recorded, alarm) = RecordAlarmService.AlarmResource(record, resource);
        if (alarm["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on)
            throw new DeploymentException(stackName, $"the alarm '{resource}' is disabled (enabled: false), so Aodh would not evaluate it; nothing was sent.", []);

        var change = await alarms.SetStateAsync(new StackAlarm(stackName, resource, alarm["alarm_id"]?.GetValue<string>() ?? ""), state, cancellationToken)
            .ConfigureAwait(false);
        var repeat = change.Alarm["repeat_actions"] is JsonValue r && r.TryGetValue<bool>(out var again) && again;
        if (change.Previous == change.Current && !repeat)
            return new AlarmTriggerResult(change, [], $"'{resource}' was already {change.Current} and does not repeat its actions (repeat_actions: false); nothing was sent.");

        var notification = AlarmNotification.For(change, reason);
        var deliveries = new List<AlarmDelivery>();
        foreach (var url in (change.Alarm[actions] as JsonArray ?? []).Select(u => u?.GetValue<string>()).OfType<string>())
            deliveries.Add(await DeliverAsync(notification, url, cancellationToken).ConfigureAwait(false));
        foreach (var waitsFor in PendingOf(recorded, actions))
            deliveries.Add(AlarmDelivery.Skip($"({actions}: {waitsFor})",
                $"pending: the URL waits for {waitsFor}, which was not known at the last deploy; deploy again once it is served"));
        return new AlarmTriggerResult(change, deliveries, deliveries.Count == 0 ? $"'{resource}' has no {actions}; nothing was sent." : null);
    }

    private async Task<AlarmDelivery> DeliverAsync(AlarmNotification notification, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return AlarmDelivery.Fail(url, "not an absolute URL");
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return AlarmDelivery.Skip(url, $"Aodh delivers {uri.Scheme} actions with a notifier of its own (Keystone trust or Zaqar); only http and https are posted here");
        try
        {
            using var request = notification.RequestTo(uri);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return new AlarmDelivery(url, (int)response.StatusCode, response.IsSuccessStatusCode ? AlarmDeliveryOutcome.Delivered : AlarmDeliveryOutcome.Failed,
                response.ReasonPhrase);
        }
        catch (HttpRequestException e)
        {
            return AlarmDelivery.Fail(url, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AlarmDelivery.Fail(url, $"no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>What the entries of an action list that wait for a URL wait for.</summary>
    private static IEnumerable<string> PendingOf(ResourceRecord recorded, string actions) =>
        (recorded.Data.TryGetValue(LocalAlarmResourceProvider.PendingActionsKey, out var pending) ? EvaluatedValues.FromElement(pending) as JsonArray ?? [] : [])
        .OfType<JsonObject>()
        .Where(p => p["property"]?.GetValue<string>() == actions)
        .Select(p => p["waits_for"]?.GetValue<string>() ?? "a value");
}

/// <summary>A trigger's state change and what became of each action URL; <paramref name="Note"/> says why nothing was sent.</summary>
public sealed record AlarmTriggerResult(AlarmStateChange Change, IReadOnlyList<AlarmDelivery> Deliveries, string? Note)
{
    public bool AllDelivered => Deliveries.All(d => d.Outcome != AlarmDeliveryOutcome.Failed);
}

public enum AlarmDeliveryOutcome
{
    Delivered,
    Failed,
    Skipped,
}

/// <summary>One action URL: the answer's status (null when there was none) and, for a failure or a skip, why.</summary>
public sealed record AlarmDelivery(string Url, int? Status, AlarmDeliveryOutcome Outcome, string? Reason)
{
    public static AlarmDelivery Fail(string url, string reason) => new(url, null, AlarmDeliveryOutcome.Failed, reason);

    public static AlarmDelivery Skip(string url, string reason) => new(url, null, AlarmDeliveryOutcome.Skipped, reason);

    /// <summary>One line for people: the URL and the answer's status, or why there was none.</summary>
    /// <summary>The URL as output shows it, with a signed URL's signature hidden.</summary>
    public string ShownUrl => Webhooks.SignalSignature.Redact(Url);

    public override string ToString() => Outcome switch
    {
        AlarmDeliveryOutcome.Delivered => $"POST {ShownUrl} -> {Status} {Reason}",
        AlarmDeliveryOutcome.Failed when Status is { } status => $"POST {ShownUrl} -> {status} {Reason} (failed)",
        AlarmDeliveryOutcome.Failed => $"POST {ShownUrl} failed: {Reason}",
        _ => $"skipped {ShownUrl}: {Reason}",
    };
}
