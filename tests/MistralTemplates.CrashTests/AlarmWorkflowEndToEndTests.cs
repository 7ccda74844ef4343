using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;
using MistralTemplates.Webhooks;
using Xunit.Abstractions;

namespace MistralTemplates.CrashTests;

/// <summary>
/// Use case 2 with real processes, as an operator runs it: the AlarmWorkflow example is deployed, its <c>serve</c>
/// gateway runs in the background, <c>alarm trigger</c> fires the alarm through it and the workflow runs; URLs that are
/// forged, another stack's, expired or carry too large a body start nothing; destroy makes the URL dead; SIGTERM stops
/// <c>serve</c> cleanly.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class AlarmWorkflowEndToEndTests(MistralServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ServeStartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ServeStopDeadline = TimeSpan.FromSeconds(15);

    private readonly List<string> _stacks = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private MistralClient? _mistral;
    private ExampleProcess? _serve;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_serve is not null) await _serve.DisposeAsync();
        if (_mistral is not null)
        {
            var store = new MistralEnvironmentStateStore(_mistral);
            foreach (var stack in _stacks)
                if (await store.GetAsync(stack) is not null)
                    await new StackDeployer(_mistral, store).DestroyAsync(stack, new DeployOptions { DeleteExecutions = true, BreakLock = true });
            _mistral.Dispose();
        }
        _http.Dispose();
    }

    [MistralFact]
    public async Task Deploy_serve_trigger_refuse_destroy_and_stop_as_separate_processes()
    {
        var clock = Stopwatch.StartNew();
        var dll = ExampleProcess.DllPath("AlarmWorkflow");
        _mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var store = new MistralEnvironmentStateStore(_mistral);
        var endpoint = server.Endpoint.ToString();
        var gateway = $"http://127.0.0.1:{FreePort()}";
        var stack = MistralServer.UniqueName("e2e");
        var other = MistralServer.UniqueName("e2eother");

        async Task<ExampleRun> Cli(params string[] arguments)
        {
            var run = await ExampleProcess.RunAsync(dll, arguments);
            output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {run.Command} -> {run.ExitCode}");
            Assert.True(run.ExitCode == 0, run.ToString());
            return run;
        }

        // 1. Deploy, with signal URLs handed out at the gateway's address.
        _stacks.Add(stack);
        await Cli("deploy", "--stack", stack, "--endpoint", endpoint, "--public-url", gateway);
        var record = await store.GetAsync(stack) ?? throw new Xunit.Sdk.XunitException($"{stack}: no record after deploy.");
        Assert.Equal(gateway + "/", record.PublicUrl);

        // 2. The gateway in the background, polled until it answers: an unsigned URL is refused.
        _serve = ExampleProcess.Start(dll, "serve", "--stack", stack, "--endpoint", endpoint, "--urls", gateway);
        await WaitUntilServingAsync($"{gateway}/v1/signals/{stack}/workflow");
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  serve answers");

        // 3. The alarm fires through the gateway; one execution of the stack's workflow runs to SUCCESS.
        var trigger = await Cli("alarm", "trigger", "alarm", "--stack", stack, "--endpoint", endpoint);
        Assert.Contains($"POST {gateway}/v1/signals/{stack}/workflow?signature=(hidden) -> 202", trigger.Output);
        var execution = Assert.Single(await ExecutionsAsync(record));
        var done = await new Signals(_mistral, store).WaitAsync(execution.Id, TimeSpan.FromSeconds(30));
        Assert.True(done.State == ExecutionState.Success, $"{done.State}: {done.StateInfo}");
        Assert.Equal("Alarm!", done.Output!["result"]!.GetValue<string>());
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  execution {execution.Id} {done.State}");

        // 4. What the gateway refuses, sent as any HTTP client would.
        var url = JsonNode.Parse((await Cli("attribute", "workflow", "alarm_url", "--stack", stack, "--endpoint", endpoint, "--json")).Output)!.GetValue<string>();
        Assert.StartsWith($"{gateway}/v1/signals/{stack}/workflow?signature=", url);
        _stacks.Add(other);
        await Cli("deploy", "--stack", other, "--endpoint", endpoint, "--public-url", gateway);
        var otherUrl = JsonNode.Parse((await Cli("attribute", "workflow", "alarm_url", "--stack", other, "--endpoint", endpoint, "--json")).Output)!.GetValue<string>();

        var signature = url.Split("signature=", 2)[1];
        Assert.DoesNotContain(signature, trigger.Output);
        var forged = url.Replace(signature, (signature[0] == 'A' ? "B" : "A") + signature[1..], StringComparison.Ordinal);
        var othersSignature = $"{gateway}/v1/signals/{stack}/workflow{new Uri(otherUrl).Query}";
        var expiredAdded = url.Replace("?signature=", $"?expires={DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}&signature=", StringComparison.Ordinal);
        var signedExpired = StackWebhook.Of((await store.GetAsync(stack))!)!.SignalUrl("workflow", DateTimeOffset.UtcNow.AddMinutes(-5)).AbsoluteUri;
        var oversized = "{\"input\": {\"x\": \"" + new string('a', 65 * 1024) + "\"}}";

        Assert.Equal(403, await PostAsync(forged, Notification));
        Assert.Equal(403, await PostAsync(othersSignature, Notification));
        Assert.Equal(403, await PostAsync(expiredAdded, Notification));
        Assert.Equal(403, await PostAsync(signedExpired, Notification));
        Assert.Equal(413, await PostAsync(url, oversized));
        Assert.Single(await ExecutionsAsync(record));
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  forged, other stack's, expired (2) -> 403; 65 KB -> 413; still 1 execution");

        // 5. Destroyed, with its executions: the URL handed out before is dead.
        await Cli("destroy", "--stack", stack, "--endpoint", endpoint, "--delete-executions");
        Assert.Null(await store.GetAsync(stack));
        Assert.Empty(await ExecutionsAsync(record));
        Assert.Equal(403, await PostAsync(url, Notification));
        await Cli("destroy", "--stack", other, "--endpoint", endpoint, "--delete-executions");

        // 6. SIGTERM stops serve, with exit code 0.
        var exit = await _serve.TerminateAsync(ServeStopDeadline);
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  serve after SIGTERM: exit {exit?.ToString() ?? "none"}");
        Assert.True(exit == 0, $"serve did not exit 0 within {ServeStopDeadline} of SIGTERM: {_serve}");
        Assert.Contains("Serving signals", _serve.ToString());
    }

    /// <summary>What Aodh posts to an alarm action when the alarm fires.</summary>
    private const string Notification = """
        {"alarm_id": "0c5a1d5c", "alarm_name": "cpu", "current": "alarm", "previous": "ok", "severity": "low",
         "reason": "Transition to alarm due to 1 samples outside threshold", "reason_data": {"type": "threshold", "most_recent": 12.5}}
        """;

    private async Task<int> PostAsync(string url, string body)
    {
        using var response = await _http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        return (int)response.StatusCode;
    }

    private async Task WaitUntilServingAsync(string unsignedUrl)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_serve!.HasExited, $"serve ended before it answered: {_serve}");
            try
            {
                if (await PostAsync(unsignedUrl, "{}") == 403) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(deadline.Elapsed < ServeStartDeadline, $"serve did not answer within {ServeStartDeadline}: {_serve}");
            await Task.Delay(100);
        }
    }

    private async Task<List<Execution>> ExecutionsAsync(StackRecord record)
    {
        var found = new List<Execution>();
        await foreach (var execution in _mistral!.Executions.ListAsync(new ExecutionQuery { WorkflowNames = record.Resources["workflow"].Workflows.ToList() }))
            found.Add(execution);
        return found;
    }

    /// <summary>A port nothing listens on now; the gateway binds it a moment later.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
