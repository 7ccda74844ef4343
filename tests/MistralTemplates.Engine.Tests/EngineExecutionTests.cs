using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

public sealed class EngineExecutionTests : IDisposable
{
    private readonly TempEngine _engine = new();

    private IWorkflowService Service => _engine.Service;

    [Fact]
    public async Task An_echo_is_published_read_by_the_next_task_and_given_as_output()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.EchoChain("chain"));

        var started = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "chain", Input = new JsonObject { ["who"] = "Ann" } });
        var done = await FinishedAsync(Service, started.Id);

        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Null(done.StateInfo);
        Assert.Equal("""{"greeting":"Hello Ann!","loud":"HELLO ANN!","twice":4,"from_task":"Hello Ann!","execution_name":"chain"}""",
            done.Output!.ToJsonString());
        var tasks = await ToListAsync(Service.Executions.ListTasksAsync(started.Id));
        Assert.Equal(["greet", "shout"], tasks.Select(t => t.Name));
        Assert.All(tasks, t => Assert.Equal(ExecutionState.Success, t.State));
        Assert.Equal("""{"greeting":"Hello Ann!","count":2}""", tasks[0].Published!.ToJsonString());
    }

    [Fact]
    public async Task Input_defaults_fill_what_the_start_leaves_out()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.EchoChain("chain"));

        var started = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "chain", Input = new JsonObject { ["who"] = "Bo" } });

        Assert.Equal(ExecutionState.Running, started.State);
        Assert.Equal("""{"who":"Bo","punctuation":"!"}""", started.Input!.ToJsonString());
        Assert.Equal("""{"namespace":"","env":{}}""", started.Params!.ToJsonString());
        var done = await FinishedAsync(Service, started.Id);
        Assert.Equal("Hello Bo!", done.Output!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_or_missing_input_is_refused_and_nothing_is_started()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.EchoChain("chain"));

        var unknown = await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.Executions.CreateAsync(
            new ExecutionRequest { WorkflowName = "chain", Input = new JsonObject { ["who"] = "x", ["zz"] = 1 } }));
        var missing = await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.Executions.CreateAsync(
            new ExecutionRequest { WorkflowName = "chain" }));
        var noWorkflow = await Assert.ThrowsAsync<MistralServerException>(() => Service.Executions.CreateAsync(
            new ExecutionRequest { WorkflowName = "nothing-by-this-name" }));

        Assert.Equal("Invalid input [name=chain, class=DirectWorkflowSpec, unexpected=['zz']]", unknown.ServerMessage);
        Assert.Equal("Invalid input [name=chain, class=DirectWorkflowSpec, missing=['who']]", missing.ServerMessage);
        Assert.Equal(HttpMethod.Post, unknown.Method);
        Assert.Contains("Workflow not found [workflow_identifier=nothing-by-this-name", noWorkflow.ServerMessage);
        Assert.Empty(await ToListAsync(Service.Executions.ListAsync()));
    }

    [Fact]
    public async Task A_handled_failure_takes_the_on_error_and_on_complete_paths_and_succeeds()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.HandledFailure("handled"));

        var done = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "handled" })).Id);

        Assert.Equal(ExecutionState.Success, done.State);
        var tasks = await ToListAsync(Service.Executions.ListTasksAsync(done.Id));
        Assert.Equal("""{"failed":"ERROR","how":"recovered","noted":true}""", done.Output!.ToJsonString());
        Assert.Equal(["boom", "recover", "noted"], tasks.Select(t => t.Name));
        Assert.Equal(ExecutionState.Error, tasks[0].State);
        Assert.StartsWith("The action raised an exception [action=Fail action, action_ex_id=", tasks[0].StateInfo);
    }

    [Fact]
    public async Task An_unhandled_failure_ends_the_execution_in_error_with_the_servers_summary()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.UnhandledFailure("unhandled"));

        var done = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "unhandled" })).Id);

        Assert.Equal(ExecutionState.Error, done.State);
        Assert.StartsWith("Failure caused by error in tasks: boom\n\n  boom [task_ex_id=", done.StateInfo);
        Assert.Contains("msg='Fail action expected exception.']\n    [action_ex_id=", done.StateInfo);
        Assert.Equal(done.StateInfo, done.Output!["result"]!.GetValue<string>());
        var tasks = await ToListAsync(Service.Executions.ListTasksAsync(done.Id));
        Assert.Equal(["first", "boom"], tasks.Select(t => t.Name));
    }

    [Fact]
    public async Task Without_an_output_clause_the_output_is_what_was_published_and_output_on_error_joins_the_reason()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.ImplicitOutputs("implicit"));

        var ok = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "implicit", Input = new JsonObject { ["a"] = 5 } })).Id);
        var failed = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "implicit_oe" })).Id);

        Assert.Equal("""{"p":12}""", ok.Output!.ToJsonString());
        Assert.Equal(ExecutionState.Error, failed.State);
        Assert.Equal(["result", "q"], failed.Output!.AsObject().Select(p => p.Key));
        Assert.Equal(2, failed.Output["q"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_fail_and_succeed_commands_end_the_run_and_a_false_on_error_condition_leaves_the_error_unhandled()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.Commands("c"));

        var notHandled = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "c_false" })).Id);
        var failed = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "c_fail" })).Id);
        var succeeded = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "c_succeed" })).Id);

        Assert.Equal((ExecutionState.Error, "Failure caused by error in tasks: \n"), (notHandled.State, notHandled.StateInfo));
        Assert.Equal((ExecutionState.Error, null), (failed.State, failed.StateInfo));
        Assert.Equal("""{"result":null}""", failed.Output!.ToJsonString());
        Assert.Equal(ExecutionState.Success, succeeded.State);
        Assert.Equal("{}", succeeded.Output!.ToJsonString());
        Assert.Equal(["t1"], (await ToListAsync(Service.Executions.ListTasksAsync(succeeded.Id))).Select(t => t.Name));
    }

    [Fact]
    public async Task Closing_the_engine_during_a_run_stops_it_cleanly_and_the_run_resumes_on_reopening()
    {
        var text = new System.Text.StringBuilder("version: '2.0'\nlong:\n  tasks:\n");
        for (var i = 0; i < 300; i++)
            text.Append($"    t{i}:\n      action: std.echo output={i}\n").Append(i < 299 ? $"      on-success: t{i + 1}\n" : "");
        await Service.Workflows.CreateAsync(text.ToString());
        var started = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "long" });

        var reopened = _engine.Reopen();

        // The run resumes and ends once; a task whose action was cut off by the close fails as Mistral's heartbeat check fails it.
        var done = await FinishedAsync(reopened, started.Id);
        var tasks = await ToListAsync(reopened.Executions.ListTasksAsync(started.Id));
        Assert.Equal(Enumerable.Range(0, tasks.Count).Select(i => $"t{i}"), tasks.Select(t => t.Name));
        if (done.State == ExecutionState.Success) Assert.Equal(300, tasks.Count);
        else Assert.Equal("Heartbeat wasn't received.", Assert.Single(tasks, t => t.State == ExecutionState.Error).StateInfo);
    }

    [Fact]
    public async Task A_start_repeated_with_the_same_id_gives_the_one_execution()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.EchoChain("chain"));
        var request = new ExecutionRequest { WorkflowName = "chain", Input = new JsonObject { ["who"] = "C" }, Id = Guid.NewGuid().ToString() };

        var first = await Service.Executions.CreateAsync(request);
        var second = await Service.Executions.CreateAsync(request);

        Assert.Equal(request.Id, first.Id);
        Assert.Equal(first.Id, second.Id);
        await FinishedAsync(Service, first.Id);
        Assert.Single(await ToListAsync(Service.Executions.ListAsync()));
        Assert.Equal(2, (await ToListAsync(Service.Executions.ListTasksAsync(first.Id))).Count);
    }

    [Fact]
    public async Task A_finished_execution_survives_reopening_and_lists_filter_by_workflow_and_state()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.EchoChain("chain"));
        await Service.Workflows.CreateAsync(ExecutionWorkflows.UnhandledFailure("unhandled"));
        var ok = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "chain", Input = new JsonObject { ["who"] = "D" } })).Id);
        var failed = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "unhandled" })).Id);

        var reopened = _engine.Reopen();

        Assert.Equal(Json(ok), Json(await reopened.Executions.GetAsync(ok.Id)));
        var errors = await ToListAsync(reopened.Executions.ListAsync(new ExecutionQuery { States = [ExecutionState.Error] }));
        Assert.Equal(failed.Id, Assert.Single(errors).Id);
        Assert.Null(errors[0].Output);
        var chains = await ToListAsync(reopened.Executions.ListAsync(new ExecutionQuery { WorkflowNames = ["chain", "other"], IncludeOutput = true }));
        Assert.Equal(ok.Output!.ToJsonString(), Assert.Single(chains).Output!.ToJsonString());
        Assert.Equal(2, (await ToListAsync(reopened.Executions.ListTasksAsync(ok.Id))).Count);
    }

    [Fact]
    public async Task A_finished_execution_is_deleted_with_its_tasks_and_an_unknown_id_is_not_found()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.EchoChain("chain"));
        var done = await FinishedAsync(Service, (await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "chain", Input = new JsonObject { ["who"] = "E" } })).Id);

        await Service.Executions.DeleteAsync(done.Id);

        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Executions.GetAsync(done.Id));
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Executions.DeleteAsync(done.Id));
        Assert.Empty(await ToListAsync(Service.Executions.ListAsync()));
    }

    /// <summary>Polls until the execution leaves RUNNING, failing after a deadline.</summary>
    [Fact]
    public async Task A_sub_workflow_task_starts_a_child_execution_recorded_as_the_server_records_it()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.SubWorkflows("sub"), "space");

        var started = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "sub", Namespace = "space", Params = new JsonObject { ["env"] = new JsonObject { ["k"] = 1 } } });
        var done = await FinishedAsync(Service, started.Id);

        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("""{"got":{"sum":12},"all":[{"sum":11},{"sum":12},{"sum":13}]}""", done.Output!.ToJsonString());
        var tasks = await ToListAsync(Service.Executions.ListTasksAsync(started.Id));
        var call = tasks.Single(t => t.Name == "call");
        Assert.Equal("WORKFLOW", call.Type);
        var children = await ToListAsync(Service.Executions.ListAsync(new ExecutionQuery { WorkflowNames = ["sub_child"] }));
        Assert.Equal(4, children.Count);
        var child = children.Single(c => c.TaskExecutionId == call.Id);
        Assert.Equal((started.Id, "sub-workflow execution", "space"), (child.RootExecutionId, child.Description, child.WorkflowNamespace));
        Assert.Equal($$$"""{"root_execution_id":"{{{started.Id}}}","task_execution_id":"{{{call.Id}}}","index":0,"namespace":"space","env":{"k":1}}""",
            child.Params!.ToJsonString());
        Assert.Equal("""{"y":2,"z":10}""", child.Input!.ToJsonString());
    }

    [Fact]
    public async Task A_child_execution_left_waiting_by_a_closed_engine_finishes_after_reopening_and_completes_its_parent()
    {
        await Service.Workflows.CreateAsync("""
            version: '2.0'
            outer:
              tasks:
                call:
                  workflow: inner
                  publish:
                    got: <% task().result %>
            inner:
              output:
                v: <% $.v %>
              tasks:
                late:
                  action: std.echo output=7
                  wait-before: 1
                  publish:
                    v: <% task().result %>
            """);
        var started = await Service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "outer" });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await ToListAsync(Service.Executions.ListAsync(new ExecutionQuery { WorkflowNames = ["inner"] }))).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the child execution never started");
            await Task.Delay(20);
        }

        var reopened = _engine.Reopen();
        var done = await FinishedAsync(reopened, started.Id);

        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("""{"got":{"v":7}}""", done.Output!.ToJsonString());
    }

    internal static async Task<Execution> FinishedAsync(IWorkflowService service, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var execution = await service.Executions.GetAsync(id, deadline.Token);
            if (execution.State.IsCompleted()) return execution;
            await Task.Delay(50, deadline.Token);
        }
    }

    private static string Json(Execution execution) => System.Text.Json.JsonSerializer.Serialize(execution);

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    public void Dispose() => _engine.Dispose();
}
