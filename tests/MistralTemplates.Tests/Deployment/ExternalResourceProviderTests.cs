using System;
using System.Collections.Generic;
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
public sealed class ExternalResourceProviderTests(MistralServer server) : IAsyncLifetime
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private readonly ExternalResourceProvider _provider = new(TimeSpan.FromMinutes(1));
    private readonly CancellationToken _none = CancellationToken.None;
    private readonly string _prefix = MistralServer.UniqueName("extwf");

    private string Make => _prefix + "_make";
    private string Slow => _prefix + "_slow";
    private string Broken => _prefix + "_broken";
    private string Remove => _prefix + "_remove";

    public async Task InitializeAsync()
    {
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is not null) return;
        await _mistral.Workflows.CreateAsync($$"""
            version: '2.0'
            {{Make}}:
              input: [size]
              output: {resource_id: <% 'thing-' + str($.size) %>, size: <% $.size %>}
              tasks:
                t:
                  action: std.noop
            {{Slow}}:
              input: [size]
              output: {size: <% $.size %>}
              tasks:
                t:
                  action: std.sleep seconds=2
            {{Broken}}:
              input: [size]
              tasks:
                t:
                  action: std.noop
                  on-complete:
                    - fail(msg="quota exceeded for things")
            {{Remove}}:
              input: [size]
              tasks:
                t:
                  action: std.noop
            """);
    }

    public async Task DisposeAsync()
    {
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is null)
        {
            foreach (var name in new[] { Make, Slow, Broken, Remove })
            {
                foreach (var execution in await ExecutionsOfAsync(name))
                    await _mistral.Executions.DeleteAsync(execution.Id, force: true);
                await _mistral.Workflows.DeleteAsync(name);
            }
        }
        _mistral.Dispose();
    }

    private static ResourceContext Context(IWorkflowService service) =>
        new(service, MistralServer.UniqueName("st"), "thing") { StackId = Guid.NewGuid() };

    private static JsonObject Properties(string create, string? delete = null, int size = 1)
    {
        var actions = new JsonObject { ["CREATE"] = new JsonObject { ["workflow"] = create } };
        if (delete is not null) actions["DELETE"] = new JsonObject { ["workflow"] = delete };
        return new JsonObject { ["actions"] = actions, ["input"] = new JsonObject { ["size"] = size } };
    }

    private async Task<List<Execution>> ExecutionsOfAsync(string workflow)
    {
        var found = new List<Execution>();
        await foreach (var execution in _mistral.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [workflow], IncludeOutput = true }))
            found.Add(execution);
        return found;
    }

    [MistralFact]
    public async Task Create_runs_the_CREATE_workflow_and_takes_the_id_and_output_from_it()
    {
        var context = Context(_mistral);

        var state = await _provider.CreateAsync(context, Properties(Make), _none);

        Assert.Equal("thing-1", state.PhysicalId);
        var execution = Assert.Single(await ExecutionsOfAsync(Make));
        Assert.Equal(ExecutionState.Success, execution.State);
        Assert.Equal($"{context.NamePrefix} CREATE", execution.Description);
        Assert.Equal([execution.Id], state.Data["execution_ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        var output = await _provider.GetAttributeAsync(context, state, "output", _none);
        Assert.Equal("thing-1", output!["resource_id"]!.GetValue<string>());
        Assert.Equal(1, output["size"]!.GetValue<int>());
        Assert.Equal(execution.Id, (await _provider.GetAttributeAsync(context, state, "show", _none))!["id"]!.GetValue<string>());
    }

    [MistralFact]
    public async Task A_create_called_again_adopts_the_execution_instead_of_running_the_workflow_twice()
    {
        var context = Context(_mistral);
        var properties = Properties(Slow);

        // The first run is stopped while its execution runs, as a killed deploy would be.
        using (var killed = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _provider.CreateAsync(context, properties, killed.Token));
        var resumed = await _provider.CreateAsync(context, properties, _none);
        var again = await _provider.CreateAsync(context, properties, _none);

        var execution = Assert.Single(await ExecutionsOfAsync(Slow));
        Assert.Equal(ExecutionState.Success, execution.State);
        Assert.Equal(execution.Id, resumed.PhysicalId);
        Assert.Equal(execution.Id, again.PhysicalId);

        // A new stack of the same name is a new resource: its CREATE runs.
        await _provider.CreateAsync(context with { StackId = Guid.NewGuid() }, properties, _none);
        Assert.Equal(2, (await ExecutionsOfAsync(Slow)).Count);
    }

    [MistralFact]
    public async Task A_failed_CREATE_fails_with_the_executions_state_info_runs_DELETE_and_a_retry_starts_afresh()
    {
        var context = Context(_mistral);
        var properties = Properties(Broken, delete: Remove);

        var failed = await Assert.ThrowsAsync<ResourceException>(() => _provider.CreateAsync(context, properties, _none));

        Assert.Contains("quota exceeded for things", failed.Message);
        Assert.Contains("ended ERROR", failed.Message);
        Assert.Equal(ExecutionState.Success, Assert.Single(await ExecutionsOfAsync(Remove)).State);

        // The failed execution is not adopted: the retry runs CREATE again (and, failing again, DELETE again).
        await Assert.ThrowsAsync<ResourceException>(() => _provider.CreateAsync(context, properties, _none));
        Assert.Equal(2, (await ExecutionsOfAsync(Broken)).Count);
        Assert.Equal(2, (await ExecutionsOfAsync(Remove)).Count);
    }

    [MistralFact]
    public async Task Update_and_delete_run_their_workflows_with_the_merged_output_of_earlier_runs_in_the_environment()
    {
        var context = Context(_mistral);
        var state = await _provider.CreateAsync(context, Properties(Make, delete: Remove), _none);
        var changed = Properties(Make, delete: Remove, size: 2);
        changed["actions"]!["UPDATE"] = new JsonObject { ["workflow"] = Slow };

        var updated = await _provider.UpdateAsync(context, state, changed, _none);

        var update = Assert.Single(await ExecutionsOfAsync(Slow));
        Assert.Equal(2, update.Input!["size"]!.GetValue<int>());
        Assert.Equal("thing-1", update.Params!["env"]!["heat_extresource_data"]!["resource_id"]!.GetValue<string>());
        Assert.Equal(update.Id, updated.PhysicalId); // no resource_id in its output: the execution's id, as in Heat
        var output = (await _provider.GetAttributeAsync(context, updated, "output", _none))!;
        Assert.Equal(2, output["size"]!.GetValue<int>());
        Assert.Equal("thing-1", output["resource_id"]!.GetValue<string>());

        await _provider.DeleteAsync(context, updated, new DeleteOptions(), _none);
        var delete = Assert.Single(await ExecutionsOfAsync(Remove));
        Assert.Equal(2, delete.Input!["size"]!.GetValue<int>());
        // Deleting again (a resumed destroy) adopts that execution.
        await _provider.DeleteAsync(context, updated, new DeleteOptions(), _none);
        Assert.Single(await ExecutionsOfAsync(Remove));
    }

    [MistralFact]
    public async Task An_action_without_a_workflow_does_nothing_and_an_unknown_workflow_says_what_to_fix()
    {
        var context = Context(_mistral);
        var none = new JsonObject { ["actions"] = new JsonObject { ["DELETE"] = new JsonObject { ["workflow"] = Remove } } };

        var state = await _provider.CreateAsync(context, none, _none);

        Assert.Equal("thing", state.PhysicalId);
        Assert.Null(await _provider.GetAttributeAsync(context, state, "output", _none));
        Assert.Empty(await ExecutionsOfAsync(Remove));

        var unknown = await Assert.ThrowsAsync<ResourceException>(() => _provider.CreateAsync(context, Properties(_prefix + "_nope"), _none));
        Assert.Contains("which Mistral does not have", unknown.Message);
        var attribute = await Assert.ThrowsAsync<ResourceException>(() => _provider.GetAttributeAsync(context, state, "outputs", _none));
        Assert.Contains("output and show", attribute.Message);
    }
}
