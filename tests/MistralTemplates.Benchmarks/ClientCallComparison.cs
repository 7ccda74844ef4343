using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The calls of <see cref="ClientBenchmarks"/> (same setup, same methods), raw and client interleaved in one process
/// and in alternating order, so load that comes and goes on the machine or the server hits both sides alike.
/// BenchmarkDotNet runs each side in its own process minutes apart, which on a shared machine moves the ratio more
/// than the client does. The difference of the two calls of each pair is reported too: the two ran back to back,
/// so its median is the steadiest estimate of what the client adds.
/// </summary>
internal static class ClientCallComparison
{
    public const string Command = "compare-calls";

    private const int WarmUpPairs = 20;

    private static readonly (string Call, Func<ClientBenchmarks, Task> Raw, Func<ClientBenchmarks, Task> Client)[] Pairs =
    [
        ("GET workflow", b => b.GetWorkflowRaw(), b => b.GetWorkflowClient()),
        ("GET execution", b => b.GetExecutionRaw(), b => b.GetExecutionClient()),
        ("list 100 executions", b => b.ListExecutionsRaw(), b => b.ListExecutionsClient()),
        ("validate definition", b => b.ValidateRaw(), b => b.ValidateClient()),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var samples = 200;
        if (args is not [] && (args is not ["--samples", var text] || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out samples) || samples < 1))
        {
            Console.Error.WriteLine($"usage: {Command} [--samples N]   (pairs per call, 200; the server is MISTRAL_URL, else {MistralBenchServer.DefaultUrl})");
            return 2;
        }

        var benchmarks = new ClientBenchmarks();
        await benchmarks.SetupListAsync();
        try
        {
            Console.WriteLine("| call | raw median | client median | ratio of medians | median of client − raw per pair | raw p90 | client p90 | pairs |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (call, raw, client) in Pairs)
            {
                var (rawTimes, clientTimes) = await MeasurePairsAsync(benchmarks, raw, client, samples);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {call} | {Percentile(rawTimes, 50):0.00} ms | {Percentile(clientTimes, 50):0.00} ms | " +
                    $"{Percentile(clientTimes, 50) / Percentile(rawTimes, 50):0.000} | " +
                    $"{Percentile(clientTimes.Zip(rawTimes, (c, r) => c - r).ToList(), 50):+0.000;-0.000} ms | {Percentile(rawTimes, 90):0.00} ms | " +
                    $"{Percentile(clientTimes, 90):0.00} ms | {samples} |"));
            }
        }
        finally
        {
            await benchmarks.CleanupAsync();
        }
        return 0;
    }

    private static async Task<(List<double> Raw, List<double> Client)> MeasurePairsAsync(ClientBenchmarks benchmarks,
        Func<ClientBenchmarks, Task> raw, Func<ClientBenchmarks, Task> client, int samples)
    {
        var rawTimes = new List<double>();
        var clientTimes = new List<double>();
        for (var i = 0; i < WarmUpPairs + samples; i++)
        {
            var measured = i >= WarmUpPairs;
            // Alternate which side goes first, so neither always follows the other's connection or server state.
            if (i % 2 == 0)
            {
                await TimeAsync(raw, rawTimes);
                await TimeAsync(client, clientTimes);
            }
            else
            {
                await TimeAsync(client, clientTimes);
                await TimeAsync(raw, rawTimes);
            }
            if (!measured)
            {
                rawTimes.Clear();
                clientTimes.Clear();
            }
        }
        return (rawTimes, clientTimes);

        async Task TimeAsync(Func<ClientBenchmarks, Task> call, List<double> times)
        {
            var clock = Stopwatch.StartNew();
            await call(benchmarks);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    private static double Percentile(List<double> times, int percent)
    {
        var sorted = times.OrderBy(t => t).ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percent / 100)];
    }
}
