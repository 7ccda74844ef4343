using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.State;
using Microsoft.Extensions.Hosting;

namespace MistralTemplates.Cli;

/// <summary>
/// One command's settings (stack, parameters, target, output form) and the verbs that use them. With <c>--json</c>
/// each verb prints one JSON document on stdout (<paramref name="ui"/> sends everything else to stderr).
/// </summary>
internal sealed class CommandContext(string stackName, IReadOnlyDictionary<string, string> parameters, string? endpoint, string? stateFolder, bool json,
    StackConsole ui, MistralTemplates.Engine.EngineOptions? engineOptions = null, string? cloudName = null,
    MistralTemplates.Mistral.Cloud.CloudSettings? cloudSettings = null)
{
    private StackTarget Connect()
    {
        try
        {
            return StackTarget.FromEnvironment(endpoint, stateFolder, engineOptions, cloudName, cloudSettings);
        }
        catch (Exception e) when (e is StackTargetException or MistralTemplates.Mistral.Cloud.CloudConfigException
                                      or MistralTemplates.Mistral.Cloud.CloudSettingsException)
        {
            throw new UsageException(e.Message);
        }
    }

    private static StackDeployer Deployer(StackTarget target) => new(target.Service, target.State);

    public async Task<int> DeployAsync(StackTemplate template, DeployOptions options, CancellationToken token)
    {
        using var target = Connect();
        var result = await DeployToAsync(target, template, options, token).ConfigureAwait(false);
        if (json) ui.Json(DeployJson(result));
        return StackCommandLine.Success;
    }

    private async Task<DeployResult> DeployToAsync(StackTarget target, StackTemplate template, DeployOptions options, CancellationToken token)
    {
        var result = await ui.ShowProgressAsync(progress =>
            Deployer(target).DeployAsync(template, stackName, parameters, options with { Notice = ui.Line }, progress, token)).ConfigureAwait(false);
        if (json) return result;
        if (!result.Plan.HasChanges) ui.Line($"{stackName}: up to date, nothing to do.");
        else ui.Line($"{stackName}: {result.Record.Status.ToHeatName()}{ValuesChanged(result.Plan)}");
        return result;
    }

    /// <summary>Which outputs and parameters a deploy recorded new values of, for its last line; empty when none.</summary>
    private static string ValuesChanged(DeploymentPlan plan)
    {
        var parts = new List<string>();
        if (plan.OutputChanges.Count > 0) parts.Add("outputs changed: " + string.Join(", ", plan.OutputChanges.Select(c => c.Output)));
        if (plan.ChangedParameters.Count > 0) parts.Add("parameters changed: " + string.Join(", ", plan.ChangedParameters));
        return parts.Count == 0 ? "" : $" ({string.Join("; ", parts)})";
    }

    /// <summary>What <c>deploy --json</c> prints: the stack's status, whether anything changed, and its outputs.</summary>
    private JsonObject DeployJson(DeployResult result) => new()
    {
        ["stack"] = stackName, ["status"] = result.Record.Status.ToHeatName(), ["changed"] = result.Plan.HasChanges,
        ["updated_at"] = UtcTimestamp.Text(result.Record.UpdatedAt), ["outputs"] = StackDeployer.OutputsJson(result.Record),
    };

    /// <summary>
    /// The embedded engine runs executions in this process: it must not exit before the ones it started have ended.
    /// A wait that takes a while is said on stderr, so a quiet pause is not mistaken for a hang.
    /// </summary>
    private Task FinishRunningAsync(StackTarget target, CancellationToken token) =>
        target.WaitForRunningAsync(slow: () => ui.Error($"Waiting for the executions this process started ({target.Description}) to finish..."),
            cancellationToken: token);

    public async Task<int> PlanAsync(StackTemplate template, CancellationToken token)
    {
        using var target = Connect();
        var plan = await Deployer(target).PlanAsync(template, stackName, parameters, token).ConfigureAwait(false);
        if (json)
        {
            ui.Json(new JsonArray(plan.Changes.Select(c => (JsonNode?)new JsonObject
            {
                ["resource"] = c.Resource, ["type"] = c.Type, ["change"] = c.Kind.ToString(), ["reason"] = c.Reason,
                ["properties"] = new JsonArray(c.Differences.Select(d => (JsonNode?)new JsonObject
                    { ["name"] = d.Property, ["before"] = d.Before?.DeepClone(), ["after"] = d.After?.DeepClone(), ["forces_replacement"] = d.ForcesReplacement }).ToArray()),
            }).Concat(plan.OutputChanges.Select(c => (JsonNode?)new JsonObject
            {
                ["output"] = c.Output, ["change"] = "Output", ["before"] = c.Before?.DeepClone(), ["after"] = c.After?.DeepClone(),
            })).ToArray()));
            return StackCommandLine.Success;
        }
        foreach (var change in plan.Changes) ui.Plan(change);
        foreach (var change in plan.OutputChanges) ui.Plan(change);
        if (plan.ChangedParameters.Count > 0) ui.Line($"parameters changed: {string.Join(", ", plan.ChangedParameters)}");
        var count = plan.Changes.Count(c => c.Kind != ChangeKind.NoChange) + plan.OutputChanges.Count;
        ui.Line(plan.HasChanges ? $"{count} change(s)." : "No changes.");
        return StackCommandLine.Success;
    }

    public async Task<int> SignalAsync(string resource, string? workflow, string? data, bool wait, CancellationToken token)
    {
        JsonNode? body;
        try
        {
            body = data is null ? null : JsonNode.Parse(data);
        }
        catch (JsonException e)
        {
            throw new UsageException($"--data is not valid JSON: {e.Message}");
        }
        using var target = Connect();
        var signals = new Signals(target.Service, target.State);
        var execution = await signals.SignalAsync(stackName, resource, body, workflow, cancellationToken: token).ConfigureAwait(false);
        if (wait) execution = await signals.WaitAsync(execution.Id, cancellationToken: token).ConfigureAwait(false);
        ShowExecution(execution, wait);
        await FinishRunningAsync(target, token).ConfigureAwait(false);
        return wait && execution.State != ExecutionState.Success ? StackCommandLine.Failure : StackCommandLine.Success;
    }

    private void ShowExecution(Execution execution, bool withOutput)
    {
        if (json) ui.Json(Deployment.Resources.WorkflowResourceProvider.ExecutionJson(execution));
        else ui.Line($"{execution.Id} {execution.WorkflowName} {execution.State.ToMistralName()}" +
                     (withOutput && execution.Output is { } output ? " " + output.ToJsonString() : "") +
                     (execution.StateInfo is { } info ? " " + info : ""));
    }

    /// <summary>
    /// What running the program without a verb does: deploy the stack, start the first workflow of its first workflow
    /// resource with the resource's input, wait for it, and show it with the commands to try next.
    /// </summary>
    public async Task<int> DefaultActionAsync(Stack stack, CancellationToken token)
    {
        using var target = Connect();
        var deployed = await DeployToAsync(target, stack.StackTemplate, new DeployOptions(), token).ConfigureAwait(false);
        // In template order; a resource whose condition left it out is not in the record.
        var record = await target.State.GetAsync(stackName, token).ConfigureAwait(false);
        var resource = stack.StackTemplate.Hot?.Resources
            .FirstOrDefault(r => r.Type == MistralWorkflowResource.ResourceType && record?.Resources.ContainsKey(r.Name) == true);
        if (resource is null)
        {
            if (json) ui.Json(WithExecution(DeployJson(deployed), null));
            else ui.Line($"The stack has no workflow to start. Next: outputs, state show, destroy (after `dotnet run --`; --help lists all).");
            return StackCommandLine.Success;
        }
        var workflows = await Deployer(target).GetAttributeAsync(stackName, resource.Name, "available_workflows", token).ConfigureAwait(false) as JsonObject;
        if (workflows is null || workflows.Count == 0)
            throw new DeploymentException(stackName, $"'{resource.Name}' registered no workflow to start.", []);
        var (shortName, fullName) = (workflows.First().Key, workflows.First().Value!.GetValue<string>());
        var missing = await MissingInputAsync(target, resource.Name, fullName, token).ConfigureAwait(false);
        var signalCommand = $"signal {resource.Name}{(workflows.Count > 1 ? $" --workflow {shortName}" : "")}";
        if (missing.Count > 0)
        {
            ui.Error($"{fullName} needs input the resource does not give: {string.Join(", ", missing)}. Start it with " +
                     $"`{signalCommand} --wait -D '{{\"input\": {{{string.Join(", ", missing.Select(m => $"\"{m}\": ..."))}}}}}'`.");
            return StackCommandLine.Failure;
        }
        var signals = new Signals(target.Service, target.State);
        var execution = await signals.SignalAsync(stackName, resource.Name, null, shortName, cancellationToken: token).ConfigureAwait(false);
        execution = await signals.WaitAsync(execution.Id, cancellationToken: token).ConfigureAwait(false);
        await FinishRunningAsync(target, token).ConfigureAwait(false);
        if (json) ui.Json(WithExecution(DeployJson(deployed), execution));
        else
        {
            ShowExecution(execution, withOutput: true);
            ui.Line($"Next (after `dotnet run --`): {signalCommand} --wait | executions {resource.Name} | outputs | destroy --delete-executions | --help");
        }
        return execution.State == ExecutionState.Success ? StackCommandLine.Success : StackCommandLine.Failure;
    }

    /// <summary>The default action's one document: the deploy's, and the execution it ran (null when there was none to run).</summary>
    private static JsonObject WithExecution(JsonObject deployed, Execution? execution)
    {
        deployed["execution"] = execution is null ? null : Deployment.Resources.WorkflowResourceProvider.ExecutionJson(execution);
        return deployed;
    }

    /// <summary>The workflow's required inputs that the resource's <c>input</c> property does not give.</summary>
    private async Task<IReadOnlyList<string>> MissingInputAsync(StackTarget target, string resource, string workflow, CancellationToken token)
    {
        var declared = (await target.Service.Workflows.GetAsync(workflow, cancellationToken: token).ConfigureAwait(false)).Interface?.Input ?? [];
        var record = await target.State.GetAsync(stackName, token).ConfigureAwait(false);
        var given = record is not null && record.Resources.TryGetValue(resource, out var recorded)
            && Deployment.EvaluatedValues.FromElement(recorded.Properties) is JsonObject properties && properties["input"] is JsonObject input
            ? input.Select(p => p.Key).ToHashSet(StringComparer.Ordinal)
            : [];
        return declared.Where(p => p.IsRequired && !given.Contains(p.Name)).Select(p => p.Name).ToList();
    }

    public async Task<int> ExecutionsAsync(string resource, CancellationToken token)
    {
        using var target = Connect();
        var executions = (await Deployer(target)
            .GetAttributeAsync(stackName, resource, "executions", token).ConfigureAwait(false)) as JsonArray ?? [];
        if (json) ui.Json(executions);
        else ui.Executions(executions);
        return StackCommandLine.Success;
    }

    public async Task<int> AttributeAsync(string resource, string attribute, CancellationToken token)
    {
        using var target = Connect();
        var value = await Deployer(target).GetAttributeAsync(stackName, resource, attribute, token).ConfigureAwait(false);
        ui.Json(value);
        return StackCommandLine.Success;
    }

    public async Task<int> OutputsAsync(CancellationToken token)
    {
        using var target = Connect();
        ui.Json(await Deployer(target).GetOutputsAsync(stackName, token).ConfigureAwait(false));
        return StackCommandLine.Success;
    }

    public async Task<int> DestroyAsync(DeployOptions options, CancellationToken token)
    {
        using var target = Connect();
        // A stack that is not there is nothing to do, not a failure (a destroy killed as it finished, or run twice):
        // the deployer's notice says so, and no DELETE_COMPLETE is claimed. On a cloud it is an error naming the project.
        var existed = await ui.ShowProgressAsync(progress =>
            Deployer(target).DestroyAsync(stackName, options with { Notice = ui.Line }, progress, token)).ConfigureAwait(false);
        if (json) ui.Json(new JsonObject { ["stack"] = stackName, ["existed"] = existed, ["status"] = existed ? "DELETE_COMPLETE" : null });
        else if (existed) ui.Line($"{stackName}: DELETE_COMPLETE");
        return StackCommandLine.Success;
    }

    public async Task<int> AlarmTriggerAsync(string resource, string state, string? reason, CancellationToken token)
    {
        using var target = Connect();
        using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var trigger = new Deployment.Alarms.AlarmTrigger(target.State, new Deployment.Alarms.RecordAlarmService(target.State), http);
        var result = await trigger.TriggerAsync(stackName, resource, state, reason, token).ConfigureAwait(false);
        await FinishRunningAsync(target, token).ConfigureAwait(false);
        if (json)
            ui.Json(new JsonObject
            {
                ["alarm_id"] = result.Change.Alarm["alarm_id"]?.DeepClone(), ["previous"] = result.Change.Previous, ["current"] = result.Change.Current,
                ["deliveries"] = new JsonArray(result.Deliveries.Select(d => (JsonNode?)new JsonObject
                    { ["url"] = d.ShownUrl, ["outcome"] = d.Outcome.ToString().ToLowerInvariant(), ["status"] = d.Status, ["reason"] = d.Reason }).ToArray()),
                ["note"] = result.Note,
            });
        else
        {
            ui.Line($"{resource}: {result.Change.Previous} -> {result.Change.Current} (alarm {result.Change.Alarm["alarm_id"]})");
            foreach (var delivery in result.Deliveries) ui.Line(delivery.ToString());
            if (result.Note is { } note) ui.Line(note);
        }
        if (result.AllDelivered) return StackCommandLine.Success;
        ui.Error($"{resource}: not delivered to {string.Join(", ", result.Deliveries.Where(d => d.Outcome == Deployment.Alarms.AlarmDeliveryOutcome.Failed).Select(d => d.ShownUrl))}");
        return StackCommandLine.Failure;
    }

    public async Task<int> StateListAsync(CancellationToken token)
    {
        using var target = Connect();
        var listings = await target.State.ListEachAsync(token).ConfigureAwait(false);
        if (json)
            ui.Json(new JsonArray(listings.Select(listing => (JsonNode?)(listing.Record is { } r
                ? new JsonObject
                {
                    ["stack"] = r.StackName, ["status"] = r.Status.ToHeatName(), ["resources"] = r.Resources.Count, ["updated_at"] = UtcTimestamp.Text(r.UpdatedAt),
                }
                : new JsonObject { ["stack"] = listing.StackName, ["status"] = "UNREADABLE", ["error"] = listing.Problem!.Message })).ToArray()));
        else if (listings.Count == 0)
            ui.Line($"No stacks on {target.Description}.");   // says which target (and project) was looked at
        else
            foreach (var listing in listings)
                ui.Line(listing.Record is { } record
                    ? $"{record.StackName}  {record.Status.ToHeatName()}  {record.Resources.Count} resource(s)  updated {UtcTimestamp.Text(record.UpdatedAt)}"
                    : $"{listing.StackName}  UNREADABLE  {listing.Problem!.Message}");
        // The other stacks are listed, but a damaged record is an error a script must not miss.
        return listings.Any(listing => listing.Problem is not null) ? StackCommandLine.DamagedState : StackCommandLine.Success;
    }

    public async Task<int> StateShowAsync(CancellationToken token)
    {
        using var target = Connect();
        var record = await target.State.GetExistingAsync(stackName, token).ConfigureAwait(false);
        ui.Json(ShownRecord(record));
        return StackCommandLine.Success;
    }

    /// <summary>The record as <c>state show</c> prints it: the stored form, its times in UTC with a Z, its secret hidden.</summary>
    private static JsonObject ShownRecord(StackRecord record)
    {
        var shown = JsonSerializer.SerializeToNode(record, StackStateJsonContext.Default.StackRecord)!.AsObject();
        // The secret signs the stack's signal URLs: whoever sees it can forge them.
        if (shown["signal_secret"] is not null) shown["signal_secret"] = "(hidden)";
        shown["created_at"] = UtcTimestamp.Text(record.CreatedAt);
        shown["updated_at"] = UtcTimestamp.Text(record.UpdatedAt);
        foreach (var (name, resource) in record.Resources)
            if (resource.UpdatedAt is { } updated && shown["resources"]?[name] is JsonObject resourceJson)
                resourceJson["updated_at"] = UtcTimestamp.Text(updated);
        return shown;
    }

    public async Task<int> StateRotateSecretAsync(CancellationToken token)
    {
        using var target = Connect();
        await Deployer(target).RotateSignalSecretAsync(stackName, cancellationToken: token).ConfigureAwait(false);
        if (json) ui.Json(new JsonObject { ["stack"] = stackName, ["signal_secret"] = "rotated" });
        else ui.Line($"{stackName}: new signal secret; alarm_url values handed out before no longer work. Deploy again to give alarms the new URLs.");
        return StackCommandLine.Success;
    }

    public async Task<int> StateUnlockAsync(CancellationToken token)
    {
        using var target = Connect();
        var store = target.State;
        if (!await store.LockExistsAsync(stackName, token).ConfigureAwait(false))
        {
            if (json) ui.Json(new JsonObject { ["stack"] = stackName, ["was_locked"] = false });
            else ui.Line($"{stackName}: not locked.");
            return StackCommandLine.Success;
        }
        var options = new DeployOptions();
        var held = await store.BreakLockAsync(stackName, options.Holder + " (state unlock)", options.LockLease, token).ConfigureAwait(false);
        await held.ReleaseAsync(token).ConfigureAwait(false);
        var removed = held.TakenOver is { } takeover ? takeover.ToString() : $"{stackName}: removed what a run that died left of its lock.";
        if (json)
            ui.Json(new JsonObject
            {
                ["stack"] = stackName, ["was_locked"] = true, ["holder"] = held.TakenOver?.PreviousHolder, ["message"] = removed,
            });
        else
        {
            ui.Line(removed);
            ui.Line($"{stackName}: unlocked.");
        }
        return StackCommandLine.Success;
    }

    /// <summary>The signal gateway for every stack of the target, until Ctrl-C/SIGTERM; requests in flight are finished.</summary>
    /// <param name="maxSignalsPerMinute">The per-URL rate limit (<see cref="Webhooks.SignalGatewayOptions.MaxSignalsPerMinute"/>); null: none.</param>
    public async Task<int> ServeAsync(IReadOnlyList<string> urls, int? maxSignalsPerMinute, CancellationToken token)
    {
        if (maxSignalsPerMinute is <= 0)
            throw new UsageException($"--max-signals-per-minute {maxSignalsPerMinute} must be a positive number of signals; leave it out for no limit.");
        foreach (var url in urls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new UsageException($"--urls '{url}' is not an http(s) URL to listen on, e.g. http://127.0.0.1:8080.");
        using var target = Connect();
        // Every signal and cron fire writes: refuse at once rather than serve requests that would all fail.
        if (target.Service is Engine.EmbeddedWorkflowService { IsReadOnly: true } readOnly)
            throw new Engine.StateFolderReadOnlyException(readOnly.StateFolder);
        await using var app = Webhooks.SignalGateway.Create(target.Service, target.State, new Webhooks.SignalGatewayOptions { Urls = urls, MaxSignalsPerMinute = maxSignalsPerMinute });
        try
        {
            await app.StartAsync(token).ConfigureAwait(false);
        }
        catch (System.IO.IOException e)
        {
            ui.Error($"serve: cannot listen on {string.Join(", ", urls)}: {e.Message}");
            return StackCommandLine.Failure;
        }
        ui.Line($"Serving signals for the stacks of {target.Description} on {string.Join(", ", app.Urls)}; Ctrl-C stops.");
        // The embedded engine has no server of its own to fire cron triggers: serve does it while it runs.
        using var stopCron = CancellationTokenSource.CreateLinkedTokenSource(token);
        var cron = Task.CompletedTask;
        if (target.Service is Engine.EmbeddedWorkflowService engine)
        {
            ui.Line($"Firing the cron triggers of the embedded engine in {engine.StateFolder}.");
            cron = engine.RunCronTriggersAsync(fire => ui.Line(CronFireText(fire)), stopCron.Token);
        }
        await app.WaitForShutdownAsync(token).ConfigureAwait(false);
        await stopCron.CancelAsync().ConfigureAwait(false);
        await cron.ConfigureAwait(false);
        return StackCommandLine.Success;
    }

    private static string CronFireText(Engine.Triggers.CronTriggerFire fire)
    {
        var due = $"cron trigger {fire.TriggerName} (due {UtcTimestamp.Text(fire.ScheduledTime)})";
        var started = fire.ExecutionId is { } id ? $"started {fire.WorkflowName} execution {id}" : $"could not start {fire.WorkflowName}: {fire.Error}";
        var after = fire.Deleted ? "its last fire, trigger deleted"
            : $"next {UtcTimestamp.Text(fire.NextExecutionTime!.Value)}" + (fire.RemainingExecutions is { } left ? $", {left} left" : "");
        return $"{due}: {started}; {after}.";
    }
}
