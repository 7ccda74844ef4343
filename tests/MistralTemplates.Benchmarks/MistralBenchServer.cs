using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The Mistral server the client benchmarks talk to (<c>MISTRAL_URL</c>, else the default dev port) and the
/// workflows and executions they need on it.
/// </summary>
internal static class MistralBenchServer
{
    public const string DefaultUrl = "http://127.0.0.1:8989";

    private static readonly ExecutionState[] Unfinished =
        [ExecutionState.Idle, ExecutionState.Waiting, ExecutionState.Running, ExecutionState.RunningDelayed, ExecutionState.Paused];

    public static Uri Endpoint() =>
        new(Environment.GetEnvironmentVariable("MISTRAL_URL") is { Length: > 0 } url ? url : DefaultUrl);

    /// <summary>
    /// An <see cref="HttpClient"/> over the same socket handler the Mistral client uses (pooled keep-alive
    /// connections, no redirects, no cookies), without anything the client adds on top.
    /// </summary>
    public static HttpClient RawHttpClient() => new(PrimaryHandler.Create()) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A one-task workflow with an input, so executions carry input and params like real ones.</summary>
    public static string EchoDefinition(string name) => $$"""
        version: '2.0'
        {{name}}:
          input: [n]
          tasks:
            echo:
              action: std.echo output=<% $.n %>
        """;

    /// <summary>Fails with a hint when nothing answers at the endpoint, instead of a bare connection error later.</summary>
    public static async Task RequireReachableAsync(Uri endpoint)
    {
        using var http = RawHttpClient();
        try
        {
            using var response = await http.GetAsync(new Uri(endpoint, "/v2/"));
            response.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new InvalidOperationException(
                $"No Mistral API answers at {endpoint} ({e.Message}). Start one with `scripts/mistral-server.sh start` " +
                "or point MISTRAL_URL at a running server.", e);
        }
    }

    public static async Task EnsureWorkflowAsync(IWorkflowService mistral, string name)
    {
        if (await mistral.Workflows.GetAsync(name).OrNullIfNotFound() is null)
            await mistral.Workflows.CreateAsync(EchoDefinition(name));
    }

    /// <summary>
    /// Starts <paramref name="count"/> executions, <paramref name="parallelism"/> at a time; returns their ids. The input
    /// is <c>{"n": i}</c> unless <paramref name="input"/> says otherwise.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StartExecutionsAsync(IWorkflowService mistral, string workflowName, int count,
        int parallelism, Action<int>? progress = null, Func<int, JsonObject?>? input = null)
    {
        input ??= i => new JsonObject { ["n"] = i };
        var ids = new string[count];
        var started = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, cancellationToken) =>
            {
                var execution = await mistral.Executions.CreateAsync(
                    new ExecutionRequest { WorkflowName = workflowName, Input = input(i) }, cancellationToken);
                ids[i] = execution.Id;
                progress?.Invoke(Interlocked.Increment(ref started));
            });
        return ids;
    }

    /// <summary>Polls until no execution of the workflow is unfinished, so measurements do not share the server with the engine.</summary>
    public static async Task WaitUntilFinishedAsync(IWorkflowService mistral, string workflowName, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var query = new ExecutionQuery { WorkflowNames = [workflowName], States = Unfinished, Fields = ["id"] };
        while (true)
        {
            var unfinished = await CountAsync(mistral.Executions.ListAsync(query));
            if (unfinished == 0) return;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{unfinished} executions of {workflowName} still unfinished after {timeout.TotalSeconds:0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items) count++;
        return count;
    }
}
