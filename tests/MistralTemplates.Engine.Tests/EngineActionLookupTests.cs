using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

/// <summary>
/// A task's action is looked up inside the transaction of the start or step that reaches it. A lookup that waited
/// on the database from there waited on itself: these runs hung for ever, so each is bounded here and fails by
/// timing out instead of hanging the suite.
/// </summary>
public sealed class EngineActionLookupTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly TempEngine _engine = new();

    private IWorkflowService Service => _engine.Service;

    [Fact]
    public async Task A_task_naming_an_unknown_action_fails_the_execution_at_once_past_retry_and_on_error()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.UnknownAction("unk_wf"));

        var started = await StartAsync(new ExecutionRequest { WorkflowName = "unk_wf_handled" });
        var done = await EngineExecutionTests.FinishedAsync(Service, started.Id).WaitAsync(Bound);

        const string reason = "Failed to run task [error=Failed to find action [action_name=foo.bar_baz, namespace=], wf=unk_wf_handled, task=t1]";
        Assert.Equal(ExecutionState.Error, done.State);
        Assert.Equal(reason, done.StateInfo);
        Assert.Equal(new JsonObject { ["result"] = reason }.ToJsonString(), done.Output!.ToJsonString());
        var task = Assert.Single(await EngineExecutionTests.ToListAsync(Service.Executions.ListTasksAsync(done.Id)));
        Assert.Equal(("t1", ExecutionState.Error, reason), (task.Name, task.State, task.StateInfo));
        Assert.Empty(await EngineExecutionTests.ToListAsync(Service.ActionExecutions.ListForTaskAsync(task.Id)));
    }

    [Fact]
    public async Task An_unknown_action_reached_after_a_successful_task_fails_the_execution_with_what_was_published()
    {
        await Service.Workflows.CreateAsync(ExecutionWorkflows.UnknownAction("unk_wf"), "team");

        var started = await StartAsync(new ExecutionRequest { WorkflowName = "unk_wf_later", Namespace = "team" });
        var done = await EngineExecutionTests.FinishedAsync(Service, started.Id).WaitAsync(Bound);

        const string reason = "Failed to run task [error=Failed to find action [action_name=nova.servers_create, namespace=team], wf=unk_wf_later, task=second]";
        Assert.Equal(ExecutionState.Error, done.State);
        Assert.Equal(reason, done.StateInfo);
        Assert.Equal(1, done.Output!["got"]!.GetValue<int>());
        var tasks = await EngineExecutionTests.ToListAsync(Service.Executions.ListTasksAsync(done.Id));
        Assert.Equal([("first", ExecutionState.Success), ("second", ExecutionState.Error)], tasks.OrderBy(t => t.Name).Select(t => (t.Name!, t.State)));
    }

    [Fact]
    public async Task A_stored_ad_hoc_action_named_by_the_first_and_a_later_task_is_found_and_runs()
    {
        await Service.Actions.CreateAsync("""
            version: '2.0'
            shout:
              base: std.echo
              base-input:
                output: <% $.text + '!' %>
              input:
                - text
            """, "team");
        await Service.Workflows.CreateAsync("""
            version: '2.0'
            loud:
              tasks:
                first:
                  action: shout
                  input:
                    text: hello
                  publish:
                    a: <% task().result %>
                  on-success: second
                second:
                  action: shout
                  input:
                    text: <% $.a + ' again' %>
                  publish:
                    b: <% task().result %>
              output:
                said: <% [$.a, $.b] %>
            """, "team");

        var started = await StartAsync(new ExecutionRequest { WorkflowName = "loud", Namespace = "team" });
        var done = await EngineExecutionTests.FinishedAsync(Service, started.Id).WaitAsync(Bound);

        Assert.True(done.State == ExecutionState.Success, done.StateInfo);
        Assert.Equal("""{"said":["hello!","hello! again!"]}""", done.Output!.ToJsonString());
    }

    // The first caller writes its transaction on its own thread: on another one, a start that waits on itself
    // blocks that thread and the bound still fails the test.
    private Task<Execution> StartAsync(ExecutionRequest request) => Task.Run(() => Service.Executions.CreateAsync(request)).WaitAsync(Bound);

    public void Dispose() => _engine.Dispose();
}
