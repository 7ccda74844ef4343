using System;
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
public sealed class CronTriggerResourceProviderTests(MistralServer server) : IAsyncLifetime
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private readonly CronTriggerResourceProvider _provider = new();
    private readonly CancellationToken _none = CancellationToken.None;
    private readonly string _workflow = MistralServer.UniqueName("cronwf");

    public async Task InitializeAsync()
    {
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is not null) return;
        await _mistral.Workflows.CreateAsync($"version: '2.0'\n{_workflow}:\n  input: [vm_name]\n  tasks:\n    t:\n      action: std.echo output=<% $.vm_name %>\n");
    }

    public Task DisposeAsync()
    {
        _mistral.Dispose();
        return Task.CompletedTask;
    }

    private ResourceContext Context() => new(_mistral, MistralServer.UniqueName("st"), "cron");

    [MistralFact]
    public async Task A_trigger_is_named_after_stack_and_resource_and_reports_its_next_run()
    {
        var context = Context();
        var properties = new JsonObject
        {
            ["pattern"] = "0 0 1 1 *",
            ["workflow"] = new JsonObject { ["name"] = _workflow, ["input"] = new JsonObject { ["vm_name"] = "vm1" } },
            ["count"] = 3L, // a long, as the template evaluator gives a whole number
        };

        var state = await _provider.CreateAsync(context, properties, _none);

        Assert.Equal(context.NamePrefix, state.PhysicalId);
        var trigger = await _mistral.CronTriggers.GetAsync(context.NamePrefix);
        Assert.Equal("vm1", trigger.WorkflowInput!["vm_name"]!.GetValue<string>());
        Assert.Equal(3, (await _provider.GetAttributeAsync(context, state, "remaining_executions", _none))!.GetValue<int>());
        Assert.Equal($"{DateTime.UtcNow.Year + 1}-01-01 00:00:00", (await _provider.GetAttributeAsync(context, state, "next_execution_time", _none))!.GetValue<string>());

        await _provider.DeleteAsync(context, state, new DeleteOptions(), _none);
        Assert.Null(await _mistral.CronTriggers.GetAsync(context.NamePrefix).OrNullIfNotFound());
        // Gone already (as after its last run): deleting again is fine and nothing remains to run.
        await _provider.DeleteAsync(context, state, new DeleteOptions(), _none);
        Assert.Equal(0, (await _provider.GetAttributeAsync(context, state, "remaining_executions", _none))!.GetValue<int>());
        Assert.Null(await _provider.GetAttributeAsync(context, state, "next_execution_time", _none));
    }

    [MistralFact]
    public async Task A_plain_workflow_name_a_fixed_name_and_a_first_time_make_a_one_shot_trigger()
    {
        var context = Context();
        var name = MistralServer.UniqueName("fixed");
        var first = DateTimeOffset.UtcNow.AddHours(2);
        await _mistral.Workflows.CreateAsync($"version: '2.0'\n{_workflow}_noinput:\n  tasks:\n    t:\n      action: std.noop\n");
        var properties = new JsonObject
        {
            ["name"] = name, ["workflow"] = _workflow + "_noinput", ["first_time"] = first.ToString("yyyy-MM-dd HH:mm"), ["count"] = 1.0,
        };

        var state = await _provider.CreateAsync(context, properties, _none);

        var trigger = await _mistral.CronTriggers.GetAsync(name);
        Assert.Equal(first.ToString("yyyy-MM-dd HH:mm"), trigger.FirstExecutionTime!.Value.ToString("yyyy-MM-dd HH:mm"));
        Assert.Equal(1, trigger.RemainingExecutions);
        await _provider.DeleteAsync(context, state, new DeleteOptions(), _none);
    }

    [MistralFact]
    public async Task A_create_after_an_interrupted_one_keeps_a_matching_trigger_and_remakes_a_different_one()
    {
        var context = Context();
        var properties = new JsonObject
        {
            ["pattern"] = "0 0 1 1 *", ["workflow"] = new JsonObject { ["name"] = _workflow, ["input"] = new JsonObject { ["vm_name"] = "a" } },
        };
        var first = await _provider.CreateAsync(context, properties, _none);
        var id = (await _mistral.CronTriggers.GetAsync(context.NamePrefix)).Id;

        await _provider.CreateAsync(context, properties, _none);
        Assert.Equal(id, (await _mistral.CronTriggers.GetAsync(context.NamePrefix)).Id);

        properties["pattern"] = "0 0 2 1 *";
        await _provider.CreateAsync(context, properties, _none);
        var remade = await _mistral.CronTriggers.GetAsync(context.NamePrefix);
        Assert.NotEqual(id, remade.Id);
        Assert.Equal("0 0 2 1 *", remade.Pattern);
        await _provider.DeleteAsync(context, first, new DeleteOptions(), _none);
    }

    [MistralFact]
    public async Task What_Mistral_refuses_is_a_resource_error_that_says_why()
    {
        var context = Context();
        var error = await Assert.ThrowsAsync<ResourceException>(() => _provider.CreateAsync(context, new JsonObject
        {
            ["pattern"] = "not a cron", ["workflow"] = new JsonObject { ["name"] = _workflow, ["input"] = new JsonObject { ["vm_name"] = "a" } },
        }, _none));
        Assert.Contains("pattern is not valid", error.Message);
        Assert.Null(await _mistral.CronTriggers.GetAsync(context.NamePrefix).OrNullIfNotFound());

        var noWorkflow = await Assert.ThrowsAsync<ResourceException>(() => _provider.CreateAsync(context, new JsonObject { ["pattern"] = "* * * * *" }, _none));
        Assert.Contains("'workflow' property", noWorkflow.Message);
    }
}
