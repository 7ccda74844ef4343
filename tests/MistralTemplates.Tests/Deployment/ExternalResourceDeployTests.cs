using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Deployment;

/// <summary>OS::Mistral::ExternalResource through the deploy engine, against the real server.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class ExternalResourceDeployTests(MistralServer server) : IDisposable
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });

    private StackDeployer Deployer() => new(_mistral, new MistralEnvironmentStateStore(_mistral));

    /// <summary>A thing managed by four workflows of the stack; <c>label</c> replaces it, <c>size</c> updates it.</summary>
    private static StackTemplate Template() => new("external.yaml", """
        heat_template_version: 2018-08-31
        parameters:
          size: { type: number, default: 1 }
          label: { type: string, default: a }
          create: { type: string, default: make }
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                make:
                  input: [size, label]
                  output: {resource_id: <% 'thing-' + $.label %>, size: <% $.size %>}
                  tasks:
                    t:
                      action: std.noop
                change:
                  input: [size, label]
                  output: {size: <% $.size %>, was: <% env().heat_extresource_data.resource_id %>}
                  tasks:
                    t:
                      action: std.noop
                remove:
                  input: [size, label]
                  tasks:
                    t:
                      action: std.noop
                broken:
                  input: [size, label]
                  tasks:
                    t:
                      action: std.noop
                      on-complete:
                        - fail(msg="quota exceeded for things")
          thing:
            type: OS::Mistral::ExternalResource
            properties:
              actions:
                CREATE: { workflow: { get_attr: [workflow, available_workflows, { get_param: create }] } }
                UPDATE: { workflow: { get_attr: [workflow, available_workflows, change] } }
                DELETE: { workflow: { get_attr: [workflow, available_workflows, remove] } }
              input: { size: { get_param: size }, label: { get_param: label } }
              replace_on_change_inputs: [label]
        outputs:
          thing_output: { value: { get_attr: [thing, output] } }
          thing_id: { value: { get_resource: thing } }
        """);

    private static Dictionary<string, string> Parameters(int size = 1, string label = "a") =>
        new() { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["label"] = label };

    private async Task<int> RunsAsync(string stack, string workflow, ExecutionState state = ExecutionState.Success)
    {
        var count = 0;
        await foreach (var execution in _mistral.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [$"{stack}.workflow.{workflow}"] }))
            if (execution.State == state) count++;
        return count;
    }

    private async Task AssertNothingOfTheStackRemainsAsync(string stack)
    {
        await foreach (var workflow in _mistral.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.Has, stack + ".")))
            Assert.DoesNotContain(stack + ".", workflow.Name);
        var names = new[] { "make", "change", "remove", "broken" }.Select(w => $"{stack}.workflow.{w}").ToList();
        await foreach (var execution in _mistral.Executions.ListAsync(new ExecutionQuery { WorkflowNames = names }))
            Assert.Fail($"execution {execution.Id} of {execution.WorkflowName} remains");
        Assert.Null(await new MistralEnvironmentStateStore(_mistral).GetAsync(stack));
    }

    [MistralFact]
    public async Task Create_update_replace_and_delete_run_the_resources_workflows()
    {
        var stack = MistralServer.UniqueName("ext");
        var deployer = Deployer();

        var created = await deployer.DeployAsync(Template(), stack, Parameters());
        Assert.Equal("thing-a", created.Record.Resources["thing"].PhysicalId);
        Assert.Equal("thing-a", created.Record.Outputs["thing_id"].GetString());
        Assert.Equal(1, created.Record.Outputs["thing_output"].GetProperty("size").GetInt32());
        Assert.Equal(1, await RunsAsync(stack, "make"));

        var grow = await deployer.PlanAsync(Template(), stack, Parameters(size: 2));
        var update = grow.Changes.Single(c => c.Resource == "thing");
        Assert.Equal(ChangeKind.Update, update.Kind);
        Assert.Equal("'input' changed", update.Reason);
        var grown = await deployer.DeployAsync(Template(), stack, Parameters(size: 2));
        Assert.Equal(1, await RunsAsync(stack, "change"));
        var output = grown.Record.Outputs["thing_output"];
        Assert.Equal(2, output.GetProperty("size").GetInt32());
        Assert.Equal("thing-a", output.GetProperty("was").GetString()); // the CREATE output, seen through env()
        Assert.Equal(grown.Record.Resources["thing"].ExecutionIds[^1], grown.Record.Resources["thing"].PhysicalId);

        // Unchanged: no workflow runs.
        Assert.False((await deployer.DeployAsync(Template(), stack, Parameters(size: 2))).Plan.HasChanges);

        var relabel = await deployer.PlanAsync(Template(), stack, Parameters(size: 2, label: "b"));
        var replace = relabel.Changes.Single(c => c.Resource == "thing");
        Assert.Equal(ChangeKind.Replace, replace.Kind);
        Assert.Equal("input 'label' changed and is listed in replace_on_change_inputs", replace.Reason);
        var replaced = await deployer.DeployAsync(Template(), stack, Parameters(size: 2, label: "b"));
        Assert.Equal("thing-b", replaced.Record.Resources["thing"].PhysicalId);
        Assert.Equal(2, await RunsAsync(stack, "make"));
        Assert.Equal(1, await RunsAsync(stack, "remove"));
        Assert.Equal(1, await RunsAsync(stack, "change"));

        await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = false });
        await deployer.DeployAsync(Template(), stack, Parameters()); // again, to see DELETE run on destroy
        await deployer.DestroyAsync(stack);
        Assert.Equal(3, await RunsAsync(stack, "remove"));

        await deployer.DeployAsync(Template(), stack, Parameters());
        await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        await AssertNothingOfTheStackRemainsAsync(stack);
    }

    [MistralFact]
    public async Task Always_update_runs_UPDATE_on_every_deploy_even_without_changes()
    {
        var stack = MistralServer.UniqueName("extalways");
        var deployer = Deployer();
        var template = Template().Text.Replace("replace_on_change_inputs: [label]", "replace_on_change_inputs: [label]\n      always_update: true");
        var always = new StackTemplate("external.yaml", template);

        await deployer.DeployAsync(always, stack, Parameters());
        Assert.Equal(0, await RunsAsync(stack, "change"));

        var plan = await deployer.PlanAsync(always, stack, Parameters());
        var change = plan.Changes.Single(c => c.Resource == "thing");
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("always_update is set: its UPDATE workflow runs on every deploy", change.Reason);
        Assert.Equal(ChangeKind.NoChange, plan.Changes.Single(c => c.Resource == "workflow").Kind);

        await deployer.DeployAsync(always, stack, Parameters());
        await deployer.DeployAsync(always, stack, Parameters());
        Assert.Equal(2, await RunsAsync(stack, "change"));

        await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        await AssertNothingOfTheStackRemainsAsync(stack);
    }

    [MistralFact]
    public async Task A_failed_CREATE_workflow_fails_the_deploy_with_its_state_info_and_rolls_the_first_deploy_back()
    {
        var stack = MistralServer.UniqueName("extfail");
        var parameters = Parameters();
        parameters["create"] = "broken";

        var failed = await Assert.ThrowsAsync<DeploymentException>(() => Deployer().DeployAsync(Template(), stack, parameters));

        Assert.Contains("rolled back", failed.Message);
        Assert.Contains("quota exceeded for things", failed.Message);
        await AssertNothingOfTheStackRemainsAsync(stack);
    }

    public void Dispose() => _mistral.Dispose();
}
