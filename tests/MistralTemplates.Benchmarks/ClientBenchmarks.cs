using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// What the Mistral client costs on top of the HTTP call it makes, on a real server (<c>MISTRAL_URL</c>, else
/// http://127.0.0.1:8989). Both sides use the same socket handler settings and keep their connections alive.
/// Ratio is client time over raw time for the same call. The setup makes a uniquely named workflow and its
/// executions (all finished before measuring), and the cleanup deletes them.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ClientBenchmarks : ClientCallBenchmarks
{
    private readonly string _workflowName = "bench_client_" + Guid.NewGuid().ToString("N")[..12];

    [GlobalSetup(Targets = [nameof(GetWorkflowRaw), nameof(GetWorkflowClient), nameof(GetExecutionRaw), nameof(GetExecutionClient),
        nameof(ValidateRaw), nameof(ValidateClient)])]
    public Task SetupAsync() => SetupAsync(executions: 1);

    [GlobalSetup(Targets = [nameof(ListExecutionsRaw), nameof(ListExecutionsClient)])]
    public Task SetupListAsync() => SetupAsync(executions: ListedExecutions);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await foreach (var execution in Client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [_workflowName], Fields = ["id"] }))
            await Client.Executions.DeleteAsync(execution.Id, force: true);
        await Client.Workflows.DeleteAsync(_workflowName);
        DisposeClients();
    }

    private async Task SetupAsync(int executions)
    {
        var endpoint = MistralBenchServer.Endpoint();
        await MistralBenchServer.RequireReachableAsync(endpoint);
        var client = new MistralClient(new MistralClientOptions { Endpoint = endpoint });
        await client.Workflows.CreateAsync(MistralBenchServer.EchoDefinition(_workflowName));
        var ids = await MistralBenchServer.StartExecutionsAsync(client, _workflowName, executions, parallelism: 4);
        await MistralBenchServer.WaitUntilFinishedAsync(client, _workflowName, TimeSpan.FromMinutes(5));
        Use(MistralBenchServer.RawHttpClient(), client, _workflowName, ids[0]);
    }
}
