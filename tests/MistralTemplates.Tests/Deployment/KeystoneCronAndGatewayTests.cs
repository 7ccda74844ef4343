using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.Mistral.Tests.Integration;
using MistralTemplates.Tests.Webhooks;
using MistralTemplates.Webhooks;

namespace MistralTemplates.Tests.Deployment;

/// <summary>Cron triggers and the webhook gateway on a Mistral behind a real Keystone, in the demo project.</summary>
public sealed class KeystoneCronAndGatewayTests
{
    private static readonly Dictionary<string, string> NoParameters = new();

    private static KeystoneServer Keystone => KeystoneServer.FromEnvironment();

    private static StackTarget Project(string user) => StackTarget.Cloud(KeystoneClouds.Password(Keystone, user));

    private const string EveryMinute = """
        heat_template_version: 2013-05-23
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                tick:
                  type: direct
                  tasks:
                    say:
                      action: std.echo output='tick'
                      publish:
                        result: <% task(say).result %>
          every_minute:
            type: OS::Mistral::CronTrigger
            properties:
              pattern: "* * * * *"
              workflow: { get_attr: [workflow, available_workflows, tick] }
        """;

    [KeystoneFact]
    public async Task A_cron_trigger_deployed_under_keystone_runs_its_workflow_in_the_project_and_destroy_removes_it()
    {
        await using var demo = Project("demo");
        await using var alt = Project("alt");
        var stack = "cron" + Guid.NewGuid().ToString("N")[..8];
        var deployer = new StackDeployer(demo.Service, demo.State);
        try
        {
            var deployed = await deployer.DeployAsync(new StackTemplate("every_minute.yaml", EveryMinute), stack, NoParameters);
            var triggerName = deployed.Record.Resources["every_minute"].PhysicalId!;
            var trigger = await demo.Service.CronTriggers.GetAsync(triggerName);
            Assert.Equal(Keystone.IdOf("demo", "project_id"), trigger.ProjectId);
            Assert.NotNull(trigger.NextExecutionTime);

            // Another project cannot destroy it, and trying leaves the trigger as it was.
            var refused = await Assert.ThrowsAsync<DeploymentException>(() => new StackDeployer(alt.Service, alt.State).DestroyAsync(stack));
            Assert.Contains($"no such stack '{stack}' in project alt", refused.Message);
            Assert.Equal(trigger.Id, (await demo.Service.CronTriggers.GetAsync(triggerName)).Id);

            // Mistral runs the trigger through a trust of demo's: the execution is demo's, and it succeeds.
            var workflows = deployed.Record.Resources["workflow"].Workflows;
            var waited = Stopwatch.StartNew();
            Execution? fired = null;
            while (fired is null && waited.Elapsed < TimeSpan.FromSeconds(150))
            {
                fired = (await demo.Service.ExecutionsOfAsync(workflows)).FirstOrDefault();
                if (fired is null) await Task.Delay(TimeSpan.FromSeconds(2));
            }
            Assert.True(fired is not null, $"the trigger (next run {trigger.NextExecutionTime:O}) started nothing within {waited.Elapsed.TotalSeconds:0} s");
            Assert.Equal(Keystone.IdOf("demo", "project_id"), fired.ProjectId);
            var done = await new Signals(demo.Service, demo.State).WaitAsync(fired.Id, TimeSpan.FromMinutes(1));
            Assert.Equal(ExecutionState.Success, done.State);

            Assert.True(await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true }));
            Assert.Null(await demo.Service.CronTriggers.GetAsync(triggerName).OrNullIfNotFound());
        }
        finally
        {
            if (await demo.State.GetAsync(stack) is not null)
                await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        }
    }

    [KeystoneFact]
    public async Task The_gateway_signs_in_as_the_project_it_was_started_for_and_a_signed_url_starts_an_execution_there_only()
    {
        await using var demo = Project("demo");
        await using var alt = Project("alt");
        var stack = "hook" + Guid.NewGuid().ToString("N")[..8];
        var deployer = new StackDeployer(demo.Service, demo.State);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        // serve on a cloud target: the gateway calls Mistral with the credentials the target signed in with.
        await using var demoGateway = SignalGateway.Create(demo.Service, demo.State, new SignalGatewayOptions { Urls = ["http://127.0.0.1:0"] });
        await using var altGateway = SignalGateway.Create(alt.Service, alt.State, new SignalGatewayOptions { Urls = ["http://127.0.0.1:0"] });
        await demoGateway.StartAsync();
        await altGateway.StartAsync();
        var demoBase = new Uri(demoGateway.Urls.Single());
        try
        {
            var alarmWorkflow = new StackTemplate("alarm.yaml", GatewayRequests.FindExample("AlarmWorkflow", "alarm.yaml"));
            await deployer.DeployAsync(alarmWorkflow, stack, NoParameters, new DeployOptions { PublicUrl = demoBase });
            var url = (await deployer.GetAttributeAsync(stack, "workflow", "alarm_url"))!.GetValue<string>();

            // The same signed URL at alt's gateway: alt's project has no such stack, so nothing starts.
            var atAlt = new Uri(new Uri(altGateway.Urls.Single()), new Uri(url).PathAndQuery).AbsoluteUri;
            Assert.Equal(403, (await http.PostAsync(atAlt, GatewayRequests.AodhNotification)).Status);

            var (status, body) = await http.PostAsync(url, GatewayRequests.AodhNotification);
            Assert.Equal(202, status);
            var id = body!["execution_id"]!.GetValue<string>();
            var done = await new Signals(demo.Service, demo.State).WaitAsync(id, TimeSpan.FromMinutes(1));
            Assert.Equal(ExecutionState.Success, done.State);
            Assert.Equal("Alarm!", done.Output!["result"]!.GetValue<string>());
            Assert.Equal(Keystone.IdOf("demo", "project_id"), done.ProjectId);
            Assert.Null(await alt.Service.Executions.GetAsync(id).OrNullIfNotFound());
        }
        finally
        {
            if (await demo.State.GetAsync(stack) is not null)
                await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        }
    }
}
