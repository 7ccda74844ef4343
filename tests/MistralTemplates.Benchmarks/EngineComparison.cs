using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Engine;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The embedded engine against the real Mistral on the same machine: executions per second of a hello workflow
/// (N started, a few at a time, until the last one finished), the latency of one execution, the memory 10,000
/// finished executions hold, and a YAQL-heavy workflow. The real server's counts are smaller: it is two orders of
/// magnitude slower, and the rate is what is compared.
/// </summary>
internal static class EngineComparison
{
    public const string Command = "engine";

    public const string HelloDefinition = """
        version: '2.0'
        {0}:
          input:
            - name: World
          output:
            greeting: <% $.greeting %>
          tasks:
            greet:
              action: std.echo output="Hello, <% $.name %>!"
              publish:
                greeting: <% task().result %>
        """;

    // Each task does real work in YAQL: a thousand-item pipeline, a dictionary built from it, string functions.
    public const string YaqlDefinition = """
        version: '2.0'
        {0}:
          input:
            - size: 1000
          output:
            total: <% $.total %>
            keys: <% $.keys %>
            text: <% $.text %>
          tasks:
            numbers:
              action: std.echo output=<% range(0, $.size).select($ * 3).where($ mod 2 = 0).sum() %>
              publish:
                total: <% task().result %>
              on-success: [index]
            index:
              action: std.noop
              publish:
                keys: <% dict(range(0, 200).select([str($), $ * $])).keys().where($.startsWith('1')).len() %>
              on-success: [words]
            words:
              action: std.noop
              publish:
                text: <% range(0, 100).select(str($)).join('-').toUpper().replace('-', ',').split(',').len() %>
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var embeddedCount = IntOption(args, "--embedded", 10_000);
        var serverCount = IntOption(args, "--server", 300);
        var parallelism = IntOption(args, "--parallel", 4);
        var withServer = !args.Contains("--no-server");
        Console.WriteLine($"hello: {embeddedCount} executions embedded, {(withServer ? serverCount.ToString(CultureInfo.InvariantCulture) : "no")} on the server, " +
                          $"{parallelism} starts at a time; .NET {Environment.Version}, {Environment.ProcessorCount} cores");

        var folder = Path.Combine(Path.GetTempPath(), "mt-engine-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            using (var engine = EmbeddedWorkflowService.Open(folder))
            {
                var hello = await MeasureAsync("embedded", engine, HelloDefinition, embeddedCount, parallelism, engine.WaitForRunningAsync);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
                var database = new FileInfo(Path.Combine(folder, "engine.db")).Length
                               + (File.Exists(Path.Combine(folder, "engine.db-wal")) ? new FileInfo(Path.Combine(folder, "engine.db-wal")).Length : 0);
                Console.WriteLine($"  memory: managed heap {Mb(heapAfter - heapBefore)} more after {hello.Count} finished executions " +
                                  $"({(heapAfter - heapBefore) / (double)hello.Count:0} bytes each), working set {Mb(Environment.WorkingSet)}, " +
                                  $"engine.db {Mb(database)} ({database / (double)hello.Count:0} bytes each)");
                await LatencyAsync("embedded", engine, HelloDefinition, engine.WaitForRunningAsync);
                await MeasureAsync("embedded", engine, YaqlDefinition, Math.Max(100, embeddedCount / 10), parallelism, engine.WaitForRunningAsync);
                await LatencyAsync("embedded", engine, YaqlDefinition, engine.WaitForRunningAsync);
            }

            if (withServer)
            {
                var endpoint = MistralBenchServer.Endpoint();
                await MistralBenchServer.RequireReachableAsync(endpoint);
                using var client = new MistralClient(new MistralClientOptions { Endpoint = endpoint });
                await MeasureAsync($"server {endpoint}", client, HelloDefinition, serverCount, parallelism, _ => Task.CompletedTask);
                await LatencyAsync("server", client, HelloDefinition, _ => Task.CompletedTask);
                await MeasureAsync($"server {endpoint}", client, YaqlDefinition, Math.Max(20, serverCount / 10), parallelism, _ => Task.CompletedTask);
                await LatencyAsync("server", client, YaqlDefinition, _ => Task.CompletedTask);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    private sealed record Throughput(int Count, TimeSpan Elapsed);

    /// <summary>Starts <paramref name="count"/> executions and waits until the last has finished; every one must succeed.</summary>
    private static async Task<Throughput> MeasureAsync(string side, IWorkflowService service, string template, int count, int parallelism,
        Func<System.Threading.CancellationToken, Task> settle)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..10];
        await service.Workflows.CreateAsync(string.Format(CultureInfo.InvariantCulture, template, name));
        var clock = Stopwatch.StartNew();
        await MistralBenchServer.StartExecutionsAsync(service, name, count, parallelism, input: _ => null);
        await settle(default);
        await MistralBenchServer.WaitUntilFinishedAsync(service, name, TimeSpan.FromMinutes(30));
        var elapsed = clock.Elapsed;
        var succeeded = await MistralBenchServer.CountAsync(service.Executions.ListAsync(
            new ExecutionQuery { WorkflowNames = [name], States = [ExecutionState.Success], Fields = ["id"] }));
        if (succeeded != count)
        {
            var failed = await service.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [name], States = [ExecutionState.Error] }).FirstOrDefaultAsync();
            throw new InvalidOperationException($"{side}: {succeeded} of {count} executions of {name} succeeded; one failed with: {failed?.StateInfo}");
        }
        var kind = template == HelloDefinition ? "hello" : "yaql-heavy";
        Console.WriteLine($"{side}, {kind}: {count} executions in {elapsed.TotalSeconds:0.00} s = {count / elapsed.TotalSeconds:0.0} executions/s");
        // On a shared machine the wall-clock rate depends on the neighbours; the process's own CPU time does not.
        if (Environment.GetCommandLineArgs().Contains("--cpu"))
            Console.WriteLine($"  cpu: {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.00} s used by this process so far; load average {LoadAverage()}");
        return new Throughput(count, elapsed);
    }

    /// <summary>Median time from start to a finished record of one execution at a time, over 9 runs after a warm-up.</summary>
    private static async Task LatencyAsync(string side, IWorkflowService service, string template, Func<System.Threading.CancellationToken, Task> settle)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..10];
        await service.Workflows.CreateAsync(string.Format(CultureInfo.InvariantCulture, template, name));
        var samples = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            var started = await service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name });
            await settle(default);
            while (!(await service.Executions.GetAsync(started.Id)).State.IsCompleted())
                await Task.Delay(TimeSpan.FromMilliseconds(10));
            if (i > 0) samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        var kind = template == HelloDefinition ? "hello" : "yaql-heavy";
        Console.WriteLine($"{side}, {kind}: one execution start to finish, median {samples[samples.Count / 2]:0.0} ms (min {samples[0]:0.0}, max {samples[^1]:0.0})");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";
}
