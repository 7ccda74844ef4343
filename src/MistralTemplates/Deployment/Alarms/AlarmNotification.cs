using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;

namespace MistralTemplates.Deployment.Alarms;

/// <summary>
/// What Aodh's REST notifier posts to an action URL when an alarm changes state: a JSON body with the alarm's id, name and
/// severity, the state it left and entered, and why; <c>Content-Type: application/json</c> and a fresh
/// <c>x-openstack-request-id</c> (<c>req-</c> and a UUID) for every URL.
/// </summary>
public sealed record AlarmNotification(string AlarmId, string AlarmName, string Severity, string Previous, string Current, string Reason, JsonObject ReasonData)
{
    public const string RequestIdHeader = "x-openstack-request-id";

    /// <summary>The body, with the keys in the order Aodh writes them.</summary>
    public JsonObject Body() => new()
    {
        ["alarm_name"] = AlarmName,
        ["alarm_id"] = AlarmId,
        ["severity"] = Severity,
        ["previous"] = Previous,
        ["current"] = Current,
        ["reason"] = Reason,
        ["reason_data"] = ReasonData.DeepClone(),
    };

    /// <summary>The POST for one action URL, with a request id of its own.</summary>
    public HttpRequestMessage RequestTo(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Body().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(RequestIdHeader, "req-" + Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>The notification for a state change of an Aodh-shaped alarm.</summary>
    public static AlarmNotification For(AlarmStateChange change, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var alarm = change.Alarm;
        return new AlarmNotification(
            alarm["alarm_id"]?.GetValue<string>() ?? "",
            alarm["name"]?.GetValue<string>() ?? "",
            alarm["severity"]?.GetValue<string>() ?? "low",
            change.Previous,
            change.Current,
            reason ?? (change.Previous == change.Current
                ? $"Remaining as {change.Current}, set by alarm trigger"
                : $"Transition to {change.Current}, set by alarm trigger"),
            // Aodh's evaluators name their rule type here; a state set by hand has no samples to report.
            new JsonObject { ["type"] = "manual" });
    }
}
