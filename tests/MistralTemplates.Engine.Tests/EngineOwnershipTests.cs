using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

/// <summary>Two engines open on one folder (a `serve` beside a CLI verb): each runs only what it started.</summary>
public sealed class EngineOwnershipTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mt-owners-" + Guid.NewGuid().ToString("N")[..8]);

    private const string Slow = """
        version: '2.0'
        slow:
          tasks:
            nap:
              action: std.sleep seconds=2
              publish:
                done: yes
        """;

    [Fact]
    public async Task An_engine_that_opens_beside_a_running_one_leaves_its_executions_alone()
    {
        using var first = EmbeddedWorkflowService.Open(_folder);
        await first.Workflows.CreateAsync(Slow);
        var started = await first.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "slow" });

        // The second engine opens while the first one's action runs: it must not fail that action as lost.
        using (var second = EmbeddedWorkflowService.Open(_folder))
            Assert.Equal(ExecutionState.Running, (await second.Executions.GetAsync(started.Id)).State);

        await first.WaitForRunningAsync();
        var done = await first.Executions.GetAsync(started.Id);
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Null(done.StateInfo);
    }

    [Fact]
    public async Task An_engine_opens_beside_a_running_one_while_another_writer_holds_the_write_lock()
    {
        using var first = EmbeddedWorkflowService.Open(_folder);
        await first.Workflows.CreateAsync(Slow);
        var started = await first.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "slow" });
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "engine.db")};Pooling=False");
        other.Open();
        using (other.BeginTransaction(deferred: false))
        {
            // Nothing to resume (the first engine runs its execution): opening only reads, so it waits for no writer.
            using var second = EmbeddedWorkflowService.Open(_folder, new EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(300) });
            Assert.Equal(ExecutionState.Running, (await second.Executions.GetAsync(started.Id)).State);
        }
        await first.WaitForRunningAsync();
        Assert.Equal(ExecutionState.Success, (await first.Executions.GetAsync(started.Id)).State);
    }

    [Fact]
    public async Task A_step_that_waits_past_the_bound_for_another_writer_is_tried_again_and_the_run_succeeds()
    {
        using var engine = EmbeddedWorkflowService.Open(_folder, new EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(200) });
        await engine.Workflows.CreateAsync(Slow.Replace("seconds=2", "seconds=1"));
        var started = await engine.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "slow" });
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "engine.db")};Pooling=False"))
        {
            other.Open();
            // Held across the action's end (1 s) for longer than a step waits (the bound, and the provider's own
            // retries of at least 1 s): its step finds the lock busy past the bound more than once.
            using var holding = other.BeginTransaction(deferred: false);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        await engine.WaitForRunningAsync();
        var done = await engine.Executions.GetAsync(started.Id);
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Null(done.StateInfo);
    }

    [Fact]
    public async Task An_execution_whose_engine_closed_is_resumed_by_the_next_one()
    {
        string id;
        using (var first = EmbeddedWorkflowService.Open(_folder))
        {
            await first.Workflows.CreateAsync(Slow.Replace("std.sleep seconds=2", "std.noop\n      wait-before: 1"));
            id = (await first.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "slow" })).Id;
        }   // closed during the wait

        using var second = EmbeddedWorkflowService.Open(_folder);
        await second.WaitForRunningAsync();
        Assert.Equal(ExecutionState.Success, (await second.Executions.GetAsync(id)).State);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
