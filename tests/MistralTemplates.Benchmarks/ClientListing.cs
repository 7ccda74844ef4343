using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Lists every execution of one workflow (5,000 by default) on a real server: through the client with the largest
/// page and with pages of 100, with a raw <see cref="HttpClient"/> following <c>next</c> for comparison, and one
/// GET per execution id the way Heat reads its <c>executions</c> attribute. Reports items, HTTP calls (counted on
/// the wire), median wall time and allocations.
/// </summary>
internal static class ClientListing
{
    public const string Command = "list-executions";

    public static async Task<int> RunAsync(string[] args)
    {
        if (ListingSettings.Parse(args) is not { } settings) return 2;
        var endpoint = MistralBenchServer.Endpoint();
        await MistralBenchServer.RequireReachableAsync(endpoint);
        var counter = new CallCountingHandler(PrimaryHandler.Create());
        using var client = new MistralClient(new MistralClientOptions { Endpoint = endpoint }, counter);
        // The raw listing shares the counted socket handler: same connections, and its calls are counted the same way.
        using var raw = new HttpClient(counter, disposeHandler: false);
        Console.WriteLine($"Mistral at {client.Endpoint}, workflow {settings.Workflow}, .NET {Environment.Version}, {Environment.ProcessorCount} cores");

        await PrepareAsync(client, settings);

        var byName = new ExecutionQuery { WorkflowNames = [settings.Workflow] };
        var ids = new List<string>();
        await foreach (var execution in client.Executions.ListAsync(byName with { Fields = ["id"] }))
            if (ids.Count < settings.PerId) ids.Add(execution.Id);

        var listings = new Listing[]
        {
            new("client, pages of 1000 (default)", () => MistralBenchServer.CountAsync(client.Executions.ListAsync(byName))),
            new("client, pages of 100", () => MistralBenchServer.CountAsync(client.Executions.ListAsync(byName with { PageSize = 100 }))),
            new("raw HttpClient following next, pages of 1000", () => RawListAsync(raw, client.Endpoint!, settings.Workflow)),
            new($"client, one GET per id (Heat's way), first {ids.Count}", async () =>
            {
                foreach (var id in ids) await client.Executions.GetAsync(id);
                return ids.Count;
            }),
        };
        var results = await new Measurement(counter, settings.Runs).RunAsync(listings);

        Print(results, settings.Runs);
        return 0;
    }

    /// <summary>Makes sure the workflow has at least the asked number of executions, all finished.</summary>
    private static async Task PrepareAsync(MistralClient client, ListingSettings settings)
    {
        await MistralBenchServer.EnsureWorkflowAsync(client, settings.Workflow);
        var existing = await MistralBenchServer.CountAsync(
            client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [settings.Workflow], Fields = ["id"] }));
        var missing = Math.Max(0, settings.Count - existing);
        Console.WriteLine($"{existing} executions exist; starting {missing} more, {settings.Parallelism} at a time");
        if (missing > 0)
        {
            var clock = Stopwatch.StartNew();
            await MistralBenchServer.StartExecutionsAsync(client, settings.Workflow, missing, settings.Parallelism,
                started => { if (started % 500 == 0) Console.WriteLine($"  {started} started, {clock.Elapsed.TotalSeconds:0} s"); });
            var startedIn = clock.Elapsed;
            await MistralBenchServer.WaitUntilFinishedAsync(client, settings.Workflow, TimeSpan.FromMinutes(30));
            Console.WriteLine($"Started {missing} in {startedIn.TotalSeconds:0.0} s ({missing / startedIn.TotalSeconds:0.0}/s); " +
                              $"all finished after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        else
        {
            await MistralBenchServer.WaitUntilFinishedAsync(client, settings.Workflow, TimeSpan.FromMinutes(30));
        }
    }

    /// <summary>
    /// The floor: pages of 1000 parsed with <see cref="JsonDocument"/>, following <c>next</c> as the server writes it.
    /// An equality filter survives the server's <c>next</c> link; the client's <c>in:</c> filter would not, which is
    /// why the client rebuilds the link.
    /// </summary>
    internal static async Task<int> RawListAsync(HttpClient raw, Uri api, string workflow, bool includeOutput = false)
    {
        var items = 0;
        var output = includeOutput ? "&include_output=true" : "";
        string? next = new Uri(api, $"executions?workflow_name={Uri.EscapeDataString(workflow)}&limit={ListQuery.MaxPageSize}{output}").ToString();
        while (next is not null)
        {
            using var response = await raw.GetAsync(next, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var document = await JsonDocument.ParseAsync(stream);
            items += document.RootElement.GetProperty("executions").GetArrayLength();
            next = document.RootElement.TryGetProperty("next", out var link) ? link.GetString() : null;
            // The server's link leaves include_output out.
            if (next is not null && includeOutput && !next.Contains("include_output", StringComparison.Ordinal)) next += output;
        }
        return items;
    }

    private static void Print(IReadOnlyList<Result> results, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"| listing | items | HTTP calls | median of {runs} | per execution | allocated |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Items} | {r.Calls} | {r.Median.TotalMilliseconds:0} ms | {r.Median.TotalMicroseconds / r.Items:0} µs | {Size(r.AllocatedBytes)} |"));
        }
        Console.WriteLine();
        Console.WriteLine("Runs (ms): " + string.Join("; ", results.Select(r =>
            r.Name + ": " + string.Join(", ", r.Runs.Select(t => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture))))));
    }

    private static string Size(long bytes) => bytes < 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");

    private sealed record Result(string Name, int Items, int Calls, TimeSpan Median, long AllocatedBytes, IReadOnlyList<TimeSpan> Runs);

    private sealed record Listing(string Name, Func<Task<int>> Run);

    /// <summary>
    /// One warm-up run of each listing (JIT, connections), then rounds in which every listing runs once, starting
    /// with a different one each round, so load that comes and goes spreads over all of them. Every run of a listing
    /// must yield the same items with the same number of calls; allocations (process-wide) are its last run's.
    /// </summary>
    private sealed class Measurement(CallCountingHandler counter, int rounds)
    {
        public async Task<IReadOnlyList<Result>> RunAsync(IReadOnlyList<Listing> listings)
        {
            var warmUps = new List<(int Items, int Calls)>();
            foreach (var listing in listings)
            {
                Console.WriteLine($"warm-up: {listing.Name}...");
                var (items, calls, _, _) = await TimeAsync(listing);
                warmUps.Add((items, calls));
            }
            var times = listings.Select(_ => new List<TimeSpan>()).ToList();
            var allocated = new long[listings.Count];
            for (var round = 0; round < rounds; round++)
            {
                Console.WriteLine($"round {round + 1} of {rounds}");
                for (var k = 0; k < listings.Count; k++)
                {
                    var i = (round + k) % listings.Count;
                    var (items, calls, elapsed, bytes) = await TimeAsync(listings[i]);
                    if ((items, calls) != warmUps[i])
                        throw new InvalidOperationException($"{listings[i].Name}: {items} items in {calls} calls in round {round + 1}, " +
                                                            $"{warmUps[i].Items} in {warmUps[i].Calls} in the warm-up.");
                    times[i].Add(elapsed);
                    allocated[i] = bytes;
                }
            }
            return listings.Select((listing, i) =>
                new Result(listing.Name, warmUps[i].Items, warmUps[i].Calls, Median(times[i]), allocated[i], times[i])).ToList();
        }

        private async Task<(int Items, int Calls, TimeSpan Elapsed, long Allocated)> TimeAsync(Listing listing)
        {
            counter.Reset();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var items = await listing.Run();
            var elapsed = clock.Elapsed;
            return (items, counter.Calls, elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        }

        private static TimeSpan Median(List<TimeSpan> times) => times.OrderBy(t => t).ElementAt(times.Count / 2);
    }
}
