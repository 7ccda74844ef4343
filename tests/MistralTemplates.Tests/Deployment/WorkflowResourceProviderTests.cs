using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Deployment;

[Collection(MistralServerCollection.Name)]
public sealed class WorkflowResourceProviderTests(MistralServer server) : IDisposable
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private readonly WorkflowResourceProvider _provider = new();
    private readonly CancellationToken _none = CancellationToken.None;

    private ResourceContext Context() => new(_mistral, MistralServer.UniqueName("st"), "workflow");

    private static JsonObject Definition(string text) => new() { ["definition"] = text };

    private const string ParentAndChild = """
        version: '2.0'
        parent:
          input: [who]
          output: {said: <% $.said %>}
          tasks:
            call:
              workflow: child who=<% $.who %>
              publish: {said: <% task().result.said %>}
        child:
          input: [who]
          output: {said: <% $.said %>}
          tasks:
            say:
              action: std.echo output="Hi <% $.who %>"
              publish: {said: <% task().result %>}
        """;

    private async Task<Execution> RunAsync(string workflow, JsonObject input)
    {
        var started = await _mistral.Executions.CreateAsync(new ExecutionRequest { WorkflowName = workflow, Input = input });
        for (var i = 0; i < 600; i++)
        {
            var execution = await _mistral.Executions.GetAsync(started.Id);
            if (execution.State.IsCompleted()) return execution;
            await Task.Delay(50);
        }
        throw new TimeoutException(started.Id);
    }

    [MistralFact]
    public async Task Every_workflow_is_registered_under_the_stack_and_resource_and_calls_between_them_still_work()
    {
        var context = Context();
        var state = await _provider.CreateAsync(context, Definition(ParentAndChild), _none);

        var available = (await _provider.GetAttributeAsync(context, state, "available_workflows", _none))!.AsObject();
        Assert.Equal(context.NamePrefix + ".parent", available["parent"]!.GetValue<string>());
        Assert.Equal(context.NamePrefix + ".child", available["child"]!.GetValue<string>());

        var done = await RunAsync(context.NamePrefix + ".parent", new JsonObject { ["who"] = "stack" });
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Hi stack", done.Output!["said"]!.GetValue<string>());

        var executions = (await _provider.GetAttributeAsync(context, state, "executions", _none))!.AsArray();
        Assert.Equal(2, executions.Count); // the parent's and the child's
        Assert.Contains(executions, e => e!["workflow_name"]!.GetValue<string>() == context.NamePrefix + ".parent" &&
                                         e["output"]!["said"]!.GetValue<string>() == "Hi stack" && e["state"]!.GetValue<string>() == "SUCCESS");

        await _provider.DeleteAsync(context, state, new DeleteOptions(DeleteExecutions: true), _none);
        Assert.Null(await _mistral.Workflows.GetAsync(context.NamePrefix + ".parent").OrNullIfNotFound());
        Assert.Null(await _mistral.Workflows.GetAsync(context.NamePrefix + ".child").OrNullIfNotFound());
        await foreach (var _ in _mistral.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [context.NamePrefix + ".parent", context.NamePrefix + ".child"] }))
            Assert.Fail("an execution of a deleted resource was left behind");
    }

    [MistralFact]
    public async Task An_update_puts_kept_workflows_creates_new_ones_and_deletes_removed_ones()
    {
        var context = Context();
        var state = await _provider.CreateAsync(context, Definition(ParentAndChild), _none);
        var changed = """
            version: '2.0'
            child:
              input: [who]
              tasks:
                say:
                  action: std.echo output="Hello <% $.who %>"
            newcomer:
              tasks:
                t:
                  action: std.noop
            """;

        var updated = await _provider.UpdateAsync(context, state, Definition(changed), _none);

        Assert.Null(await _mistral.Workflows.GetAsync(context.NamePrefix + ".parent").OrNullIfNotFound());
        Assert.Contains("Hello <% $.who %>", (await _mistral.Workflows.GetAsync(context.NamePrefix + ".child")).Definition);
        Assert.NotNull(await _mistral.Workflows.GetAsync(context.NamePrefix + ".newcomer"));
        Assert.Equal(["child", "newcomer"], (await _provider.GetAttributeAsync(context, updated, "available_workflows", _none))!.AsObject().Select(p => p.Key).Order());
        await _provider.DeleteAsync(context, updated, new DeleteOptions(), _none);
    }

    [MistralFact]
    public async Task A_create_after_an_interrupted_one_adopts_what_it_made()
    {
        var context = Context();
        // An earlier deploy registered one of the workflows, with an older text, then died before recording it.
        await _mistral.Workflows.CreateAsync($"version: '2.0'\n{context.NamePrefix}.child:\n  tasks:\n    old:\n      action: std.noop\n");

        var state = await _provider.CreateAsync(context, Definition(ParentAndChild), _none);

        Assert.Contains("say:", (await _mistral.Workflows.GetAsync(context.NamePrefix + ".child")).Definition);
        var listed = 0;
        await foreach (var _ in _mistral.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.Eq, context.NamePrefix + ".child"))) listed++;
        Assert.Equal(1, listed);
        await _provider.DeleteAsync(context, state, new DeleteOptions(), _none);
    }

    [MistralFact]
    public async Task Deleting_without_removing_executions_keeps_them_and_a_running_one_does_not_block_removal()
    {
        var context = Context();
        var state = await _provider.CreateAsync(context, Definition("slow:\n  tasks:\n    wait:\n      action: std.sleep seconds=60\n"), _none);
        var running = await _mistral.Executions.CreateAsync(new ExecutionRequest { WorkflowName = context.NamePrefix + ".slow" });

        await _provider.DeleteAsync(context, state, new DeleteOptions(DeleteExecutions: false), _none);
        Assert.Null(await _mistral.Workflows.GetAsync(context.NamePrefix + ".slow").OrNullIfNotFound());
        Assert.NotNull(await _mistral.Executions.GetAsync(running.Id));
        await _mistral.Executions.DeleteAsync(running.Id, force: true);

        var again = await _provider.CreateAsync(context, Definition("slow:\n  tasks:\n    wait:\n      action: std.sleep seconds=60\n"), _none);
        var second = await _mistral.Executions.CreateAsync(new ExecutionRequest { WorkflowName = context.NamePrefix + ".slow" });
        await _provider.DeleteAsync(context, again, new DeleteOptions(DeleteExecutions: true), _none);
        Assert.Null(await _mistral.Executions.GetAsync(second.Id).OrNullIfNotFound());
    }

    [MistralFact]
    public async Task Heats_structured_form_becomes_a_one_workflow_definition()
    {
        var context = Context();
        var properties = JsonNode.Parse("""
            {
              "name": "create_vm",
              "type": "direct",
              "input": {"vm_name": "vm1", "image": "cirros"},
              "output": {"vm": "<% $.vm %>"},
              "tasks": [
                {"name": "boot", "action": "std.echo output=<% $.vm_name %>", "publish": {"vm": "<% task().result %>"}, "on_success": ["done"]},
                {"name": "done", "action": "std.noop", "policies": {"wait_before": 0}}
              ]
            }
            """)!.AsObject();

        var state = await _provider.CreateAsync(context, properties, _none);

        var workflow = await _mistral.Workflows.GetAsync(context.NamePrefix + ".create_vm");
        Assert.Equal(["vm_name", "image"], workflow.Interface!.Input.Select(p => p.Name));
        var done = await RunAsync(workflow.Name, new JsonObject { ["vm_name"] = "web", ["image"] = "x" });
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("web", done.Output!["vm"]!.GetValue<string>());
        await _provider.DeleteAsync(context, state, new DeleteOptions(DeleteExecutions: true), _none);
    }

    [MistralFact]
    public async Task An_invalid_definition_is_refused_before_anything_is_created()
    {
        var context = Context();
        var error = await Assert.ThrowsAsync<ResourceException>(() =>
            _provider.CreateAsync(context, Definition("version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n      on-success: [missing]\n"), _none));
        Assert.Contains("definition is invalid", error.Message);
        Assert.Null(await _mistral.Workflows.GetAsync(context.NamePrefix + ".wf").OrNullIfNotFound());
    }

    public void Dispose() => _mistral.Dispose();
}
