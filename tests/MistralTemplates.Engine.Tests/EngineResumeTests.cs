using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

/// <summary>Executions survive closing the engine: they resume on the next open and no finished step runs twice.</summary>
public sealed class EngineResumeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mt-resume-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_run_closed_during_its_wait_finishes_exactly_once_after_reopening()
    {
        var firstActions = new CountingCatalog();
        string id;
        using (var engine = EmbeddedWorkflowService.Open(_folder, null, firstActions))
        {
            await engine.Workflows.CreateAsync("""
                version: '2.0'
                waiting:
                  tasks:
                    before:
                      action: std.echo output=1
                      publish:
                        first: <% task().result %>
                      on-success: later
                    later:
                      action: std.echo output=2
                      wait-before: 1
                      publish:
                        second: <% task().result %>
                  output:
                    sum: <% $.first + $.second %>
                """);
            id = (await engine.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "waiting" })).Id;
            // Closed once the first task is stored finished, so the run is in its wait (closing during an action
            // would rightly fail that action on reopening).
            await PollAsync(async () => (await EngineExecutionTests.ToListAsync(engine.Executions.ListTasksAsync(id)))
                .Any(t => t.Name == "before" && t.State == ExecutionState.Success));
        }

        var secondActions = new CountingCatalog();
        using (var engine = EmbeddedWorkflowService.Open(_folder, null, secondActions))
        {
            var done = await EngineExecutionTests.FinishedAsync(engine, id);

            Assert.Equal((ExecutionState.Success, null), (done.State, done.StateInfo));
            Assert.Equal("""{"sum":3}""", done.Output!.ToJsonString());
            Assert.Equal((1, 1), (firstActions.Runs, secondActions.Runs));
            var tasks = await EngineExecutionTests.ToListAsync(engine.Executions.ListTasksAsync(id));
            Assert.Equal(["before", "later"], tasks.Select(t => t.Name));
            Assert.All(tasks, t => Assert.Equal(ExecutionState.Success, t.State));
        }
    }

    [Fact]
    public async Task An_action_left_running_by_a_closed_engine_fails_as_the_heartbeat_check_fails_it_and_is_not_run_again()
    {
        var blocking = new CountingCatalog();
        string id;
        using (var engine = EmbeddedWorkflowService.Open(_folder, null, blocking))
        {
            await engine.Workflows.CreateAsync("""
                version: '2.0'
                lost:
                  tasks:
                    hang:
                      action: test.block
                      publish-on-error:
                        why: <% task().state_info %>
                      on-error: recover
                    recover:
                      action: std.echo output="recovered"
                """);
            id = (await engine.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "lost" })).Id;
            await PollAsync(() => blocking.Runs == 1);
        }

        var after = new CountingCatalog();
        using (var engine = EmbeddedWorkflowService.Open(_folder, null, after))
        {
            var done = await EngineExecutionTests.FinishedAsync(engine, id);

            Assert.Equal(ExecutionState.Success, done.State);
            Assert.Equal("Heartbeat wasn't received.", done.Output!["why"]!.GetValue<string>());
            Assert.Equal(0, after.RunsOf("test.block"));
            var tasks = await EngineExecutionTests.ToListAsync(engine.Executions.ListTasksAsync(id));
            Assert.Equal([("hang", ExecutionState.Error), ("recover", ExecutionState.Success)], tasks.Select(t => (t.Name!, t.State)));
        }
    }

    [Fact]
    public async Task An_asynchronous_action_waits_for_its_result_and_its_task_goes_on_when_it_is_completed()
    {
        var actions = new CountingCatalog();
        using var engine = EmbeddedWorkflowService.Open(_folder, null, actions);
        await engine.Workflows.CreateAsync("""
            version: '2.0'
            later:
              tasks:
                ask:
                  action: test.async
                  publish:
                    answer: <% task().result %>
            """);
        var id = (await engine.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "later" })).Id;
        await PollAsync(() => actions.Runs == 1);
        var task = Assert.Single(await EngineExecutionTests.ToListAsync(engine.Executions.ListTasksAsync(id)));
        var action = Assert.Single(await EngineExecutionTests.ToListAsync(engine.ActionExecutions.ListForTaskAsync(task.Id)));
        Assert.Equal(ExecutionState.Running, action.State);

        await engine.ActionExecutions.CompleteAsync(action.Id!, ExecutionState.Success, System.Text.Json.Nodes.JsonValue.Create(42));

        var done = await EngineExecutionTests.FinishedAsync(engine, id);
        Assert.Equal((ExecutionState.Success, """{"answer":42}"""), (done.State, done.Output!.ToJsonString()));
        Assert.Equal(ExecutionState.Success, (await engine.ActionExecutions.GetAsync(action.Id!)).State);
        await Assert.ThrowsAsync<MistralBadRequestException>(() => engine.ActionExecutions.CompleteAsync(action.Id!, ExecutionState.Success, null));
    }

    private static Task PollAsync(Func<bool> condition) => PollAsync(() => Task.FromResult(condition()));

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition()) await Task.Delay(20, deadline.Token);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The std actions plus <c>test.block</c>, which never answers, and <c>test.async</c>, answered later; counts every run.</summary>
    private sealed class CountingCatalog : IActionCatalog
    {
        private readonly StandardActionCatalog _standard = new();
        private readonly ConcurrentQueue<string> _runs = new();

        public int Runs => _runs.Count;

        public int RunsOf(string name) => _runs.Count(r => r == name);

        public bool Exists(string name, string @namespace, SqliteTransaction transaction) =>
            name is "test.block" or "test.async" || _standard.Exists(name, @namespace, transaction);

        public Task<bool> ExistsAsync(string name, string @namespace, CancellationToken cancellationToken) =>
            Task.FromResult(name is "test.block" or "test.async" || StandardActions.Exists(name));

        public async Task<ActionOutcome> RunAsync(string name, IReadOnlyDictionary<string, object?> input, ActionContext context, CancellationToken cancellationToken)
        {
            _runs.Enqueue(name);
            if (name == "test.async") return ActionOutcome.Later();
            if (name != "test.block") return await _standard.RunAsync(name, input, context, cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ActionOutcome.Ok(null);
        }
    }
}
