using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Deployment.Alarms;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Alarms;

/// <summary>
/// <see cref="AlarmTrigger"/> on alarms as the local provider records them, saved straight into the real server's state
/// store: pending actions, queue actions, Aodh's repeat and enabled rules.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class AlarmTriggerTests(MistralServer server) : IDisposable
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private readonly NotificationReceiver _receiver = new();
    private readonly HttpClient _http = new();

    private MistralEnvironmentStateStore Store() => new(_mistral);

    private AlarmTrigger Trigger() => new(Store(), new RecordAlarmService(Store()), _http);

    /// <summary>Saves a stack holding one alarm resource, <c>alarm</c>, with <paramref name="alarm"/> laid over a default alarm.</summary>
    private async Task<string> SaveStackAsync(string prefix, JsonObject alarm, JsonArray? pending = null)
    {
        var stack = MistralServer.UniqueName(prefix);
        var shown = new JsonObject
        {
            ["alarm_id"] = Guid.NewGuid().ToString(), ["name"] = stack + ".alarm", ["state"] = "insufficient data", ["severity"] = "low",
            ["enabled"] = true, ["repeat_actions"] = true, ["alarm_actions"] = new JsonArray(), ["ok_actions"] = new JsonArray(),
            ["insufficient_data_actions"] = new JsonArray(),
        };
        foreach (var (key, value) in alarm) shown[key] = value?.DeepClone();
        var data = new Dictionary<string, JsonElement> { ["alarm"] = JsonSerializer.SerializeToElement(shown) };
        if (pending is not null) data["pending_actions"] = JsonSerializer.SerializeToElement(pending);
        await Store().SaveAsync(new StackRecord
        {
            StackName = stack, StackId = Guid.NewGuid(), TemplatePath = "alarm.yaml", TemplateHash = "none", Status = LifecycleStatus.CreateComplete,
            Resources = new Dictionary<string, ResourceRecord>
            {
                ["alarm"] = new() { Type = "OS::Aodh::Alarm", PhysicalId = shown["alarm_id"]!.GetValue<string>(), Status = LifecycleStatus.CreateComplete, Data = data },
            },
        });
        return stack;
    }

    [MistralFact]
    public async Task Pending_and_queue_actions_are_skipped_with_the_reason_while_urls_are_posted()
    {
        var stack = await SaveStackAsync("alarmpend", new JsonObject
        {
            ["alarm_actions"] = new JsonArray(_receiver.BaseUrl + "/hook", "trust+zaqar://?queue_name=q"),
        }, new JsonArray(new JsonObject { ["property"] = "alarm_actions", ["waits_for"] = "get_attr workflow alarm_url" },
            new JsonObject { ["property"] = "ok_actions", ["waits_for"] = "get_attr other alarm_url" }));
        try
        {
            var result = await Trigger().TriggerAsync(stack, "alarm");

            Assert.True(result.AllDelivered);
            Assert.Equal(
                [(AlarmDeliveryOutcome.Delivered, 200), (AlarmDeliveryOutcome.Skipped, 0), (AlarmDeliveryOutcome.Skipped, 0)],
                result.Deliveries.Select(d => (d.Outcome, d.Status ?? 0)));
            Assert.Contains("Zaqar", result.Deliveries[1].Reason);
            Assert.Equal("(alarm_actions: get_attr workflow alarm_url)", result.Deliveries[2].Url);
            Assert.StartsWith("pending: the URL waits for get_attr workflow alarm_url", result.Deliveries[2].Reason);
            Assert.Single(_receiver.At("/hook"));
        }
        finally
        {
            await Store().DeleteAsync(stack);
        }
    }

    [MistralFact]
    public async Task Without_repeat_actions_staying_in_a_state_sends_nothing_and_a_disabled_alarm_is_refused()
    {
        var stack = await SaveStackAsync("alarmrep", new JsonObject
        {
            ["repeat_actions"] = false, ["alarm_actions"] = new JsonArray(_receiver.BaseUrl + "/hook"),
        });
        var disabled = await SaveStackAsync("alarmoff", new JsonObject
        {
            ["enabled"] = false, ["alarm_actions"] = new JsonArray(_receiver.BaseUrl + "/off"),
        });
        try
        {
            var first = await Trigger().TriggerAsync(stack, "alarm");
            Assert.Equal(AlarmDeliveryOutcome.Delivered, Assert.Single(first.Deliveries).Outcome);

            var second = await Trigger().TriggerAsync(stack, "alarm");
            Assert.Empty(second.Deliveries);
            Assert.Contains("does not repeat its actions", second.Note);
            Assert.Equal(("alarm", "alarm"), (second.Change.Previous, second.Change.Current));
            Assert.Single(_receiver.At("/hook"));

            var refused = await Assert.ThrowsAsync<DeploymentException>(() => Trigger().TriggerAsync(disabled, "alarm"));
            Assert.Contains("is disabled (enabled: false)", refused.Message);
            Assert.Equal("insufficient data", (await new RecordAlarmService(Store()).GetAsync(
                new StackAlarm(disabled, "alarm", (await Store().GetAsync(disabled))!.Resources["alarm"].PhysicalId!)))["state"]!.GetValue<string>());
            Assert.Empty(_receiver.At("/off"));
        }
        finally
        {
            await Store().DeleteAsync(stack);
            await Store().DeleteAsync(disabled);
        }
    }

    [MistralFact]
    public async Task An_unreachable_url_is_a_failed_delivery_with_the_reason()
    {
        var closed = new NotificationReceiver();
        var url = closed.BaseUrl + "/gone";
        closed.Dispose();
        var stack = await SaveStackAsync("alarmgone", new JsonObject { ["alarm_actions"] = new JsonArray(url) });
        try
        {
            var result = await Trigger().TriggerAsync(stack, "alarm");

            Assert.False(result.AllDelivered);
            var failed = Assert.Single(result.Deliveries);
            Assert.Equal((AlarmDeliveryOutcome.Failed, (int?)null, url), (failed.Outcome, failed.Status, failed.Url));
            Assert.StartsWith($"POST {url} failed: ", failed.ToString());
        }
        finally
        {
            await Store().DeleteAsync(stack);
        }
    }

    [Fact]
    public async Task The_record_service_creates_with_an_id_and_updates_keep_id_and_state_apart_from_the_definition()
    {
        var created = await new RecordAlarmService(new EmptyStore()).CreateAsync(new JsonObject { ["name"] = "a" });
        Assert.True(Guid.TryParse(created["alarm_id"]!.GetValue<string>(), out _));
        Assert.Equal("insufficient data", created["state"]!.GetValue<string>());
        Assert.Equal("alarm_actions", AlarmStates.ActionsOf(AlarmStates.Parse("ALARM")!));
        Assert.Equal("insufficient_data_actions", AlarmStates.ActionsOf(AlarmStates.Parse("insufficient_data")!));
        Assert.Null(AlarmStates.Parse("firing"));
    }

    /// <summary>A store that holds nothing, for what needs no record.</summary>
    private sealed class EmptyStore : IStackStateStore
    {
        public Task<StackRecord?> GetAsync(string stack, System.Threading.CancellationToken cancellationToken = default) => Task.FromResult<StackRecord?>(null);
        public Task<IReadOnlyList<StackRecord>> ListAsync(System.Threading.CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<StackRecord>>([]);
        public Task SaveAsync(StackRecord record, System.Threading.CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task DeleteAsync(string stack, System.Threading.CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, System.Threading.CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, System.Threading.CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> LockExistsAsync(string stack, System.Threading.CancellationToken cancellationToken = default) => Task.FromResult(false);
    }

    public void Dispose()
    {
        _http.Dispose();
        _receiver.Dispose();
        _mistral.Dispose();
    }
}
