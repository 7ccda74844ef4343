using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Engine.Running;
using MistralTemplates.Mistral;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MistralTemplates.Engine.Tests;

/// <summary>Work that needs no write lock is done before a change takes it, so other processes wait less.</summary>
public sealed class WriteLockHoldTests : IDisposable
{
    private readonly TempEngine _engine = new();

    [Fact]
    public async Task A_start_parses_its_workflow_while_another_connection_holds_the_write_lock()
    {
        // A name of its own: parsed workflows are kept for the whole process.
        var name = "prepared_" + Guid.NewGuid().ToString("N")[..8];
        var text = ExecutionWorkflows.EchoChain(name);
        var created = Assert.Single(await _engine.Service.Workflows.CreateAsync(text));
        Assert.False(ParsedWorkflows.IsKept(created.Definition!, name));

        using var other = new SqliteConnection($"Data Source={Path.Combine(_engine.Folder, "engine.db")};Pooling=False");
        other.Open();
        Task<Execution> start;
        using (other.BeginTransaction(deferred: false))
        {
            // On a thread of its own: the first writer waits for the lock on its caller's thread.
            start = Task.Run(() => _engine.Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name, Input = new JsonObject { ["who"] = "Ann" } }));
            var waited = Stopwatch.StartNew();
            while (!ParsedWorkflows.IsKept(created.Definition!, name) && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);

            Assert.True(ParsedWorkflows.IsKept(created.Definition!, name), "the definition was not parsed while the lock was held by another connection");
            Assert.False(start.IsCompleted, "the start finished while another connection held the write lock");
        }

        var execution = await start;
        Assert.Equal(name, execution.WorkflowName);
        Assert.Equal("Ann", execution.Input!["who"]!.GetValue<string>());
    }

    public void Dispose() => _engine.Dispose();
}
