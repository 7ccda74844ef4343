using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Deployment;

[Collection(MistralServerCollection.Name)]
public sealed class StackDeployerTests(MistralServer server) : IDisposable
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private static readonly Dictionary<string, string> NoParameters = new();

    private StackDeployer Deployer() => new(_mistral, new MistralEnvironmentStateStore(_mistral));

    private static StackTemplate Example(string folder, string file, params string[] getFiles)
    {
        var directory = Path.Combine(RepositoryRoot(), "examples", folder);
        return new StackTemplate(file, File.ReadAllText(Path.Combine(directory, file)),
            getFiles.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(directory, f))));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MistralTemplates.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("MistralTemplates.sln not found above " + AppContext.BaseDirectory);
    }

    private async Task<List<string>> WorkflowsOfStackAsync(string stack)
    {
        var names = new List<string>();
        await foreach (var workflow in _mistral.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.Has, stack + ".")))
            if (workflow.Name.StartsWith(stack + ".", StringComparison.Ordinal)) names.Add(workflow.Name);
        return names;
    }

    [MistralFact]
    public async Task Use_case_1_deploys_runs_updates_with_a_reason_and_destroys_to_nothing()
    {
        var stack = MistralServer.UniqueName("hello");
        var deployer = Deployer();
        var template = Example("HelloWorkflow", "hello.yaml");

        var first = await deployer.DeployAsync(template, stack, NoParameters);

        Assert.All(first.Plan.Changes, c => Assert.Equal(ChangeKind.Create, c.Kind));
        Assert.Equal(LifecycleStatus.CreateComplete, first.Record.Status);
        Assert.Equal([stack + ".workflow.test"], await WorkflowsOfStackAsync(stack));
        Assert.Equal(stack + ".workflow.test", first.Record.Outputs["workflows"].GetProperty("test").GetString());

        var started = await _mistral.Executions.CreateAsync(new ExecutionRequest { WorkflowName = stack + ".workflow.test" });
        Execution done;
        do done = await _mistral.Executions.GetAsync(started.Id); while (!done.State.IsCompleted() && await Delay());
        Assert.Equal(ExecutionState.Success, done.State);
        var executions = (await deployer.GetAttributeAsync(stack, "workflow", "executions"))!.AsArray();
        Assert.Equal(started.Id, Assert.Single(executions)!["id"]!.GetValue<string>());

        // Unchanged: nothing to do, and not one write reaches the server (no lock, no record update).
        var counter = new MethodCounter { InnerHandler = new System.Net.Http.SocketsHttpHandler() };
        using (var counted = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint }, counter))
        {
            var again = await new StackDeployer(counted, new MistralEnvironmentStateStore(counted)).DeployAsync(template, stack, NoParameters);
            Assert.False(again.Plan.HasChanges);
            Assert.Equal(first.Record.Version, again.Record.Version);
        }
        Assert.True(counter.Reads > 0);
        Assert.Equal(0, counter.Writes);

        var changed = new StackTemplate(template.Path, template.Text.Replace("output='Hello'", "output='Hello again'"));
        var plan = await deployer.PlanAsync(changed, stack, NoParameters);
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("'definition' changed", change.Reason);
        await deployer.DeployAsync(changed, stack, NoParameters);
        Assert.Contains("Hello again", (await _mistral.Workflows.GetAsync(stack + ".workflow.test")).Definition);

        await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        Assert.Empty(await WorkflowsOfStackAsync(stack));
        Assert.Null(await new MistralEnvironmentStateStore(_mistral).GetAsync(stack));
        Assert.Null(await _mistral.Executions.GetAsync(started.Id).OrNullIfNotFound());
    }

    [MistralFact]
    public async Task Use_case_3_gives_the_trigger_the_workflows_input_and_a_pattern_change_replaces_it()
    {
        var stack = MistralServer.UniqueName("cronvm");
        var deployer = Deployer();
        // The example's nova actions need a cloud; the same template shape with std.echo runs anywhere.
        var template = Example("CronVm", "cron_vm.yaml", "wfdef.yaml");
        var echoing = new StackTemplate(template.Path, template.Text.Replace("name: test_trigger", "name: " + stack + "_trigger"),
            new Dictionary<string, string>
            {
                ["wfdef.yaml"] = "version: '2.0'\ncreate_vm:\n  input: [vm_name, image_ref, flavor_ref]\n  tasks:\n    boot:\n      action: std.echo output=<% $.vm_name %>\n",
            });

        await deployer.DeployAsync(echoing, stack, NoParameters);

        var trigger = await _mistral.CronTriggers.GetAsync(stack + "_trigger");
        Assert.Equal(stack + ".workflow.create_vm", trigger.WorkflowName);
        Assert.Equal("test", trigger.WorkflowInput!["vm_name"]!.GetValue<string>());
        Assert.Equal("1 0 * * *", trigger.Pattern);

        var changed = new StackTemplate(echoing.Path, echoing.Text.Replace("pattern: 1 0 * * *", "pattern: 2 0 * * *"), echoing.Files);
        var plan = await deployer.PlanAsync(changed, stack, NoParameters);
        var replace = plan.Changes.Single(c => c.Resource == "cron_trigger");
        Assert.Equal(ChangeKind.Replace, replace.Kind);
        Assert.Equal("'pattern' changed and cannot be updated in place", replace.Reason);
        Assert.Equal(ChangeKind.NoChange, plan.Changes.Single(c => c.Resource == "workflow").Kind);

        // A fixed name: the old trigger must go before the new one is made (Heat fails here with 409).
        await deployer.DeployAsync(changed, stack, NoParameters);
        Assert.Equal("2 0 * * *", (await _mistral.CronTriggers.GetAsync(stack + "_trigger")).Pattern);

        await deployer.DestroyAsync(stack);
        Assert.Null(await _mistral.CronTriggers.GetAsync(stack + "_trigger").OrNullIfNotFound());
        Assert.Empty(await WorkflowsOfStackAsync(stack));
    }

    [MistralFact]
    public async Task A_failed_first_deploy_is_rolled_back_and_bad_parameters_change_nothing()
    {
        var stack = MistralServer.UniqueName("broken");
        var deployer = Deployer();
        var text = """
            heat_template_version: 2016-10-14
            parameters:
              pattern:
                type: string
                default: "* * * * *"
                constraints:
                  - allowed_pattern: "[0-9* ]+"
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    wf:
                      input: [x]
                      tasks:
                        t:
                          action: std.echo output=<% $.x %>
              trigger:
                type: OS::Mistral::CronTrigger
                properties:
                  pattern: { get_param: pattern }
                  workflow: { name: { get_attr: [workflow, available_workflows, wf] }, input: { x: 1 } }
            """;
        var template = new StackTemplate("broken.yaml", text);

        var refused = await Assert.ThrowsAsync<DeploymentException>(() =>
            deployer.DeployAsync(template, stack, new Dictionary<string, string> { ["pattern"] = "not-a-cron" }));
        Assert.Contains("parameters are not valid", refused.Message);
        Assert.Null(await new MistralEnvironmentStateStore(_mistral).GetAsync(stack));

        // A pattern the parameter's constraint lets through but Mistral refuses (weekday 9), after the workflow was made.
        var failed = await Assert.ThrowsAsync<DeploymentException>(() =>
            deployer.DeployAsync(template, stack, new Dictionary<string, string> { ["pattern"] = "9 9 9 9 9" }));
        Assert.Contains("rolled back", failed.Message);
        Assert.Empty(await WorkflowsOfStackAsync(stack));
        Assert.Null(await new MistralEnvironmentStateStore(_mistral).GetAsync(stack));
    }

    /// <summary>Counts the requests that reach the server, reads apart from writes.</summary>
    private sealed class MethodCounter : System.Net.Http.DelegatingHandler
    {
        private int _reads;
        private int _writes;

        public int Reads => _reads;

        public int Writes => _writes;

        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            System.Threading.Interlocked.Increment(ref request.Method == System.Net.Http.HttpMethod.Get ? ref _reads : ref _writes);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50);
        return true;
    }

    public void Dispose() => _mistral.Dispose();
}
