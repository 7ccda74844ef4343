using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

public sealed class ActionTests(MistralServer server) : IntegrationTest(server)
{
    private static string GreetAction(string name, string greeting) => $$"""
        version: '2.0'
        {{name}}:
          base: std.echo
          base-input:
            output: "{{greeting}}, <% $.who %>"
          input: [who]
          output: <% $ %>
        """;

    [MistralFact]
    public async Task A_system_action_runs_on_its_own_and_answers_with_its_output()
    {
        var run = await Client.ActionExecutions.RunAsync(new ActionRunRequest("std.echo") { Input = new JsonObject { ["output"] = "direct" } });
        Assert.Equal(ExecutionState.Success, run.State);
        Assert.Equal("direct", run.Output!["result"]!.GetValue<string>());
        Assert.Null(run.Id);

        var saved = await Client.ActionExecutions.RunAsync(new ActionRunRequest("std.echo")
        {
            Input = new JsonObject { ["output"] = "kept" }, SaveResult = true, RunSync = false,
        });
        Assert.NotNull(saved.Id);
        Assert.Equal("std.echo", (await Client.ActionExecutions.GetAsync(saved.Id!)).Name);
    }

    [MistralFact]
    public async Task An_ad_hoc_action_is_created_validated_run_updated_and_deleted()
    {
        var name = "my." + Unique("greet");
        Assert.True((await Client.Actions.ValidateAsync(GreetAction(name, "Greetings"))).IsValid);
        var created = Assert.Single(await Client.Actions.CreateAsync(GreetAction(name, "Greetings")));
        Assert.Equal(name, created.Name);
        Assert.Equal("who", created.Input);

        await Assert.ThrowsAsync<MistralConflictException>(() => Client.Actions.CreateAsync(GreetAction(name, "Greetings")));
        Assert.Equal(created.Id, (await Client.Actions.GetAsync(name)).Id);
        var listed = await ToListAsync(Client.Actions.ListAsync(new ListQuery().Where("name", FilterOperator.In, name, "std.noop")));
        Assert.Equal([name, "std.noop"], listed.Select(a => a.Name).Order());

        await Client.Actions.UpdateAsync(GreetAction(name, "Hey"));
        var run = await Client.ActionExecutions.RunAsync(new ActionRunRequest(name) { Input = new JsonObject { ["who"] = "me" } });
        Assert.Equal("Hey, me", run.Output!["result"]!.GetValue<string>());

        await Client.Actions.DeleteAsync(name);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Actions.GetAsync(name));
    }

    [MistralFact]
    public async Task System_actions_are_readable_but_not_deletable()
    {
        var echo = await Client.Actions.GetAsync("std.echo");
        Assert.Equal("output, delay=0", echo.Input);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Actions.DeleteAsync("std.echo"));
        var invalid = await Client.Actions.ValidateAsync("version: '2.0'\nbroken.action:\n  input: [x]\n");
        Assert.False(invalid.IsValid);
    }

    [MistralFact]
    public async Task An_asynchronous_action_completed_from_outside_finishes_its_workflow()
    {
        var name = Unique("waiter");
        await Client.Workflows.CreateAsync($$"""
            version: '2.0'
            {{name}}:
              tasks:
                hold:
                  action: std.async_noop
                  publish: {got: <% task().result %>}
              output: {got: <% $.got %>}
            """);
        var started = await Client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name });

        ActionExecution? waiting = null;
        for (var i = 0; i < 200 && waiting is null; i++)
        {
            var tasks = await ToListAsync(Client.Executions.ListTasksAsync(started.Id));
            if (tasks.FirstOrDefault() is { } task)
                waiting = (await ToListAsync(Client.ActionExecutions.ListForTaskAsync(task.Id))).FirstOrDefault(a => a.State == ExecutionState.Running);
            if (waiting is null) await Task.Delay(50);
        }
        Assert.NotNull(waiting);
        Assert.Equal("std.async_noop", waiting!.Name);

        var completed = await Client.ActionExecutions.CompleteAsync(waiting.Id!, ExecutionState.Success, new JsonObject { ["result"] = "signalled" });
        Assert.Equal(ExecutionState.Success, completed.State);
        var done = await WaitForCompletionAsync(started.Id);
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("signalled", done.Output!["got"]!["result"]!.GetValue<string>());
    }
}
