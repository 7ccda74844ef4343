using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.State;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Reads the <c>executions</c> attribute of a workflow resource with N executions (2,000 by default): through
/// <see cref="StackDeployer.GetAttributeAsync"/>, through the stack's command line (<c>executions wf --json</c>) as its
/// own process, as a raw listing that follows <c>next</c> (the floor), and through Heat
/// (<c>GET .../resources/wf?with_attr=executions</c>) when one is given. Both stacks (<c>bench-executions</c>, and
/// <c>bench_executions</c> in Heat) are kept, so later runs skip creating them. The executions are started directly
/// through the Mistral API with ids chosen by the client; ours lists its resource's executions by workflow name, and
/// Heat lists the ids recorded in its resource data, which are written into Heat's database as its signals would.
/// </summary>
internal static class ExecutionsAttributeComparison
{
    public const string Command = "executions-attr";

    private const string OurStack = "bench-executions";
    private const string HeatStack = "bench_executions";
    private const int StartParallelism = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        if (RuntimeBenchSettings.Parse(Command, args) is not { } settings) return 2;
        var endpoint = MistralBenchServer.Endpoint();
        await MistralBenchServer.RequireReachableAsync(endpoint);
        var counter = new CallCountingHandler(PrimaryHandler.Create());
        using var client = new MistralClient(new MistralClientOptions { Endpoint = endpoint }, counter);
        using var raw = new HttpClient(counter, disposeHandler: false);
        var deployer = new StackDeployer(client, new MistralEnvironmentStateStore(client));
        Console.WriteLine($"Mistral at {client.Endpoint}, {settings.Count} executions, {settings.Rounds} rounds, .NET {Environment.Version}, " +
                          $"{Environment.ProcessorCount} cores");

        await deployer.DeployAsync(BenchStacks.StackTemplateOf("echo"), OurStack, new Dictionary<string, string>());
        var ourWorkflow = (await new MistralEnvironmentStateStore(client).GetAsync(OurStack))!.Resources["wf"].Workflows.Single();
        var ours = await EnsureExecutionsAsync(client, ourWorkflow, settings.Count);

        var sides = new List<(string Name, Func<Task<(int Items, int Calls)>> Read)>
        {
            ("ours: StackDeployer.GetAttributeAsync", async () =>
            {
                counter.Reset();
                var executions = (JsonArray)(await deployer.GetAttributeAsync(OurStack, "wf", "executions"))!;
                return (executions.Count, counter.Calls);
            }),
            ("floor: raw listing following next", async () =>
            {
                counter.Reset();
                // With outputs, as the attribute shows them.
                return (await ClientListing.RawListAsync(raw, client.Endpoint!, ourWorkflow, includeOutput: true), counter.Calls);
            }),
        };
        if (settings.Cli)
        {
            sides.Add(("ours: `executions wf --json` process", async () =>
            {
                var run = await CliRun.RunAsync(endpoint, "echo", ["executions", "wf", "--stack", OurStack, "--json"]);
                return (JsonNode.Parse(run.Output)!.AsArray().Count, run.Calls);
            }));
        }
        var heatCount = 0;
        HeatPeer? heat = null;
        try
        {
            if (settings.Heat is not null)
            {
                heat = new HeatPeer(settings.Heat);
                var (id, heatWorkflow) = await HeatStackAsync(heat);
                heatCount = await EnsureExecutionsAsync(client, heatWorkflow, settings.Count);
                await RecordInHeatAsync(client, heatWorkflow, settings.HeatDatabase!);
                var log = settings.HeatCallsLog is null ? null : new ProxyLog(settings.HeatCallsLog);
                sides.Add(("Heat: GET resource with_attr=executions", async () =>
                {
                    var mark = log?.Mark() ?? 0;
                    var resource = await heat.ResourceAsync(HeatStack, id, "wf", "executions");
                    var items = resource["attributes"]?["executions"]?.AsArray().Count ?? 0;
                    return (items, log is null ? -1 : await log.CountSinceAsync(mark));
                }));
            }

            var table = new SampleTable();
            for (var round = 0; round <= settings.Rounds; round++)
            {
                Console.WriteLine(round == 0 ? "warm-up (not reported)" : $"round {round} of {settings.Rounds}");
                for (var k = 0; k < sides.Count; k++)
                {
                    var (name, read) = sides[(round + k) % sides.Count];
                    var clock = Stopwatch.StartNew();
                    int items, calls;
                    try
                    {
                        (items, calls) = await read();
                    }
                    catch (HttpRequestException e) when (name.StartsWith("Heat", StringComparison.Ordinal))
                    {
                        // Heat's API gives up on its engine after rpc_response_timeout (60 s by default) and answers 500.
                        Console.WriteLine($"  {name} failed after {clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
                        if (round > 0) table.Add(new Sample(name, "executions: failed", clock.Elapsed, -1, 0));
                        continue;
                    }
                    var elapsed = clock.Elapsed;
                    var expected = name.StartsWith("Heat", StringComparison.Ordinal) ? heatCount : ours;
                    if (items != expected) throw new InvalidOperationException($"{name} listed {items} executions, not {expected}.");
                    if (round > 0) table.Add(new Sample(name, "executions", elapsed, calls, 0));
                }
            }
            table.Print("floor: raw listing following next");
        }
        finally
        {
            heat?.Dispose();
        }
        return 0;
    }

    /// <summary>Starts what is missing of <paramref name="count"/> executions, with client-chosen ids; returns how many there are.</summary>
    private static async Task<int> EnsureExecutionsAsync(MistralClient client, string workflow, int count)
    {
        var query = new ExecutionQuery { WorkflowNames = [workflow], Fields = ["id"] };
        var existing = await MistralBenchServer.CountAsync(client.Executions.ListAsync(query));
        if (existing < count)
        {
            var clock = Stopwatch.StartNew();
            Console.WriteLine($"{workflow}: {existing} executions; starting {count - existing}, {StartParallelism} at a time");
            await MistralBenchServer.StartExecutionsAsync(client, workflow, count - existing, StartParallelism,
                started => { if (started % 500 == 0) Console.WriteLine($"  {started} started, {clock.Elapsed.TotalSeconds:0} s"); });
        }
        await MistralBenchServer.WaitUntilFinishedAsync(client, workflow, TimeSpan.FromMinutes(30));
        return await MistralBenchServer.CountAsync(client.Executions.ListAsync(query));
    }

    /// <summary>Heat's one-workflow stack, created the first time: its id and the name of its workflow in Mistral.</summary>
    private static async Task<(string Id, string Workflow)> HeatStackAsync(HeatPeer heat)
    {
        var id = await heat.FindAsync(HeatStack) ?? await heat.CreateAsync(HeatStack, BenchStacks.EchoWorkflow());
        var resource = await heat.ResourceAsync(HeatStack, id, "wf");
        return (id, resource["physical_resource_id"]!.GetValue<string>());
    }

    /// <summary>
    /// Writes the ids of every execution of Heat's workflow into its resource data, as Heat's own signal handler keeps
    /// them (key <c>executions</c>, the ids joined by commas). Signalling Heat 2,000 times, one at a time so that none
    /// is lost, would take far longer than the measurement.
    /// </summary>
    private static async Task RecordInHeatAsync(MistralClient client, string workflow, string database)
    {
        var ids = new List<string>();
        await foreach (var execution in client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [workflow], Fields = ["id"] }))
            ids.Add(execution.Id);
        var resource = $"(SELECT r.id FROM resource r JOIN stack s ON r.stack_id = s.id WHERE s.name = '{HeatStack}' AND r.name = 'wf' " +
                       "AND s.deleted_at IS NULL ORDER BY r.id DESC LIMIT 1)";
        var sql = $"""
            DELETE FROM resource_data WHERE key = 'executions' AND resource_id = {resource};
            INSERT INTO resource_data (created_at, key, value, redact, resource_id)
              VALUES (datetime('now'), 'executions', '{string.Join(',', ids)}', 0, {resource});
            SELECT length(value) - length(replace(value, ',', '')) + 1 FROM resource_data WHERE key = 'executions' AND resource_id = {resource};
            """;
        var start = new ProcessStartInfo("sqlite3", [database]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start sqlite3.");
        await process.StandardInput.WriteAsync(sql);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || output.Trim() != ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"Could not record {ids.Count} execution ids in Heat's database {database}: {error}{output}");
        Console.WriteLine($"Heat's resource wf lists {ids.Count} executions of {workflow}");
    }
}
