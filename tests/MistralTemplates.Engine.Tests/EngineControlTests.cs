using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

/// <summary>with-items, pause / resume / cancel, and the task and action execution services.</summary>
public sealed class EngineControlTests : IDisposable
{
    private readonly TempEngine _engine = new();

    private IWorkflowService Service => _engine.Service;

    [Fact]
    public async Task With_items_runs_one_action_per_item_and_gives_the_results_in_item_order()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.WithItems("items"));

        var done = await EngineExecutionTests.FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "items" })).Id);

        // The two tasks run in parallel, so what they published comes in either order.
        Assert.Equal(("""["a1","b2","c3"]""", "[]"), (done.Output!["all"]!.ToJsonString(), done.Output["none"]!.ToJsonString()));
        var each = (await EngineExecutionTests.ToListAsync(Service.Executions.ListTasksAsync(done.Id))).Single(t => t.Name == "each");
        var actions = await EngineExecutionTests.ToListAsync(Service.ActionExecutions.ListForTaskAsync(each.Id));
        Assert.Equal(3, actions.Count);
        Assert.All(actions, a => Assert.Equal(ExecutionState.Success, a.State));
        Assert.Equal(each.Id, (await Service.Tasks.GetAsync(each.Id)).Id);
        Assert.Equal(2, (await EngineExecutionTests.ToListAsync(Service.Tasks.ListAsync())).Count);
    }

    [Fact]
    public async Task A_paused_execution_starts_nothing_until_resumed_and_a_cancelled_one_stops()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.Waits("waits"));
        var paused = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "waits" });
        var cancelled = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "waits" });

        Assert.Equal(ExecutionState.Paused, (await Service.Executions.UpdateStateAsync(paused.Id, ExecutionState.Paused)).State);
        var stopped = await Service.Executions.UpdateStateAsync(cancelled.Id, ExecutionState.Cancelled, "not needed");
        await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.Executions.UpdateStateAsync(cancelled.Id, ExecutionState.Running));

        Assert.Equal((ExecutionState.Cancelled, "not needed"), (stopped.State, stopped.StateInfo));
        Assert.Equal(ExecutionState.Paused, (await Service.Executions.GetAsync(paused.Id)).State);
        await Service.Executions.UpdateStateAsync(paused.Id, ExecutionState.Running);
        var done = await EngineExecutionTests.FinishedAsync(Service, paused.Id);
        Assert.Equal((ExecutionState.Success, """{"y":3}"""), (done.State, done.Output!.ToJsonString()));
        Assert.Equal(ExecutionState.Cancelled, (await Service.Executions.GetAsync(cancelled.Id)).State);
        Assert.DoesNotContain("second", (await EngineExecutionTests.ToListAsync(Service.Executions.ListTasksAsync(cancelled.Id))).Select(t => t.Name));
    }

    [Fact]
    public async Task Pause_before_pauses_the_execution_and_resuming_runs_the_task()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.PauseBefore("pb"));
        var id = (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "pb" })).Id;

        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            while ((await Service.Executions.GetAsync(id)).State != ExecutionState.Paused) await Task.Delay(20, deadline.Token);
        Assert.Equal(["first"], (await EngineExecutionTests.ToListAsync(Service.Executions.ListTasksAsync(id))).Select(t => t.Name));

        await Service.Executions.UpdateStateAsync(id, ExecutionState.Running);
        var done = await EngineExecutionTests.FinishedAsync(Service, id);
        Assert.Equal((ExecutionState.Success, """{"second":2}"""), (done.State, done.Output!.ToJsonString()));
    }

    [Fact]
    public async Task An_action_run_on_its_own_answers_with_its_output_and_unknown_ids_are_not_found()
    {
        var echo = await Service.ActionExecutions.RunAsync(new ActionRunRequest("std.echo") { Input = new JsonObject { ["output"] = "hi" }, SaveResult = true });

        Assert.Equal((ExecutionState.Success, """{"result":"hi"}"""), (echo.State, echo.Output!.ToJsonString()));
        Assert.Equal(echo.Id, (await Service.ActionExecutions.GetAsync(echo.Id!)).Id);
        await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.ActionExecutions.RunAsync(new ActionRunRequest("no.such")));
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.ActionExecutions.GetAsync(Guid.NewGuid().ToString()));
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Tasks.GetAsync(Guid.NewGuid().ToString()));
    }

    public void Dispose() => _engine.Dispose();
}
