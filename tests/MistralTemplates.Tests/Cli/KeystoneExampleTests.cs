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
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.Mistral.Tests.Integration;
using Xunit.Abstractions;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// The three examples, each run as its own process with <c>--os-cloud demo</c>, deploy, run their workflow, list its
/// executions and destroy on the Mistral behind the real Keystone; afterwards nothing of the stack is left in demo's project.
/// </summary>
public sealed class KeystoneExampleTests(ITestOutputHelper log)
{
    private readonly KeystoneServer _keystone = KeystoneServer.SkipReasonFromEnvironment() is null ? KeystoneServer.FromEnvironment() : null!;

    [KeystoneFact]
    public async Task HelloWorkflow_deploys_signals_lists_executions_and_destroys_leaving_nothing_in_the_project()
    {
        var stack = "hello" + Guid.NewGuid().ToString("N")[..8];
        var dll = CloudProcess.Dll("HelloWorkflow");

        await CliAsync(dll, "deploy", "--stack", stack);
        var signal = await CliAsync(dll, "signal", "workflow", "--wait", "--stack", stack);
        Assert.Contains("SUCCESS {\"result\":\"Hello\"}", signal.Output);
        var executions = await ExecutionsAsync(dll, stack);
        Assert.Equal("SUCCESS", Assert.Single(executions)!["state"]!.GetValue<string>());

        await DestroyLeavingNothingAsync(dll, stack);
    }

    [KeystoneFact]
    public async Task CronVm_deploys_its_trigger_runs_lists_executions_and_destroys_leaving_nothing_in_the_project()
    {
        var stack = "cronvm" + Guid.NewGuid().ToString("N")[..8];
        var dll = CloudProcess.Dll("CronVm");

        await CliAsync(dll, "deploy", "--stack", stack);
        using (var demo = DemoClient())
        {
            // Mistral makes the trigger with a trust of demo's token; it runs the stack's workflow with its input.
            var trigger = await demo.CronTriggers.ListAsync().Where(t => t.WorkflowName == stack + ".workflow.create_vm").SingleAsync();
            Assert.Equal("1 0 * * *", trigger.Pattern);
            Assert.Equal(_keystone.IdOf("demo", "project_id"), trigger.ProjectId);
        }

        // The example's nova.* actions run on its simulated Nova only in the embedded engine; this Mistral has no Nova,
        // so the execution it starts ends in ERROR naming the missing action: exit code 1, as for any failed execution.
        var signal = await CloudProcess.RunAsync(dll, ["signal", "workflow", "--wait", "--stack", stack, "--os-cloud", "demo"], CloudProcess.CloudFiles());
        log.WriteLine($"signal: exit {signal.Code} in {signal.Elapsed.TotalSeconds:0.0} s");
        Assert.True(signal.Code == 1, signal.ToString());
        Assert.Contains($"{stack}.workflow.create_vm ERROR", signal.Output);
        Assert.Contains("Failed to find action [action_name=nova.servers_create", signal.Output);
        var executions = await ExecutionsAsync(dll, stack);
        Assert.Equal("ERROR", Assert.Single(executions)!["state"]!.GetValue<string>());

        await DestroyLeavingNothingAsync(dll, stack);
    }

    [KeystoneFact]
    public async Task AlarmWorkflow_deploys_serves_runs_on_its_alarm_lists_executions_and_destroys_leaving_nothing_in_the_project()
    {
        var stack = "alarm" + Guid.NewGuid().ToString("N")[..8];
        var dll = CloudProcess.Dll("AlarmWorkflow");
        var gateway = $"http://127.0.0.1:{FreePort()}";

        await CliAsync(dll, "deploy", "--stack", stack, "--public-url", gateway);
        // The gateway signals with the credentials it was started with: demo's, from the same clouds.yaml.
        using var serve = StartServe(dll, stack, gateway, out var served);
        try
        {
            await WaitUntilServingAsync(serve, served, $"{gateway}/v1/signals/{stack}/workflow");
            var trigger = await CliAsync(dll, "alarm", "trigger", "alarm", "--stack", stack);
            Assert.Contains($"POST {gateway}/v1/signals/{stack}/workflow?signature=(hidden) -> 202", trigger.Output);

            var clock = Stopwatch.StartNew();
            JsonNode? execution;
            while (true)
            {
                execution = Assert.Single(await ExecutionsAsync(dll, stack));
                if (execution!["state"]!.GetValue<string>() is not ("RUNNING" or "IDLE")) break;
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{execution.ToJsonString()}\n{served}");
                await Task.Delay(500);
            }
            Assert.Equal("SUCCESS", execution["state"]!.GetValue<string>());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }

        await DestroyLeavingNothingAsync(dll, stack);
    }

    /// <summary>A verb run with <c>--os-cloud demo</c> that must succeed; its time goes to the test's output.</summary>
    private async Task<CloudRun> CliAsync(string dll, params string[] arguments)
    {
        var run = await CloudProcess.RunAsync(dll, [.. arguments, "--os-cloud", "demo"], CloudProcess.CloudFiles());
        log.WriteLine($"{string.Join(' ', arguments.Take(2))}: exit {run.Code} in {run.Elapsed.TotalSeconds:0.0} s");
        Assert.True(run.Code == 0, run.ToString());
        Assert.DoesNotContain(_keystone.PasswordOf("demo"), run.Output + run.Error);
        return run;
    }

    private async Task<JsonArray> ExecutionsAsync(string dll, string stack) =>
        JsonNode.Parse((await CliAsync(dll, "executions", "workflow", "--json", "--stack", stack)).Output)!.AsArray();

    /// <summary>Destroys the stack with its executions, after counting what it has in demo's project, and counts again: nothing.</summary>
    private async Task DestroyLeavingNothingAsync(string dll, string stack)
    {
        using var demo = DemoClient();
        var before = await RemainsAsync(demo, stack);
        log.WriteLine($"{stack} in demo's project before destroy: {string.Join(", ", before)}");
        Assert.True(before.Count >= 3, string.Join(", ", before));   // at least its workflow, an execution and its record

        await CliAsync(dll, "destroy", "--delete-executions", "--stack", stack);

        var after = await RemainsAsync(demo, stack);
        log.WriteLine($"{stack} in demo's project after destroy: {after.Count}");
        Assert.Empty(after);
    }

    /// <summary>What demo's project holds of the stack: its workflows, executions, cron triggers and environments (record, lock).</summary>
    private static async Task<List<string>> RemainsAsync(MistralClient demo, string stack)
    {
        var prefix = stack + ".";
        var remains = new List<string>();
        remains.AddRange(await demo.Workflows.ListAsync().Where(w => w.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(w => "workflow " + w.Name).ToListAsync());
        remains.AddRange(await demo.Executions.ListAsync().Where(e => e.WorkflowName?.StartsWith(prefix, StringComparison.Ordinal) == true).Select(e => "execution " + e.Id).ToListAsync());
        remains.AddRange(await demo.CronTriggers.ListAsync().Where(t => t.WorkflowName?.StartsWith(prefix, StringComparison.Ordinal) == true).Select(t => "cron trigger " + t.Name).ToListAsync());
        remains.AddRange(await demo.Environments.ListAsync().Where(e => e.Name.Contains(stack, StringComparison.Ordinal)).Select(e => "environment " + e.Name).ToListAsync());
        return remains;
    }

    private MistralClient DemoClient() => new(MistralClientOptions.ForCloud(KeystoneClouds.Password(_keystone, "demo")));

    private static Process StartServe(string dll, string stack, string gateway, out StringBuilder served)
    {
        var start = CloudProcess.StartInfo(dll, ["serve", "--stack", stack, "--urls", gateway, "--os-cloud", "demo"], CloudProcess.CloudFiles());
        var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        served = output;
        return process;
    }

    /// <summary>Polls the gateway until it answers (an unsigned request is refused with 403 once it listens).</summary>
    private static async Task WaitUntilServingAsync(Process serve, StringBuilder served, string url)
    {
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(serve.HasExited, $"serve ended: {served}");
            try
            {
                using var answer = await http.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
                return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
