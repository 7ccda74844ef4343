using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.State;

namespace MistralTemplates.CrashTests;

/// <summary>The crash host's parameters: the defaults, or the changed set an update applies.</summary>
public sealed record CrashVariant(string Name, string Greeting, string Pattern, bool Extra)
{
    public static readonly CrashVariant Defaults = new("defaults", "Hello", "0 3 1 1 *", false);
    public static readonly CrashVariant Changed = new("changed", "Hi", "0 4 1 2 *", true);

    public string[] DeployArguments(string stack) =>
        ["deploy", "--stack", stack, "--param", $"greeting={Greeting}", "--param", $"pattern={Pattern}", "--param", $"extra={(Extra ? "true" : "false")}"];
}

/// <summary>
/// What the server holds of one crash-host stack, read through its own API: workflows, cron triggers and
/// environments whose names carry the stack's name, and the stack's record.
/// </summary>
public sealed class CrashStackOnServer(IWorkflowService mistral, string stack)
{
    private readonly MistralEnvironmentStateStore _store = new(mistral);

    public async Task<(List<string> Workflows, List<string> Triggers, List<string> Environments)> ReadAsync()
    {
        var workflows = new List<string>();
        await foreach (var workflow in mistral.Workflows.ListAsync(new ListQuery { Fields = ["name"] }.Where("name", FilterOperator.Has, stack)))
            if (Ours(workflow.Name)) workflows.Add(workflow.Name);
        var triggers = new List<string>();
        await foreach (var trigger in mistral.CronTriggers.ListAsync(new ListQuery().Where("name", FilterOperator.Has, stack)))
            if (Ours(trigger.Name)) triggers.Add(trigger.Name);
        var environments = new List<string>();
        await foreach (var environment in mistral.Environments.ListAsync(new ListQuery { Fields = ["name"] }.Where("name", FilterOperator.Has, stack)))
            environments.Add(environment.Name);
        workflows.Sort(StringComparer.Ordinal);
        triggers.Sort(StringComparer.Ordinal);
        environments.Sort(StringComparer.Ordinal);
        return (workflows, triggers, environments);
    }

    /// <summary>
    /// The server holds exactly what the template wants with <paramref name="variant"/>'s parameters, each once, and
    /// exactly what the record lists: no orphan, no leftover lock or claim.
    /// </summary>
    public async Task AssertDeployedAsync(CrashVariant variant)
    {
        var (workflows, triggers, environments) = await ReadAsync();
        var record = await _store.GetAsync(stack) ?? throw new Xunit.Sdk.XunitException($"{stack}: no record after a successful deploy.");

        Assert.Equal([_store.RecordEnvironmentName(stack)], environments);
        Assert.Contains(record.Status, new[] { LifecycleStatus.CreateComplete, LifecycleStatus.UpdateComplete });
        string[] resources = variant.Extra
            ? ["extra_trigger", "greeter", "nightly", "pipeline", "reporter", "weekly"]
            : ["greeter", "nightly", "pipeline", "reporter", "weekly"];
        Assert.Equal(resources, record.Resources.Keys.Order(StringComparer.Ordinal));
        Assert.All(record.Resources.Values, r =>
        {
            Assert.NotNull(r.PhysicalId);
            Assert.Contains(r.Status, new[] { LifecycleStatus.CreateComplete, LifecycleStatus.UpdateComplete });
        });

        // Workflows: the template's, each once, and the ones the record lists.
        Assert.Equal(workflows, record.Resources.Values.SelectMany(r => r.Workflows).Order(StringComparer.Ordinal));
        Assert.Single(workflows, w => w.StartsWith(stack + ".greeter.", StringComparison.Ordinal));
        Assert.Equal([$"{stack}.pipeline.last", $"{stack}.pipeline.main", $"{stack}.pipeline.step"],
            workflows.Where(w => w.StartsWith(stack + ".pipeline.", StringComparison.Ordinal)));
        Assert.Equal([$"{stack}.reporter.report"], workflows.Where(w => w.StartsWith(stack + ".reporter.", StringComparison.Ordinal)));
        Assert.Equal(5, workflows.Count);   // greeter 1 + pipeline 3 + reporter 1

        // Cron triggers: the fixed name, the default one, the optional one; exactly the record's physical ids.
        List<string> wantedTriggers = variant.Extra ? [$"{stack}-nightly", $"{stack}.extra_trigger", $"{stack}.weekly"] : [$"{stack}-nightly", $"{stack}.weekly"];
        Assert.Equal(wantedTriggers, triggers);
        Assert.Equal(triggers, record.Resources.Values.Where(r => r.Type == "OS::Mistral::CronTrigger").Select(r => r.PhysicalId!).Order(StringComparer.Ordinal));

        // The values the parameters set reached the server.
        var nightly = await mistral.CronTriggers.GetAsync($"{stack}-nightly");
        Assert.Equal((variant.Pattern, $"{stack}.pipeline.main"), (nightly.Pattern, nightly.WorkflowName));
        var weekly = await mistral.CronTriggers.GetAsync($"{stack}.weekly");
        Assert.Equal("{\"who\":\"cron\"}", weekly.WorkflowInput?.ToJsonString());
        var report = await mistral.Workflows.GetAsync($"{stack}.reporter.report");
        Assert.Contains($"output='{variant.Greeting}'", report.Definition);
        Assert.Equal(variant.Greeting, record.Parameters["greeting"].GetString());
        Assert.Equal($"{stack}.pipeline.main", record.Outputs["workflows"].GetProperty("main").GetString());
    }

    /// <summary>Nothing of the stack is left: no workflow, trigger, record, lock or claim.</summary>
    public async Task AssertGoneAsync()
    {
        var (workflows, triggers, environments) = await ReadAsync();
        Assert.Empty(workflows);
        Assert.Empty(triggers);
        Assert.Empty(environments);
    }

    /// <summary>Removes whatever is left, whatever state a failed test left it in.</summary>
    public async Task DeleteEverythingAsync()
    {
        var (workflows, triggers, environments) = await ReadAsync();
        foreach (var trigger in triggers) await Ignore(() => mistral.CronTriggers.DeleteAsync(trigger));
        foreach (var workflow in workflows) await Ignore(() => mistral.Workflows.DeleteAsync(workflow));
        foreach (var environment in environments) await Ignore(() => mistral.Environments.DeleteAsync(environment));
    }

    private bool Ours(string name) => name.StartsWith(stack + ".", StringComparison.Ordinal) || name.StartsWith(stack + "-", StringComparison.Ordinal);

    private static async Task Ignore(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (MistralException)
        {
        }
    }
}
