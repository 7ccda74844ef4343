using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

public sealed class ExecutionTests(MistralServer server) : IntegrationTest(server)
{
    [MistralFact]
    public async Task An_execution_runs_to_success_with_typed_input_output_and_times()
    {
        var name = Unique("hello");
        await Client.Workflows.CreateAsync(HelloDefinition(name));
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var started = await Client.Executions.CreateAsync(new ExecutionRequest
        {
            WorkflowName = name,
            Input = new JsonObject { ["name"] = "obj" },
            Description = "my run",
            Params = new JsonObject { ["env"] = new JsonObject { ["k"] = "v" } },
        });
        Assert.True(Guid.TryParse(started.Id, out _));
        Assert.Equal("obj", started.Input!["name"]!.GetValue<string>());
        Assert.Equal("v", started.Params!["env"]!["k"]!.GetValue<string>());
        Assert.Equal(TimeSpan.Zero, started.CreatedAt!.Value.Offset);
        Assert.InRange(started.CreatedAt.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));

        var done = await WaitForCompletionAsync(started.Id);
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Hello obj", done.Output!["greeting"]!.GetValue<string>());
        Assert.Equal("my run", done.Description);

        var task = Assert.Single(await ToListAsync(Client.Executions.ListTasksAsync(started.Id)));
        Assert.Equal("say", task.Name);
        Assert.Equal(ExecutionState.Success, task.State);
        Assert.Equal("Hello obj", task.Published!["greeting"]!.GetValue<string>());
        var fullTask = await Client.Tasks.GetAsync(task.Id);
        Assert.Equal("Hello obj", fullTask.Result!.GetValue<string>());
        var listedTasks = await ToListAsync(Client.Tasks.ListAsync(new ListQuery().Where("workflow_execution_id", FilterOperator.Eq, started.Id)));
        Assert.Equal(task.Id, Assert.Single(listedTasks).Id);

        var report = await Client.Executions.GetReportAsync(started.Id);
        Assert.Equal(1, report.Statistics.TotalTasks);
        Assert.Equal(1, report.Statistics.SuccessTasks);
        Assert.Equal(started.Id, report.RootWorkflowExecution!["id"]!.GetValue<string>());
    }

    [MistralFact]
    public async Task A_start_repeated_with_the_same_id_gives_the_same_execution()
    {
        var name = Unique("once");
        await Client.Workflows.CreateAsync(NoopDefinition(name));
        var request = new ExecutionRequest { WorkflowName = name, Id = Guid.NewGuid().ToString() };

        var first = await Client.Executions.CreateAsync(request);
        var second = await Client.Executions.CreateAsync(request);

        Assert.Equal(request.Id, first.Id);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await ExecutionsOfAsync(name));
    }

    [MistralFact]
    public async Task Starting_an_unknown_workflow_is_not_found_although_the_server_answers_500()
    {
        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() =>
            Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = Unique("nope") }));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.StartsWith("Workflow not found", error.ServerMessage);
    }

    [MistralFact]
    public async Task Missing_or_unexpected_input_is_a_bad_request()
    {
        var name = Unique("hello");
        await Client.Workflows.CreateAsync(HelloDefinition(name));
        var missing = await Assert.ThrowsAsync<MistralBadRequestException>(() =>
            Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name }));
        Assert.Contains("missing=['name']", missing.ServerMessage);
        var unexpected = await Assert.ThrowsAsync<MistralBadRequestException>(() =>
            Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name, Input = new JsonObject { ["name"] = "a", ["zzz"] = 1 } }));
        Assert.Contains("unexpected=['zzz']", unexpected.ServerMessage);
        var noEnvironment = await Assert.ThrowsAsync<MistralBadRequestException>(() =>
            Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name, Input = new JsonObject { ["name"] = "a" }, Params = new JsonObject { ["env"] = Unique("no-env") } }));
        Assert.Contains("Environment is not found", noEnvironment.ServerMessage);
    }

    [MistralFact]
    public async Task A_failing_workflow_ends_in_error_with_the_reason()
    {
        var name = Unique("failing");
        await Client.Workflows.CreateAsync($"version: '2.0'\n{name}:\n  tasks:\n    boom:\n      action: std.fail\n");
        var started = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name });
        var done = await WaitForCompletionAsync(started.Id);
        Assert.Equal(ExecutionState.Error, done.State);
        Assert.Contains("Failure caused by error in tasks: boom", done.StateInfo);
    }

    [MistralFact]
    public async Task A_running_execution_is_paused_resumed_and_cancelled()
    {
        var name = Unique("slow");
        await Client.Workflows.CreateAsync(SleepDefinition(name));
        var started = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name });

        Assert.Equal(ExecutionState.Paused, (await Client.Executions.UpdateStateAsync(started.Id, ExecutionState.Paused)).State);
        Assert.Equal(ExecutionState.Running, (await Client.Executions.UpdateStateAsync(started.Id, ExecutionState.Running)).State);
        var cancelled = await Client.Executions.UpdateStateAsync(started.Id, ExecutionState.Cancelled, "cancelled by test");
        Assert.Equal(ExecutionState.Cancelled, cancelled.State);
        Assert.Equal("cancelled by test", (await Client.Executions.GetAsync(started.Id)).StateInfo);

        await Client.Executions.DeleteAsync(started.Id);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Executions.GetAsync(started.Id));
    }

    [MistralFact]
    public async Task A_running_execution_is_deleted_only_with_force()
    {
        var name = Unique("slow");
        await Client.Workflows.CreateAsync(SleepDefinition(name));
        var started = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name });

        var refused = await Assert.ThrowsAsync<MistralForbiddenException>(() => Client.Executions.DeleteAsync(started.Id));
        Assert.Contains("Only completed executions can be deleted", refused.ServerMessage);
        Assert.Equal(ExecutionState.Running, (await Client.Executions.GetAsync(started.Id)).State);

        await Client.Executions.DeleteAsync(started.Id, force: true);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Executions.GetAsync(started.Id));
        Assert.Empty(await ExecutionsOfAsync(name));
    }

    [MistralFact]
    public async Task Lists_filter_by_workflow_state_and_time_and_include_output_when_asked()
    {
        var (ok, failing) = (Unique("ok"), Unique("failing"));
        await Client.Workflows.CreateAsync(HelloDefinition(ok));
        await Client.Workflows.CreateAsync($"version: '2.0'\n{failing}:\n  tasks:\n    boom:\n      action: std.fail\n");
        var since = DateTimeOffset.UtcNow.AddSeconds(-2);
        var good = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = ok, Input = new JsonObject { ["name"] = "f" } });
        var bad = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = failing });
        await WaitForCompletionAsync(good.Id);
        await WaitForCompletionAsync(bad.Id);

        var both = await ToListAsync(Client.Executions.ListAsync(new ExecutionQuery
        {
            WorkflowNames = [ok, failing], States = [ExecutionState.Success, ExecutionState.Error], CreatedSince = since,
        }));
        Assert.Equal(new[] { good.Id, bad.Id }.Order(), both.Select(e => e.Id).Order());
        Assert.All(both, e => Assert.Null(e.Output));

        var errors = await ToListAsync(Client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [ok, failing], States = [ExecutionState.Error] }));
        Assert.Equal(bad.Id, Assert.Single(errors).Id);

        var withOutput = await ToListAsync(Client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [ok], IncludeOutput = true }));
        Assert.Equal("Hello f", Assert.Single(withOutput).Output!["greeting"]!.GetValue<string>());

        var later = await ToListAsync(Client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [ok], CreatedSince = DateTimeOffset.UtcNow.AddMinutes(5) }));
        Assert.Empty(later);
    }

    [MistralFact]
    public async Task Paging_follows_the_servers_pages_even_where_its_next_link_is_wrong()
    {
        // 30 executions in pages of 7: five requests. The server's own next link turns "state=in:SUCCESS" into
        // "state=in:['SUCCESS']", which returns an empty page; the client keeps its own filters and takes only the marker.
        var name = Unique("paged");
        await Client.Workflows.CreateAsync(NoopDefinition(name));
        var ids = new System.Collections.Generic.List<string>();
        for (var i = 0; i < 30; i++)
            ids.Add((await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name })).Id);
        foreach (var id in ids) await WaitForCompletionAsync(id);

        var listed = await ToListAsync(Client.Executions.ListAsync(new ExecutionQuery
        {
            WorkflowNames = [name], States = [ExecutionState.Success], PageSize = 7,
        }));
        Assert.Equal(ids.Order(), listed.Select(e => e.Id).Order());
        Assert.Equal(30, listed.Select(e => e.Id).Distinct().Count());

        var newestFirst = await ToListAsync(Client.Executions.ListAsync(new ExecutionQuery
        {
            WorkflowNames = [name], PageSize = 4, Sort = [new ListSort("created_at", Descending: true)], Fields = ["id", "created_at"],
        }));
        Assert.Equal(30, newestFirst.Count);
        Assert.Equal(newestFirst.Select(e => e.CreatedAt).OrderByDescending(t => t), newestFirst.Select(e => e.CreatedAt));
    }

    [MistralFact]
    public async Task An_execution_reads_a_named_environment()
    {
        var (name, env) = (Unique("envwf"), Unique("env"));
        await Client.Workflows.CreateAsync($$"""
            version: '2.0'
            {{name}}:
              output: {greeting: <% $.greeting %>}
              tasks:
                say:
                  action: std.echo output=<% env().who %>
                  publish: {greeting: <% task().result %>}
            """);
        await Client.Environments.CreateAsync(new EnvironmentRequest(env, new JsonObject { ["who"] = "from-env" }));
        var started = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name, Params = new JsonObject { ["env"] = env } });
        var done = await WaitForCompletionAsync(started.Id);
        Assert.Equal("from-env", done.Output!["greeting"]!.GetValue<string>());
        await Client.Environments.DeleteAsync(env);
    }
}
