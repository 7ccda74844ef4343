using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Deployment.Alarms;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;
using MistralTemplates.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MistralTemplates.Tests.Webhooks;

/// <summary>The gateway hosted here on a free port, in front of the real Mistral, with the AlarmWorkflow example deployed.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class SignalGatewayTests(MistralServer server) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> NoParameters = new();
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private readonly LogLines _log = new();
    private readonly List<string> _stacks = [];
    private MistralEnvironmentStateStore _store = null!;
    private GatedStore _gatedStore = null!;
    private WebApplication? _gateway;
    private Uri _base = null!;

    private static StackTemplate Example() => new("alarm.yaml", GatewayRequests.FindExample("AlarmWorkflow", "alarm.yaml"));

    public async Task InitializeAsync()
    {
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is not null) return;
        _store = new MistralEnvironmentStateStore(_mistral);
        _gatedStore = new GatedStore(_store);
        _gateway = SignalGateway.Create(_mistral, _gatedStore, new SignalGatewayOptions { Urls = ["http://127.0.0.1:0"], Clock = _clock },
            logging => logging.AddProvider(_log));
        await _gateway.StartAsync();
        _base = new Uri(_gateway.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var stack in _stacks)
            if (await _store.GetAsync(stack) is not null)
                await new StackDeployer(_mistral, _store).DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        _http.Dispose();
        _mistral.Dispose();
    }

    private async Task<(string Stack, StackRecord Record, string Url)> DeployAsync(string prefix)
    {
        var stack = MistralServer.UniqueName(prefix);
        _stacks.Add(stack);
        var deployed = await new StackDeployer(_mistral, _store).DeployAsync(Example(), stack, NoParameters, new DeployOptions { PublicUrl = _base });
        var url = (await new StackDeployer(_mistral, _store).GetAttributeAsync(stack, "workflow", "alarm_url"))!.GetValue<string>();
        return (stack, deployed.Record, url);
    }

    private Task<List<Execution>> ExecutionsAsync(StackRecord record) => _mistral.ExecutionsOfAsync(record.Resources["workflow"].Workflows);

    [MistralFact]
    public async Task The_alarms_url_starts_the_workflow_once_per_delivery_and_fails_after_destroy()
    {
        var (stack, record, url) = await DeployAsync("hook");

        Assert.StartsWith($"{_base}v1/signals/{stack}/workflow?signature=", url);
        var alarm = (await new StackDeployer(_mistral, _store).GetAttributeAsync(stack, "alarm", "show"))!;
        Assert.Equal(url, Assert.Single(alarm["alarm_actions"]!.AsArray())!.GetValue<string>());
        Assert.False(record.Resources["alarm"].Data.ContainsKey(MistralTemplates.Deployment.Resources.LocalAlarmResourceProvider.PendingActionsKey));

        var (status, body) = await _http.PostAsync(url, GatewayRequests.AodhNotification);
        Assert.Equal(202, status);
        var id = body!["execution_id"]!.GetValue<string>();
        var (again, againBody) = await _http.PostAsync(url, GatewayRequests.AodhNotification);   // a retried delivery
        Assert.Equal(202, again);
        Assert.Equal(id, againBody!["execution_id"]!.GetValue<string>());
        Assert.Equal(id, Assert.Single(await ExecutionsAsync(record)).Id);
        var done = await new Signals(_mistral, _store).WaitAsync(id, TimeSpan.FromMinutes(1));
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Alarm!", done.Output!["result"]!.GetValue<string>());

        // The next window is a new delivery.
        _clock.Now += TimeSpan.FromSeconds(60);
        var (later, laterBody) = await _http.PostAsync(url, GatewayRequests.AodhNotification);
        Assert.Equal(202, later);
        Assert.NotEqual(id, laterBody!["execution_id"]!.GetValue<string>());
        Assert.Equal(2, (await ExecutionsAsync(record)).Count);

        // A changed deploy keeps the secret, so the URL handed out before still works.
        var changed = new StackTemplate("alarm.yaml", Example().Text.Replace("threshold: 0", "threshold: 80"));
        var updated = await new StackDeployer(_mistral, _store).DeployAsync(changed, stack, NoParameters);
        Assert.Equal(record.SignalSecret, updated.Record.SignalSecret);
        Assert.Equal(_base.AbsoluteUri, updated.Record.PublicUrl);
        Assert.Equal(url, (await new StackDeployer(_mistral, _store).GetAttributeAsync(stack, "workflow", "alarm_url"))!.GetValue<string>());

        await new StackDeployer(_mistral, _store).DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        Assert.Equal(403, (await _http.PostAsync(url, """{"current": "alarm"}""")).Status);
        Assert.Contains(_log.All, line => line.StartsWith($"POST /v1/signals/{stack}/workflow -> 403", StringComparison.Ordinal) && line.EndsWith("refused: no such stack", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.All, line => line.Contains("signature=", StringComparison.Ordinal));
    }

    [MistralFact]
    public async Task A_rotated_secret_refuses_the_old_url_and_the_next_deploy_gives_the_alarm_the_new_one()
    {
        var (stack, record, oldUrl) = await DeployAsync("hookrotate");
        var deployer = new StackDeployer(_mistral, _store);

        await deployer.RotateSignalSecretAsync(stack);
        Assert.Equal(403, (await _http.PostAsync(oldUrl, GatewayRequests.AodhNotification)).Status);
        Assert.Empty(await ExecutionsAsync(record));

        var newUrl = (await deployer.GetAttributeAsync(stack, "workflow", "alarm_url"))!.GetValue<string>();
        Assert.NotEqual(oldUrl, newUrl);
        var plan = await deployer.PlanAsync(Example(), stack, NoParameters);
        Assert.Equal(ChangeKind.Update, plan.Changes.Single(c => c.Resource == "alarm").Kind);
        await deployer.DeployAsync(Example(), stack, NoParameters);
        var alarm = (await deployer.GetAttributeAsync(stack, "alarm", "show"))!;
        Assert.Equal(newUrl, Assert.Single(alarm["alarm_actions"]!.AsArray())!.GetValue<string>());
        Assert.Equal(202, (await _http.PostAsync(newUrl, GatewayRequests.AodhNotification)).Status);
    }

    [MistralFact]
    public async Task Refused_deliveries_start_nothing_and_say_why_in_the_log()
    {
        var (stack, record, url) = await DeployAsync("hookbad");
        var (otherStack, _, otherUrl) = await DeployAsync("hookother");
        var webhook = StackWebhook.Of(record)!;
        var signature = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["signature"]!;
        var forged = url.Replace(signature, (signature[0] == 'A' ? "B" : "A") + signature[1..], StringComparison.Ordinal);
        var othersSignature = new Uri(otherUrl).Query;

        Assert.Equal(403, (await _http.PostAsync(forged, "{}")).Status);
        Assert.Equal(403, (await _http.PostAsync($"{_base}v1/signals/{stack}/workflow{othersSignature}", "{}")).Status);
        Assert.Equal(403, (await _http.PostAsync(webhook.SignalUrl("workflow", _clock.Now.AddSeconds(-1)).AbsoluteUri, "{}")).Status);
        Assert.Equal(403, (await _http.PostAsync(webhook.SignalUrl("alarm").AbsoluteUri, "{}")).Status);          // not a workflow
        Assert.Equal(403, (await _http.PostAsync(url.Replace(stack, otherStack + "x", StringComparison.Ordinal), "{}")).Status);
        Assert.Equal(403, (await _http.PostAsync(url.Split('?')[0], "{}")).Status);                                // unsigned

        var oversized = "{\"input\": {\"x\": \"" + new string('a', 65 * 1024) + "\"}}";
        Assert.Equal(413, (await _http.PostAsync(url, oversized)).Status);
        Assert.Equal(413, await _http.PostChunkedAsync(url, Encoding.UTF8.GetBytes(oversized)));
        Assert.Equal(400, (await _http.PostAsync(url, """{"input": {"a": """)).Status);
        var (unknownInput, why) = await _http.PostAsync(url, """{"input": {"nope": 1}}""");
        Assert.Equal(400, unknownInput);
        Assert.Contains("does not take", why!["error"]!.GetValue<string>());
        Assert.Empty(await ExecutionsAsync(record));

        // The same URL with an expiry still ahead is taken: the refusals above were for what they changed.
        var (accepted, _) = await _http.PostAsync(webhook.SignalUrl("workflow", _clock.Now.AddMinutes(5)).AbsoluteUri, "{}");
        Assert.Equal(202, accepted);
        Assert.Single(await ExecutionsAsync(record));

        string[] reasons = ["signature mismatch", "signature expired", "no such workflow resource", "no such stack", "signature missing",
            "body too large", "bad JSON", "not started"];
        foreach (var reason in reasons)
            Assert.Contains(_log.All, line => line.StartsWith($"POST /v1/signals/", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
    }

    [MistralFact]
    public async Task Alarm_trigger_posts_to_the_gateway_and_the_workflow_runs()
    {
        var (stack, record, url) = await DeployAsync("hooktrigger");

        var result = await new AlarmTrigger(_store, new RecordAlarmService(_store), _http).TriggerAsync(stack, "alarm");

        var delivery = Assert.Single(result.Deliveries);
        Assert.Equal(url, delivery.Url);
        Assert.Equal((AlarmDeliveryOutcome.Delivered, 202), (delivery.Outcome, delivery.Status));
        // What is printed never shows the signature: the URL alone starts the workflow.
        var signature = new Uri(url).Query.Split('&').Single(p => p.TrimStart('?').StartsWith("signature=", StringComparison.Ordinal)).Split('=', 2)[1];
        Assert.DoesNotContain(signature, delivery.ToString());
        Assert.Contains("signature=(hidden)", delivery.ToString());
        var execution = Assert.Single(await ExecutionsAsync(record));
        var done = await new Signals(_mistral, _store).WaitAsync(execution.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Alarm!", done.Output!["result"]!.GetValue<string>());
    }

    [MistralFact]
    public async Task Stopping_the_gateway_finishes_the_request_in_flight()
    {
        var (_, record, url) = await DeployAsync("hookstop");
        _gatedStore.Close();

        var delivery = _http.PostAsync(url, GatewayRequests.AodhNotification);
        await _gatedStore.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = _gateway!.StopAsync();
        _gatedStore.Open();

        var (status, body) = await delivery;
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(202, status);
        Assert.Equal(body!["execution_id"]!.GetValue<string>(), Assert.Single(await ExecutionsAsync(record)).Id);
    }
}
