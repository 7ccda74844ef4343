using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

/// <summary>
/// Base of the tests that talk to the real Mistral server. Names are unique per test, since all share one server.
/// </summary>
[Collection(MistralServerCollection.Name)]
public abstract class IntegrationTest : IDisposable
{
    protected IntegrationTest(MistralServer server)
    {
        Server = server;
        Client = new MistralClient(server.ClientOptions());
    }

    protected MistralServer Server { get; }

    protected MistralClient Client { get; }

    protected static string Unique(string prefix) => MistralServer.UniqueName(prefix);

    /// <summary>A one-workflow definition echoing a greeting, like the server README's hello.</summary>
    protected static string HelloDefinition(string name, string greeting = "Hello") => $$"""
        version: '2.0'
        {{name}}:
          type: direct
          input: [name]
          output: {greeting: <% $.greeting %>}
          tasks:
            say:
              action: std.echo output="{{greeting}} <% $.name %>"
              publish: {greeting: <% task().result %>}
        """;

    protected static string NoopDefinition(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            t:
              action: std.noop
        """;

    protected static string SleepDefinition(string name, int seconds = 60) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            wait:
              action: std.sleep seconds={{seconds}}
        """;

    /// <summary>Polls until the execution reaches a completed state.</summary>
    protected async Task<Execution> WaitForCompletionAsync(string executionId, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var execution = await Client.Executions.GetAsync(executionId);
            if (execution.State.IsCompleted()) return execution;
            if (deadline.Elapsed > limit)
                throw new TimeoutException($"Execution {executionId} still {execution.State} after {limit.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    protected async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    protected Task<List<Execution>> ExecutionsOfAsync(params string[] workflowNames) =>
        ToListAsync(Client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = workflowNames }));

    public void Dispose()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
