using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Language.Hot.Evaluation;
using MistralTemplates.Language.Resources;

namespace MistralTemplates.Deployment.Resources;

/// <summary>
/// <c>OS::Aodh::Alarm</c> and its alias <c>OS::Ceilometer::Alarm</c> where there is no Aodh: the alarm lives in the
/// stack's record only, as Aodh would hold it (id, threshold rule, actions), and <c>show</c> answers from there.
/// An action whose URL is not known yet (a workflow's <c>alarm_url</c> while nothing serves it) is kept as pending
/// instead of failing the deploy; a later deploy that can resolve it updates the alarm in place.
/// </summary>
public sealed class LocalAlarmResourceProvider(string type) : IResourceProvider
{
    /// <summary>The alarm as Aodh would show it.</summary>
    public const string AlarmKey = "alarm";

    /// <summary>The actions waiting for a URL: <c>[{property, waits_for}]</c>.</summary>
    public const string PendingActionsKey = "pending_actions";

    /// <summary>The properties whose entries are URLs an alarm calls; only these may wait for values not known yet.</summary>
    public static readonly IReadOnlyList<string> ActionProperties = ["alarm_actions", "ok_actions", "insufficient_data_actions"];

    public string Type { get; } = IsAlarm(type) ? type : throw new ArgumentException($"{type} is not an alarm type.", nameof(type));

    public static bool IsAlarm(string resourceType) =>
        resourceType is ResourceSchemas.AodhAlarmType or ResourceSchemas.CeilometerAlarmType;

    public Task<ResourceState> CreateAsync(ResourceContext context, JsonObject properties, CancellationToken cancellationToken) =>
        Task.FromResult(StateOf(context, Guid.NewGuid().ToString(), properties, state: null));

    public Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState current, JsonObject properties, CancellationToken cancellationToken) =>
        Task.FromResult(StateOf(context, current.PhysicalId ?? Guid.NewGuid().ToString(), properties,
            (current.Data[AlarmKey] as JsonObject)?["state"]?.GetValue<string>()));

    /// <summary>Nothing exists outside the record.</summary>
    public Task DeleteAsync(ResourceContext context, ResourceState current, DeleteOptions options, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<JsonNode?> GetAttributeAsync(ResourceContext context, ResourceState current, string attribute, CancellationToken cancellationToken) =>
        attribute == "show"
            ? Task.FromResult(current.Data[AlarmKey]?.DeepClone())
            : throw new ResourceException(context.ResourceName, $"{Type} has no attribute '{attribute}' (it has show).");

    /// <summary>What a deploy's progress says about pending actions of an alarm, or null when there are none.</summary>
    public static string? PendingNote(ResourceState state)
    {
        if (state.Data[PendingActionsKey] is not JsonArray { Count: > 0 } pending) return null;
        var waits = pending.OfType<JsonObject>().Select(p => $"{p["property"]} waits for {p["waits_for"]}").Distinct();
        return $"warning: {string.Join("; ", waits)}, which is not served yet (`serve` will serve it); " +
               "the alarm keeps it pending, and the next deploy that can resolve it updates the alarm.";
    }

    /// <summary>
    /// The values not known yet in an alarm's evaluated properties that are not entries of its action lists: those
    /// still stop a deploy, as they would for any resource.
    /// </summary>
    internal static IReadOnlyList<DeferredValue> DeferredOutsideActions(object? properties)
    {
        var found = new List<DeferredValue>();
        if (properties is IDictionary<string, object?> map)
        {
            foreach (var (name, value) in map)
                if (!ActionProperties.Contains(name)) Collect(value, found);
        }
        else Collect(properties, found);
        return found;
    }

    private static void Collect(object? value, List<DeferredValue> found)
    {
        switch (value)
        {
            case DeferredValue deferred:
                found.Add(deferred);
                break;
            case IDictionary<string, object?> map:
                foreach (var item in map.Values) Collect(item, found);
                break;
            case string:
                break;
            case IEnumerable list:
                foreach (var item in list) Collect(item, found);
                break;
        }
    }

    private ResourceState StateOf(ResourceContext context, string id, JsonObject properties, string? state)
    {
        var pending = new JsonArray();
        var alarm = new JsonObject
        {
            ["alarm_id"] = id,
            ["name"] = context.NamePrefix,
            ["type"] = "threshold",
            ["description"] = properties["description"]?.DeepClone() ?? "",
            ["enabled"] = properties["enabled"]?.DeepClone() ?? true,
            // Nothing evaluates the alarm here, so it never has data to decide on.
            ["state"] = state ?? "insufficient data",
            ["severity"] = properties["severity"]?.DeepClone() ?? "low",
            ["repeat_actions"] = properties["repeat_actions"]?.DeepClone() ?? true,
            ["alarm_actions"] = Urls(properties, "alarm_actions", "alarm_queues", pending),
            ["ok_actions"] = Urls(properties, "ok_actions", "ok_queues", pending),
            ["insufficient_data_actions"] = Urls(properties, "insufficient_data_actions", "insufficient_data_queues", pending),
            ["threshold_rule"] = ThresholdRule(properties),
            ["time_constraints"] = properties["time_constraints"]?.DeepClone() ?? new JsonArray(),
        };
        var data = new JsonObject { [AlarmKey] = alarm };
        if (pending.Count > 0) data[PendingActionsKey] = pending;
        return new ResourceState(id, data);
    }

    /// <summary>
    /// The URLs an action list resolves to, as Heat hands them to Aodh: URLs as given, queues as Zaqar URLs. An entry
    /// not known yet, or naming a resource of the stack (Heat calls that resource's alarm URL), waits.
    /// </summary>
    private static JsonArray Urls(JsonObject properties, string actions, string queues, JsonArray pending)
    {
        var urls = new JsonArray();
        foreach (var entry in properties[actions] as JsonArray ?? [])
        {
            if (entry is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0) continue;
            if (text.Contains("://", StringComparison.Ordinal)) urls.Add(text);
            else
                pending.Add(new JsonObject
                {
                    ["property"] = actions,
                    ["waits_for"] = text.StartsWith(EvaluatedValues.KnownAfterDeploy + ": ", StringComparison.Ordinal)
                        ? text[(EvaluatedValues.KnownAfterDeploy.Length + 2)..]
                        : $"get_attr {text} alarm_url",
                });
        }
        foreach (var queue in properties[queues] as JsonArray ?? [])
            if (queue is JsonValue q && q.TryGetValue<string>(out var name))
                urls.Add("trust+zaqar://?queue_name=" + Uri.EscapeDataString(name));
        return urls;
    }

    /// <summary>Aodh's threshold rule, with Aodh's defaults, and matching_metadata turned into query factors as Heat does.</summary>
    private static JsonObject ThresholdRule(JsonObject properties)
    {
        var meter = properties["meter_name"]?.GetValue<string>() ?? "";
        var query = properties["query"] is JsonArray given ? (JsonArray)given.DeepClone() : new JsonArray();
        if (properties["matching_metadata"] is JsonObject metadata)
        {
            var prefix = NovaMeters.Contains(meter) ? "metadata.user_metadata." : "metadata.metering.";
            foreach (var (key, value) in metadata)
            {
                var field = key.StartsWith("metadata.", StringComparison.Ordinal) ? key["metadata.".Length..] : key;
                if (field.StartsWith("metering.", StringComparison.Ordinal) || field.StartsWith("user_metadata.", StringComparison.Ordinal))
                    field = field[(field.IndexOf('.') + 1)..];
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "None";
                query.Add(new JsonObject { ["field"] = prefix + field, ["op"] = "eq", ["value"] = text });
            }
        }
        return new JsonObject
        {
            ["meter_name"] = meter,
            ["statistic"] = properties["statistic"]?.DeepClone() ?? "avg",
            ["period"] = properties["period"]?.DeepClone() ?? 60,
            ["evaluation_periods"] = properties["evaluation_periods"]?.DeepClone() ?? 1,
            ["threshold"] = properties["threshold"]?.DeepClone(),
            ["comparison_operator"] = properties["comparison_operator"]?.DeepClone() ?? "eq",
            ["query"] = query,
        };
    }

    /// <summary>The meters Nova reports, whose samples carry the instance's metadata as user_metadata.</summary>
    private static readonly HashSet<string> NovaMeters = BuildNovaMeters();

    private static HashSet<string> BuildNovaMeters()
    {
        var meters = new HashSet<string>(StringComparer.Ordinal)
        {
            "instance", "memory", "memory.usage", "memory.resident", "cpu", "cpu_util", "vcpus", "disk.root.size", "disk.ephemeral.size",
        };
        foreach (var disk in new[] { "disk.", "disk.device." })
            foreach (var direction in new[] { "read.", "write." })
                foreach (var unit in new[] { "requests", "bytes" })
                {
                    meters.Add(disk + direction + unit);
                    meters.Add(disk + direction + unit + ".rate");
                }
        foreach (var direction in new[] { "incoming.", "outgoing." })
            foreach (var unit in new[] { "bytes", "packets" })
            {
                meters.Add("network." + direction + unit);
                meters.Add("network." + direction + unit + ".rate");
            }
        return meters;
    }
}
