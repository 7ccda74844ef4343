using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Deployment;

/// <summary>Independent resources are applied and deleted in parallel, against the real server.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class ParallelDeployTests : IDisposable
{
    private const string Workflows = "/v2/workflows";
    private const string Triggers = "/v2/cron_triggers";
    private static readonly Dictionary<string, string> NoParameters = new();
    private readonly CallRecorder _calls = new();
    private readonly MistralClient _mistral;

    public ParallelDeployTests(MistralServer server) => _mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint }, _calls);

    private StackDeployer Deployer() => new(_mistral, new MistralEnvironmentStateStore(_mistral));

    /// <summary>
    /// <paramref name="pairs"/> workflows, each run by a cron trigger of its own (get_attr), and when asked one more
    /// workflow, a_wf, with a trigger that names it by a plain string built from the stack's name (no dependency in the
    /// template).
    /// </summary>
    /// <remarks>With <paramref name="badTriggerOn"/>, a trigger first in the template runs that workflow (made outside
    /// the stack, so the trigger waits for nothing) with the pattern of the parameter <c>pattern</c> (the compiler
    /// checks literal patterns), and the workflows have no triggers.</remarks>
    private static StackTemplate Pairs(int pairs, bool plainTrigger, string? badTriggerOn = null)
    {
        var badTrigger = badTriggerOn is not null;
        var text = new StringBuilder("heat_template_version: 2018-08-31\n");
        if (badTrigger) text.Append("parameters:\n  pattern:\n    type: string\n");
        text.Append("resources:\n");
        if (badTrigger)
            text.Append("  bad_trigger:\n    type: OS::Mistral::CronTrigger\n    properties:\n      pattern: { get_param: pattern }\n" +
                        $"      workflow: {badTriggerOn}\n");
        // The plain trigger comes before its workflow in the template, yet must be made after it; its name sorts after
        // the workflow's, yet it must be deleted before it.
        if (plainTrigger)
        {
            text.Append("  z_plain_trigger:\n    type: OS::Mistral::CronTrigger\n    properties:\n      pattern: \"0 0 1 1 *\"\n" +
                        "      workflow: { list_join: ['.', [{ get_param: 'OS::stack_name' }, a_wf, w]] }\n");
            text.Append(Workflow("a_wf"));
        }
        for (var i = 0; i < pairs; i++)
        {
            text.Append(Workflow("wf" + i));
            if (!badTrigger)
                text.Append($"  trigger{i}:\n    type: OS::Mistral::CronTrigger\n    properties:\n      pattern: \"0 0 1 1 *\"\n" +
                            $"      workflow: {{ get_attr: [wf{i}, available_workflows, w] }}\n");
        }
        return new StackTemplate("pairs.yaml", text.ToString());

        static string Workflow(string name) =>
            $"  {name}:\n    type: OS::Mistral::Workflow\n    properties:\n      definition: |\n        w:\n          tasks:\n            t:\n              action: std.noop\n";
    }

    private async Task<(List<string> Workflows, List<string> Triggers)> HeldByServerAsync(string stack)
    {
        var workflows = new List<string>();
        await foreach (var workflow in _mistral.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.Has, stack + ".")))
            if (workflow.Name.StartsWith(stack + ".", StringComparison.Ordinal)) workflows.Add(workflow.Name);
        var triggers = new List<string>();
        await foreach (var trigger in _mistral.CronTriggers.ListAsync(new ListQuery().Where("name", FilterOperator.Has, stack + ".")))
            if (trigger.Name.StartsWith(stack + ".", StringComparison.Ordinal)) triggers.Add(trigger.Name);
        return (workflows, triggers);
    }

    /// <summary>Each trigger's call was answered before its workflow's call was sent (deletes), or the other way round (creates).</summary>
    private void AssertOrder(string stack, string method, IEnumerable<(string Trigger, string Workflow)> pairs)
    {
        foreach (var (trigger, workflow) in pairs)
        {
            var triggerCall = _calls.Single(method, Triggers, $"{stack}.{trigger}");
            var workflowCall = _calls.Single(method, Workflows, $"{stack}.{workflow}.w");
            if (method == "POST")
                Assert.True(workflowCall.Answered <= triggerCall.Sent, $"{trigger} was created before {workflow} existed");
            else
                Assert.True(triggerCall.Answered <= workflowCall.Sent, $"{workflow} was deleted before {trigger}");
        }
    }

    [MistralFact]
    public async Task Independent_resources_are_created_and_deleted_together_in_dependency_order_and_all_recorded()
    {
        var stack = MistralServer.UniqueName("par");
        var options = new DeployOptions { MaxParallelism = 4 };
        var pairs = Enumerable.Range(0, 6).Select(i => ($"trigger{i}", $"wf{i}")).Append(("z_plain_trigger", "a_wf")).ToList();

        var result = await Deployer().DeployAsync(Pairs(6, plainTrigger: true), stack, NoParameters, options);

        Assert.True(_calls.MostInFlight(Workflows, Triggers) > 1, "no two resource calls were in flight together");
        Assert.InRange(_calls.MostInFlight(Workflows, Triggers), 2, 4);
        AssertOrder(stack, "POST", pairs);
        var stored = await new MistralEnvironmentStateStore(_mistral).GetAsync(stack);
        Assert.NotNull(stored);
        Assert.Equal(LifecycleStatus.CreateComplete, stored.Status);
        Assert.Equal(14, stored.Resources.Count);
        Assert.All(stored.Resources.Values, r => Assert.Equal(LifecycleStatus.CreateComplete, r.Status));
        Assert.All(stored.Resources.Values, r => Assert.NotNull(r.PhysicalId));
        Assert.Equal(result.Record.Version, stored.Version);
        var held = await HeldByServerAsync(stack);
        Assert.Equal(7, held.Workflows.Count);
        Assert.Equal(7, held.Triggers.Count);

        // Two pairs leave the template: each trigger goes before the workflow it runs.
        _calls.Clear();
        await Deployer().DeployAsync(Pairs(4, plainTrigger: true), stack, NoParameters, options);
        AssertOrder(stack, "DELETE", [("trigger4", "wf4"), ("trigger5", "wf5")]);
        Assert.Equal(10, (await new MistralEnvironmentStateStore(_mistral).GetAsync(stack))!.Resources.Count);

        // The plain trigger has no dependency in the record, yet goes before a_wf (Mistral refuses the other order).
        _calls.Clear();
        await Deployer().DestroyAsync(stack, options);
        Assert.True(_calls.MostInFlight(Workflows, Triggers) > 1, "no two deletes were in flight together");
        AssertOrder(stack, "DELETE", pairs.Take(4).Append(("z_plain_trigger", "a_wf")));
        var left = await HeldByServerAsync(stack);
        Assert.Empty(left.Workflows);
        Assert.Empty(left.Triggers);
        Assert.Null(await new MistralEnvironmentStateStore(_mistral).GetAsync(stack));
    }

    [MistralFact]
    public async Task A_failure_in_one_branch_starts_nothing_new_and_rolls_the_first_deploy_back_fully()
    {
        var stack = MistralServer.UniqueName("parfail");
        var events = new ConcurrentQueue<ResourceEvent>();
        // Mistral refuses weekday 9; the trigger is first in the template, eight independent workflows follow it.
        var outside = stack + "_outside";
        await _mistral.Workflows.CreateAsync($"version: '2.0'\n{outside}:\n  tasks:\n    t:\n      action: std.noop\n");
        try
        {
            var template = Pairs(8, plainTrigger: false, badTriggerOn: outside);

            var failed = await Assert.ThrowsAsync<DeploymentException>(() => Deployer().DeployAsync(template, stack,
                new Dictionary<string, string> { ["pattern"] = "9 9 9 9 9" },
                new DeployOptions { MaxParallelism = 2 }, new Recorder(events)));

            Assert.Contains("rolled back", failed.Message);
            var log = events.ToList();
            var failure = log.FindIndex(e => e.Phase == ResourceEventPhase.Failed);
            Assert.Equal("bad_trigger", log[failure].Resource);
            // A step the scheduler started just before it saw the failure reports its start a moment later: with two
            // at a time, that is at most the one in the other place.
            Assert.InRange(log.Skip(failure).Count(e => e.Phase == ResourceEventPhase.Started && e.Change != ChangeKind.Delete), 0, 1);
            var created = log.Where(e => e.Phase == ResourceEventPhase.Completed && e.Change == ChangeKind.Create).Select(e => e.Resource).ToList();
            Assert.True(created.Count < 8, "every workflow was started despite the failure");
            // Everything that was made was deleted again, the running ones included (and those listed to be made).
            var deleted = log.Where(e => e.Phase == ResourceEventPhase.Completed && e.Change == ChangeKind.Delete).Select(e => e.Resource).ToList();
            Assert.All(created, c => Assert.Contains(c, deleted));
            var held = await HeldByServerAsync(stack);
            Assert.Empty(held.Workflows);
            Assert.Empty(held.Triggers);
            Assert.Null(await new MistralEnvironmentStateStore(_mistral).GetAsync(stack));
        }
        finally
        {
            await _mistral.Workflows.DeleteAsync(outside);
        }
    }

    [MistralFact]
    public async Task A_cancelled_deploy_starts_nothing_new_records_what_it_made_and_the_next_deploy_finishes_it()
    {
        var stack = MistralServer.UniqueName("parstop");
        var template = Pairs(8, plainTrigger: false);
        using var cancel = new CancellationTokenSource();
        var events = new ConcurrentQueue<ResourceEvent>();
        var stopAfterFirst = new Recorder(events, e =>
        {
            if (e.Phase == ResourceEventPhase.Completed) cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Deployer().DeployAsync(template, stack, NoParameters, new DeployOptions { MaxParallelism = 2 }, stopAfterFirst, cancel.Token));

        // The record says the deploy is unfinished, lists every resource by name, and holds what was made (each of it
        // on the server) with its properties.
        var stopped = await new MistralEnvironmentStateStore(_mistral).GetAsync(stack);
        Assert.NotNull(stopped);
        Assert.Equal(LifecycleStatus.CreateInProgress, stopped.Status);
        Assert.Equal(16, stopped.Resources.Count);
        var made = stopped.Resources.Values.Where(r => r.Properties is not null).ToList();
        Assert.InRange(made.Count, 1, 15);
        var held = await HeldByServerAsync(stack);
        Assert.All(made, r => Assert.Contains(r.PhysicalId, held.Workflows.Concat(held.Triggers)));

        var finished = await Deployer().DeployAsync(template, stack, NoParameters, new DeployOptions { MaxParallelism = 2 });
        Assert.Equal(LifecycleStatus.CreateComplete, finished.Record.Status);   // the create, finished
        Assert.Equal(16, finished.Record.Resources.Count);
        held = await HeldByServerAsync(stack);
        Assert.Equal(8, held.Workflows.Distinct().Count());
        Assert.Equal(8, held.Triggers.Distinct().Count());

        await Deployer().DestroyAsync(stack);
        held = await HeldByServerAsync(stack);
        Assert.Empty(held.Workflows);
        Assert.Empty(held.Triggers);
    }

    private sealed class Recorder(ConcurrentQueue<ResourceEvent> events, Action<ResourceEvent>? then = null) : IProgress<ResourceEvent>
    {
        public void Report(ResourceEvent value)
        {
            events.Enqueue(value);
            then?.Invoke(value);
        }
    }

    public void Dispose() => _mistral.Dispose();
}
