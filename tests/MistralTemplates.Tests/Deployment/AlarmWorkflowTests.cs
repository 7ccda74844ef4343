using System;
using System.Collections.Concurrent;
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

/// <summary>The spec's use case 2 (examples/AlarmWorkflow): an alarm whose action is the workflow's alarm_url.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class AlarmWorkflowTests(MistralServer server) : IDisposable
{
    private static readonly Dictionary<string, string> NoParameters = new();
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });

    private StackDeployer Deployer() => new(_mistral, new MistralEnvironmentStateStore(_mistral));

    private static StackTemplate Example()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MistralTemplates.sln"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("MistralTemplates.sln not found"), "examples", "AlarmWorkflow", "alarm.yaml");
        return new StackTemplate("alarm.yaml", File.ReadAllText(path));
    }

    /// <summary>Collects progress as it is reported, not later on a synchronisation context.</summary>
    private sealed class Steps : IProgress<ResourceEvent>
    {
        public ConcurrentQueue<ResourceEvent> All { get; } = new();

        public void Report(ResourceEvent value) => All.Enqueue(value);
    }

    [MistralFact]
    public async Task Use_case_2_deploys_the_alarm_runs_the_workflow_as_the_alarm_would_updates_and_destroys_to_nothing()
    {
        var stack = MistralServer.UniqueName("alarm");
        var deployer = Deployer();
        var steps = new Steps();

        // The alarm's action is the workflow's signed alarm_url, known once the workflow is made.
        var deployed = await deployer.DeployAsync(Example(), stack, NoParameters, progress: steps);

        Assert.Equal(LifecycleStatus.CreateComplete, deployed.Record.Status);
        var alarmDone = steps.All.Single(s => s.Resource == "alarm" && s.Phase == ResourceEventPhase.Completed);
        Assert.Null(alarmDone.Detail);
        var alarmUrl = (await deployer.GetAttributeAsync(stack, "workflow", "alarm_url"))!.GetValue<string>();
        Assert.StartsWith($"{MistralTemplates.Webhooks.PublicUrl.Resolve(null, null).AbsoluteUri}v1/signals/{stack}/workflow?signature=", alarmUrl);
        var alarm = (await deployer.GetAttributeAsync(stack, "alarm", "show"))!;
        Assert.Equal(deployed.Record.Resources["alarm"].PhysicalId, alarm["alarm_id"]!.GetValue<string>());
        Assert.Equal("cpu_util", alarm["threshold_rule"]!["meter_name"]!.GetValue<string>());
        Assert.Equal("ge", alarm["threshold_rule"]!["comparison_operator"]!.GetValue<string>());
        Assert.Equal(alarmUrl, Assert.Single(alarm["alarm_actions"]!.AsArray())!.GetValue<string>());

        // Aodh posts its notification to the URL; the workflow takes it as Heat's signal does.
        var notification = JsonNode.Parse("""
            {"alarm_id": "0c5a1d5c", "alarm_name": "cpu", "current": "alarm", "previous": "ok", "severity": "low",
             "reason": "Transition to alarm due to 1 samples outside threshold", "reason_data": {"type": "threshold", "most_recent": 12.5}}
            """);
        var signals = new Signals(_mistral, new MistralEnvironmentStateStore(_mistral));
        var started = await signals.SignalAsync(stack, "workflow", notification);
        var done = await signals.WaitAsync(started.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Alarm!", done.Output!["result"]!.GetValue<string>());
        var executions = (await deployer.GetAttributeAsync(stack, "workflow", "executions"))!.AsArray();
        Assert.Equal(started.Id, Assert.Single(executions)!["id"]!.GetValue<string>());
        Assert.Equal("SUCCESS", executions[0]!["state"]!.GetValue<string>());

        // A redeploy of the unchanged template changes nothing: the secret, and so the URL, are kept.
        Assert.False((await deployer.PlanAsync(Example(), stack, NoParameters)).HasChanges);

        var changed = new StackTemplate("alarm.yaml", Example().Text.Replace("threshold: 0", "threshold: 80"));
        var plan = await deployer.PlanAsync(changed, stack, NoParameters);
        var change = plan.Changes.Single(c => c.Resource == "alarm");
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("'threshold' changed", change.Reason);
        Assert.Equal(ChangeKind.NoChange, plan.Changes.Single(c => c.Resource == "workflow").Kind);
        var updated = await deployer.DeployAsync(changed, stack, NoParameters);
        Assert.Equal(deployed.Record.Resources["alarm"].PhysicalId, updated.Record.Resources["alarm"].PhysicalId);
        Assert.Equal(80, (await deployer.GetAttributeAsync(stack, "alarm", "show"))!["threshold_rule"]!["threshold"]!.GetValue<int>());

        await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        await foreach (var workflow in _mistral.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.Has, stack + ".")))
            Assert.DoesNotContain(stack + ".", workflow.Name);
        Assert.Null(await _mistral.Executions.GetAsync(started.Id).OrNullIfNotFound());
        Assert.Null(await _mistral.Environments.GetAsync("mistraltemplates.stack." + stack).OrNullIfNotFound());
        Assert.Null(await _mistral.Environments.GetAsync("mistraltemplates.lock." + stack).OrNullIfNotFound());
    }

    [MistralFact]
    public async Task The_alarm_url_resolves_outside_an_alarms_actions_too()
    {
        var stack = MistralServer.UniqueName("alarmdesc");
        var text = Example().Text.Replace("      meter_name: cpu_util", "      meter_name: cpu_util\n      description: { get_attr: [workflow, alarm_url] }");
        var deployer = Deployer();

        await deployer.DeployAsync(new StackTemplate("alarm.yaml", text), stack, NoParameters);
        try
        {
            var alarm = (await deployer.GetAttributeAsync(stack, "alarm", "show"))!;
            Assert.Equal(alarm["alarm_actions"]![0]!.GetValue<string>(), alarm["description"]!.GetValue<string>());
        }
        finally
        {
            await deployer.DestroyAsync(stack);
        }
    }

    public void Dispose() => _mistral.Dispose();
}
