using System;
using System.Net.Http;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The same pairs as <see cref="ClientBenchmarks"/>, answered in memory by <see cref="CannedMistralHandler"/>:
/// no server, no sockets, so the difference between the two sides is the client's own time and allocations per call.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ClientOverheadBenchmarks : ClientCallBenchmarks
{
    [GlobalSetup]
    public void Setup()
    {
        const string workflowName = "bench_canned";
        var executionId = Guid.NewGuid().ToString();
        var answers = new CannedMistralHandler(workflowName, executionId, ListedExecutions);
        var client = new MistralClient(new MistralClientOptions { Endpoint = new Uri("http://127.0.0.1:8989") }, answers);
        Use(new HttpClient(answers, disposeHandler: false), client, workflowName, executionId);
    }

    [GlobalCleanup]
    public void Cleanup() => DisposeClients();
}
