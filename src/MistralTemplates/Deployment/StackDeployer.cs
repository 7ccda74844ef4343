using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Hot.Evaluation;
using MistralTemplates.Language.Resources;
using MistralTemplates.Mistral;
using MistralTemplates.State;
using MistralTemplates.Webhooks;

namespace MistralTemplates.Deployment;

/// <summary>Choices of a deploy or destroy.</summary>
public sealed record DeployOptions
{
    /// <summary>Leave what a failed first deploy made, instead of rolling it back.</summary>
    public bool KeepFailedCreate { get; init; }

    /// <summary>Delete the executions of workflow resources that are deleted (running ones are forced).</summary>
    public bool DeleteExecutions { get; init; }

    /// <summary>Who holds the stack's lock, for the message another run gets.</summary>
    public string Holder { get; init; } = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId}";

    public TimeSpan LockLease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Take the stack's lock even while another holder's lease runs (that holder is dead or stuck elsewhere).</summary>
    public bool BreakLock { get; init; }

    /// <summary>Told, in one line, what the user should know about the lock: that it was taken over, and from whom.</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>
    /// How many resources are created, changed or deleted at once (those that do not depend on each other);
    /// 1 applies them one after another in template order. See docs/runtime.md for how the default was chosen.
    /// </summary>
    public int MaxParallelism
    {
        get => _maxParallelism;
        init => _maxParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxParallelism), value, "At least 1 resource at a time.");
    }

    private readonly int _maxParallelism = DefaultMaxParallelism;

    /// <summary>
    /// Where the gateway (<c>serve</c>) is reached, for the signal URLs (<c>alarm_url</c>) the stack hands out; when
    /// null, <c>$MISTRALTEMPLATES_PUBLIC_URL</c>, else what the stack has, else <c>http://127.0.0.1:8080</c>.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    public const int DefaultMaxParallelism = 4;
}

/// <summary>The result of a deploy: the plan it carried out and the stack's record afterwards.</summary>
public sealed record DeployResult(DeploymentPlan Plan, StackRecord Record);

/// <summary>
/// Deploys a stack template to a workflow service: evaluates the template as Heat would, plans each resource's
/// change, applies the changes in dependency order, and writes the stack's record after every step, so a run that
/// is killed is finished by the next one (providers adopt what was made but not yet recorded).
/// </summary>
public sealed class StackDeployer
{
    private readonly IWorkflowService _service;
    private readonly IStackStateStore _store;
    private readonly Dictionary<string, IResourceProvider> _providers;

    public StackDeployer(IWorkflowService service, IStackStateStore store, IEnumerable<IResourceProvider>? providers = null)
    {
        _service = service;
        _store = store;
        _providers = (providers ??
        [
            new WorkflowResourceProvider(), new CronTriggerResourceProvider(), new ExternalResourceProvider(),
            new LocalAlarmResourceProvider(ResourceSchemas.AodhAlarmType), new LocalAlarmResourceProvider(ResourceSchemas.CeilometerAlarmType),
        ]).ToDictionary(p => p.Type, StringComparer.Ordinal);
    }

    /// <summary>What a deploy would change, and why, without changing anything.</summary>
    public async Task<DeploymentPlan> PlanAsync(StackTemplate template, string stackName, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken = default) =>
        (await PlanWithRecordAsync(template, stackName, parameters, publicUrl: null, cancellationToken).ConfigureAwait(false)).Plan;

    private async Task<(DeploymentPlan Plan, StackRecord? Record)> PlanWithRecordAsync(StackTemplate template, string stackName,
        IReadOnlyDictionary<string, string> parameters, Uri? publicUrl, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(stackName, cancellationToken).ConfigureAwait(false);
        var run = Prepare(template, stackName, parameters, record, publicUrl);
        await run.FetchAttributesAsync(this, run.Resources, outputs: false, cancellationToken).ConfigureAwait(false);
        var plan = run.Plan();
        if (record is null) return (plan, record);
        return (plan with
        {
            // Outputs read from the service alone (an `executions` attribute) change as the stack runs, not by a deploy.
            OutputChanges = OutputChanges(record.Outputs, run.KnownOutputs(), run.OutputNames),
            ChangedParameters = record.Parameters.Keys.Union(run.Record.Parameters.Keys, StringComparer.Ordinal)
                .Where(name => !JsonElementsEqual(record.Parameters.GetValueOrDefault(name), run.Record.Parameters.GetValueOrDefault(name)))
                .Order(StringComparer.Ordinal).ToList(),
        }, record);
    }

    /// <summary>
    /// The outputs whose value is known from the template, the parameters and the attributes the resources needed,
    /// and differs from the recorded one; and those the template no longer has. Any other output (one that reads an
    /// attribute only it needs, or a resource not made yet) is evaluated again by a deploy that changes something.
    /// </summary>
    private static List<OutputChange> OutputChanges(IReadOnlyDictionary<string, JsonElement> recorded, IReadOnlyDictionary<string, JsonElement> now,
        IReadOnlyCollection<string> templateOutputs)
    {
        var changes = new List<OutputChange>();
        foreach (var (name, value) in now)
            if (!recorded.TryGetValue(name, out var before) || !JsonElement.DeepEquals(before, value))
                changes.Add(new OutputChange(name, recorded.ContainsKey(name) ? EvaluatedValues.FromElement(before) : null, EvaluatedValues.FromElement(value)));
        foreach (var (name, before) in recorded)
            if (!templateOutputs.Contains(name))
                changes.Add(new OutputChange(name, EvaluatedValues.FromElement(before), null));
        return changes;
    }

    private static bool JsonElementsEqual(JsonElement? left, JsonElement? right) =>
        left is { } l && right is { } r ? JsonElement.DeepEquals(l, r) : left is null && right is null;

    public async Task<DeployResult> DeployAsync(StackTemplate template, string stackName, IReadOnlyDictionary<string, string> parameters,
        DeployOptions? options = null, IProgress<ResourceEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeployOptions();
        // Read-only first: an unchanged stack costs no write, not even a lock.
        var (plan, existing) = await PlanWithRecordAsync(template, stackName, parameters, options.PublicUrl, cancellationToken).ConfigureAwait(false);
        // A lock left by a run that died is cleared by going through the lock, not left behind.
        if (!plan.HasChanges && existing is { Status: LifecycleStatus.CreateComplete or LifecycleStatus.UpdateComplete } &&
            existing.TemplateHash == TemplateHash.Of(template) && !options.BreakLock &&
            !await _store.LockExistsAsync(stackName, cancellationToken).ConfigureAwait(false))
            return new DeployResult(plan, existing);

        await using var held = await AcquireLockAsync(stackName, options, cancellationToken).ConfigureAwait(false);
        await using var renewal = LockRenewal.Start(held, cancellationToken);
        cancellationToken = renewal.Token;   // cancelled when the lock is lost: the run stops before its next call
        try
        {
            return await DeployLockedAsync(template, stackName, parameters, options, plan, progress, () => renewal.Lost is not null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception) when (renewal.Lost is { } lost)
        {
            throw lost;
        }
    }

    private async Task<DeployResult> DeployLockedAsync(StackTemplate template, string stackName, IReadOnlyDictionary<string, string> parameters,
        DeployOptions options, DeploymentPlan plan, IProgress<ResourceEvent>? progress, Func<bool> lockLost, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(stackName, cancellationToken).ConfigureAwait(false);
        var firstDeploy = record is null;
        // A first deploy whose process died never completed its create: finishing it is still the create.
        var creating = firstDeploy || record!.Status == LifecycleStatus.CreateInProgress;
        var run = Prepare(template, stackName, parameters, record, options.PublicUrl);
        // The resources to create are listed by name in the same write, before anything is sent.
        record = await SaveAsync(WithCreatesAnnounced(run, run.Record with
        {
            Status = creating ? LifecycleStatus.CreateInProgress : LifecycleStatus.UpdateInProgress,
            StatusReason = null,
        }), record, cancellationToken).ConfigureAwait(false);
        run.Record = record;

        try
        {
            await ApplyAsync(run, plan, options, progress, cancellationToken).ConfigureAwait(false);
            run.Record = await SaveAsync(run.Record with
            {
                Status = creating ? LifecycleStatus.CreateComplete : LifecycleStatus.UpdateComplete,
                Outputs = await run.OutputsAsync(this, cancellationToken).ConfigureAwait(false),
                TemplateHash = TemplateHash.Of(template),
            }, run.Record, cancellationToken).ConfigureAwait(false);
            return new DeployResult(run.LastPlan ?? plan, run.Record);
        }
        catch (Exception e) when (e is not OperationCanceledException && !lockLost())   // without the lock, change nothing more
        {
            if (firstDeploy && !options.KeepFailedCreate)
            {
                await DestroyResourcesAsync(run.Record, new DeleteOptions(DeleteExecutions: true), options.MaxParallelism, progress, CancellationToken.None).ConfigureAwait(false);
                await _store.DeleteAsync(stackName, CancellationToken.None).ConfigureAwait(false);
                throw new DeploymentException(stackName, "the deploy failed and was rolled back; nothing of the stack remains.", [e.Message], e);
            }
            await SaveAsync(run.Record with
            {
                Status = creating ? LifecycleStatus.CreateFailed : LifecycleStatus.UpdateFailed,
                StatusReason = e.Message,
            }, run.Record, CancellationToken.None).ConfigureAwait(false);
            throw e as DeploymentException ?? new DeploymentException(stackName, "the deploy failed; deploy again to finish it.", [e.Message], e);
        }
    }

    /// <summary>Deletes every resource of the stack, in reverse dependency order, then its record.</summary>
    /// <returns>Whether there was anything to destroy: false when the target has no such stack (nor a lock left of one).</returns>
    /// <exception cref="DeploymentException">The store is one project's (<see cref="IStackStateStore.GetProjectNameAsync"/>)
    /// and that project has no such stack: the stack may be another project's, so this is not taken for done.</exception>
    public async Task<bool> DestroyAsync(string stackName, DeployOptions? options = null, IProgress<ResourceEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DeployOptions();
        var record = await _store.GetAsync(stackName, cancellationToken).ConfigureAwait(false);
        // A destroy that died after deleting the record left the lock: clearing it is all that is left to do. With
        // neither, the stack is already gone (a destroy that was killed as it finished): asking again is not an error.
        if (record is null && !await _store.LockExistsAsync(stackName, cancellationToken).ConfigureAwait(false))
        {
            // In one project of many, a missing stack more likely lives in another project than was destroyed already.
            if (await _store.GetProjectNameAsync(cancellationToken).ConfigureAwait(false) is not null)
                throw await MissingStack.ErrorAsync(_store, stackName, "nothing was destroyed.", "", cancellationToken).ConfigureAwait(false);
            options.Notice?.Invoke($"{stackName}: there is no such stack; nothing to destroy.");
            return false;
        }
        await using var held = await AcquireLockAsync(stackName, options, cancellationToken).ConfigureAwait(false);
        await using var renewal = LockRenewal.Start(held, cancellationToken);
        cancellationToken = renewal.Token;   // cancelled when the lock is lost: the run stops before its next call
        try
        {
            record = await _store.GetAsync(stackName, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                record = await SaveAsync(record with { Status = LifecycleStatus.DeleteInProgress }, record, cancellationToken).ConfigureAwait(false);
                await DestroyResourcesAsync(record, new DeleteOptions(options.DeleteExecutions), options.MaxParallelism, progress, cancellationToken, save: true).ConfigureAwait(false);
            }
            await _store.DeleteAsync(stackName, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (renewal.Lost is { } lost)
        {
            throw lost;
        }
    }

    /// <summary>
    /// Gives the stack a new signal secret, so every <c>alarm_url</c> handed out before stops working. The next deploy
    /// sees the new URLs and updates the resources that hold them (alarm actions).
    /// </summary>
    public async Task RotateSignalSecretAsync(string stackName, DeployOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeployOptions();
        await using var held = await AcquireLockAsync(stackName, options, cancellationToken).ConfigureAwait(false);
        var record = await _store.GetExistingAsync(stackName, cancellationToken).ConfigureAwait(false);
        await SaveAsync(record with { SignalSecret = SignalSignature.NewSecret() }, record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the stack's lock as the options say, and tells the user when it was taken from another holder.</summary>
    private async Task<IStackLock> AcquireLockAsync(string stackName, DeployOptions options, CancellationToken cancellationToken)
    {
        var held = options.BreakLock
            ? await _store.BreakLockAsync(stackName, options.Holder, options.LockLease, cancellationToken).ConfigureAwait(false)
            : await _store.AcquireLockAsync(stackName, options.Holder, options.LockLease, cancellationToken).ConfigureAwait(false);
        if (held.TakenOver is { } takeover) options.Notice?.Invoke(takeover.ToString());
        return held;
    }

    /// <summary>The outputs of a deployed stack, as its last deploy recorded them, by output name.</summary>
    public async Task<JsonObject> GetOutputsAsync(string stackName, CancellationToken cancellationToken = default)
    {
        var record = await _store.GetExistingAsync(stackName, cancellationToken).ConfigureAwait(false);
        return OutputsJson(record);
    }

    /// <summary>The outputs <paramref name="record"/> holds, as one JSON object.</summary>
    internal static JsonObject OutputsJson(StackRecord record)
    {
        var outputs = new JsonObject();
        foreach (var (name, value) in record.Outputs) outputs[name] = JsonNode.Parse(value.GetRawText());
        return outputs;
    }

    /// <summary>One attribute of a deployed resource, read from the service now.</summary>
    public async Task<JsonNode?> GetAttributeAsync(string stackName, string resource, string attribute, CancellationToken cancellationToken = default)
    {
        var record = await _store.GetExistingAsync(stackName, cancellationToken).ConfigureAwait(false);
        if (!record.Resources.TryGetValue(resource, out var resourceRecord))
            throw new DeploymentException(stackName, $"the stack has no resource '{resource}'.", [$"its resources: {string.Join(", ", record.Resources.Keys)}"]);
        return await ProviderOf(stackName, resource, resourceRecord.Type)
            .GetAttributeAsync(ContextOf(record, resource), StateOf(resourceRecord), attribute, cancellationToken).ConfigureAwait(false);
    }

    private DeployRun Prepare(StackTemplate template, string stackName, IReadOnlyDictionary<string, string> parameters, StackRecord? record, Uri? publicUrl)
    {
        var hot = template.Hot;
        var errors = template.Analysis.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Span}: {d.Id} {d.Message}").ToList();
        if (hot is null || errors.Count > 0)
            throw new DeploymentException(stackName, "the template has errors; nothing was changed.", errors);
        var resolved = ParameterResolver.Resolve(hot, parameters);
        if (!resolved.Success)
            throw new DeploymentException(stackName, "the parameters are not valid; nothing was changed.", resolved.Errors.Select(e => e.Message).ToList());
        foreach (var resource in hot.Resources)
            if (!_providers.ContainsKey(resource.Type))
                throw new DeploymentException(stackName, $"resource '{resource.Name}' has type {resource.Type}, which this runtime cannot deploy.",
                    [$"deployable types: {string.Join(", ", _providers.Keys)}"]);

        record ??= new StackRecord
        {
            StackName = stackName, StackId = Guid.NewGuid(), TemplatePath = template.Path, TemplateHash = TemplateHash.Of(template),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Version = 0,
        };
        Uri publicBase;
        try
        {
            publicBase = PublicUrl.Resolve(publicUrl, record.PublicUrl);
        }
        catch (ArgumentException e)
        {
            throw new DeploymentException(stackName, "the public URL for signal URLs is not valid; nothing was changed.", [e.Message]);
        }
        record = record with
        {
            Parameters = resolved.Values.ToDictionary(p => p.Key, p => EvaluatedValues.ToElement(EvaluatedValues.ToJson(p.Value))),
            // Made once and kept: a new secret would break every URL handed out before.
            SignalSecret = record.SignalSecret ?? SignalSignature.NewSecret(),
            PublicUrl = publicBase.AbsoluteUri,
        };
        return new DeployRun(hot, template, record, resolved.Values);
    }

    private async Task ApplyAsync(DeployRun run, DeploymentPlan plan, DeployOptions options, IProgress<ResourceEvent>? progress, CancellationToken cancellationToken)
    {
        var wanted = run.EnabledResources();
        foreach (var change in plan.Changes.Where(c => c.Kind != ChangeKind.NoChange))
            progress?.Report(new ResourceEvent(change.Resource, change.Type, change.Kind, ResourceEventPhase.Waiting, TimeSpan.Zero, change.Reason));

        // One writer for the record; every step's result is merged into the latest version. A cancelled run (or one
        // that lost the lock) writes nothing more: what it made and did not record is adopted by name next time.
        var writer = new RecordWriter(run.Record, (next, previous) => SaveAsync(next, previous, cancellationToken), saved => run.Record = saved);
        var byName = wanted.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var graph = ResourceGraph.ForApply(run.Record.StackName, wanted, r => run.Evaluate(r, deferredIsError: false, throwOnErrors: false));
        try
        {
            await DependencyScheduler.RunAsync(wanted.Select(r => r.Name).ToList(), name => graph[name], options.MaxParallelism,
                (name, token) => ApplyResourceAsync(run, byName[name], writer, options, progress, token), cancellationToken).ConfigureAwait(false);

            // Resources no longer wanted go last, dependents first.
            var removed = run.Record.Resources.Keys.Except(wanted.Select(r => r.Name), StringComparer.Ordinal).ToList();
            await DeleteInOrderAsync(run.Record, removed, new DeleteOptions(options.DeleteExecutions), options.MaxParallelism, writer, progress,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // What a failed save could not store still exists; a rollback must see it.
            run.Record = writer.Known;
        }
    }

    /// <summary>
    /// Plans one resource against the latest record, once everything it depends on is applied, and applies the change;
    /// returns how to record it (the scheduler runs that outside the limit on calls).
    /// </summary>
    private async Task<Func<Task>> ApplyResourceAsync(DeployRun run, HotResource resource, RecordWriter writer, DeployOptions options,
        IProgress<ResourceEvent>? progress, CancellationToken cancellationToken)
    {
        await run.FetchAttributesAsync(this, [resource], outputs: false, cancellationToken).ConfigureAwait(false);
        var properties = run.Evaluate(resource, deferredIsError: true);
        var recorded = run.Record.Resources.GetValueOrDefault(resource.Name);
        var change = Planner.Plan(run.Record.StackName, [new DesiredResource(resource.Name, resource.Type, properties)],
            recorded?.Properties is { } p ? [new DeployedResource(resource.Name, recorded.Type, (JsonObject)EvaluatedValues.FromElement(p)!)] : [])
            .Changes.Single();
        if (recorded is not null && recorded.Status.IsInProgress() && change.Kind == ChangeKind.NoChange)
            change = change with { Kind = ChangeKind.Update, Reason = "an earlier run stopped while changing it" };
        if (change.Kind == ChangeKind.NoChange) return () => Task.CompletedTask;

        var context = ContextOf(run.Record, resource.Name);
        var provider = ProviderOf(run.Record.StackName, resource.Name, resource.Type);
        // Listed already by the run's first write unless its names depend on what was made since (another write).
        if (change.Kind == ChangeKind.Create &&
            !(recorded is not null && run.AnnouncedWith.TryGetValue(resource.Name, out var announcedWith) && JsonNode.DeepEquals(announcedWith, properties)) &&
            AnnouncedRecordOf(run, resource, properties) is { } announced && !SameNames(recorded, announced))
            await writer.UpdateAsync(r => r.WithResource(resource.Name, announced)).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        progress?.Report(new ResourceEvent(resource.Name, resource.Type, change.Kind, ResourceEventPhase.Started, TimeSpan.Zero, change.Reason));
        ResourceState state;
        try
        {
            state = await ApplyChangeAsync(provider, context, change, recorded, properties, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            progress?.Report(new ResourceEvent(resource.Name, resource.Type, change.Kind, ResourceEventPhase.Failed, clock.Elapsed, e.Message));
            throw;
        }
        var record = RecordOf(resource, state, properties, IsCreateUnconfirmed(recorded) ? LifecycleStatus.CreateComplete : LifecycleStatus.UpdateComplete, run);
        return async () =>
        {
            await writer.UpdateAsync(r => r.WithResource(resource.Name, record)).ConfigureAwait(false);
            run.References.Invalidate(resource.Name);
            progress?.Report(new ResourceEvent(resource.Name, resource.Type, change.Kind, ResourceEventPhase.Completed, clock.Elapsed,
                LocalAlarmResourceProvider.PendingNote(state)));
        };
    }

    private static async Task<ResourceState> ApplyChangeAsync(IResourceProvider provider, ResourceContext context, PlannedChange change,
        ResourceRecord? recorded, JsonObject properties, DeployOptions options, CancellationToken cancellationToken)
    {
        switch (change.Kind)
        {
            case ChangeKind.Create:
                return await provider.CreateAsync(context, properties, cancellationToken).ConfigureAwait(false);
            case ChangeKind.Update:
                return await provider.UpdateAsync(context, StateOf(recorded!), properties, cancellationToken).ConfigureAwait(false);
            default:
                var old = StateOf(recorded!);
                if (provider.ReplacementCollides(context, old, properties))
                {
                    await provider.DeleteAsync(context, old, new DeleteOptions(options.DeleteExecutions), cancellationToken).ConfigureAwait(false);
                    return await provider.CreateAsync(context, properties, cancellationToken).ConfigureAwait(false);
                }
                var made = await provider.CreateAsync(context, properties, cancellationToken).ConfigureAwait(false);
                await provider.DeleteAsync(context, old, new DeleteOptions(options.DeleteExecutions), cancellationToken).ConfigureAwait(false);
                return made;
        }
    }

    private async Task DestroyResourcesAsync(StackRecord record, DeleteOptions options, int maxParallelism, IProgress<ResourceEvent>? progress,
        CancellationToken cancellationToken, bool save = false)
    {
        // Without saving (a rollback, whose record is deleted after), the writer only keeps the record in memory.
        var writer = new RecordWriter(record, save ? (next, previous) => SaveAsync(next, previous, cancellationToken) : (next, _) => Task.FromResult(next));
        await DeleteInOrderAsync(record, record.Resources.Keys.ToList(), options, maxParallelism, writer, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes <paramref name="names"/> in reverse dependency order, from the dependencies recorded when each was
    /// written, independent ones in parallel; each deletion is taken out of the record as it finishes.
    /// </summary>
    private async Task DeleteInOrderAsync(StackRecord record, IReadOnlyList<string> names, DeleteOptions options, int maxParallelism,
        RecordWriter writer, IProgress<ResourceEvent>? progress, CancellationToken cancellationToken)
    {
        if (names.Count == 0) return;
        foreach (var name in names)
            progress?.Report(new ResourceEvent(name, record.Resources[name].Type, ChangeKind.Delete, ResourceEventPhase.Waiting, TimeSpan.Zero));
        var graph = ResourceGraph.ForDelete(record, names);
        await DependencyScheduler.RunAsync(names.Order(StringComparer.Ordinal).ToList(), name => graph[name], maxParallelism, async (name, token) =>
        {
            await DeleteResourceAsync(record, name, record.Resources[name], options, progress, token).ConfigureAwait(false);
            return () => writer.UpdateAsync(r => r.WithoutResource(name));
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteResourceAsync(StackRecord stack, string name, ResourceRecord recorded, DeleteOptions options,
        IProgress<ResourceEvent>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new ResourceEvent(name, recorded.Type, ChangeKind.Delete, ResourceEventPhase.Started, TimeSpan.Zero));
        try
        {
            await ProviderOf(stack.StackName, name, recorded.Type)
                .DeleteAsync(ContextOf(stack, name), StateOf(recorded), options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            progress?.Report(new ResourceEvent(name, recorded.Type, ChangeKind.Delete, ResourceEventPhase.Failed, clock.Elapsed, e.Message));
            throw;
        }
        progress?.Report(new ResourceEvent(name, recorded.Type, ChangeKind.Delete, ResourceEventPhase.Completed, clock.Elapsed));
    }

    private async Task<StackRecord> SaveAsync(StackRecord next, StackRecord? previous, CancellationToken cancellationToken)
    {
        var saved = next with { Version = (previous?.Version ?? 0) + 1, UpdatedAt = DateTimeOffset.UtcNow };
        await _store.SaveAsync(saved, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    private IResourceProvider ProviderOf(string stackName, string resource, string type) =>
        _providers.TryGetValue(type, out var provider)
            ? provider
            : throw new DeploymentException(stackName, $"resource '{resource}' has type {type}, which this runtime cannot deploy.", []);

    private static ResourceState StateOf(ResourceRecord record)
    {
        var data = new JsonObject();
        foreach (var (key, value) in record.Data) data[key] = EvaluatedValues.FromElement(value);
        return new ResourceState(record.PhysicalId, data);
    }

    /// <summary>
    /// Whether the record has no confirmed resource of this name: none at all, or one whose create was announced
    /// (listed by name before its request was sent) and never answered. The next deploy creates (adopts) it.
    /// </summary>
    internal static bool IsCreateUnconfirmed(ResourceRecord? recorded) => recorded?.Properties is null;

    /// <summary>
    /// <paramref name="record"/> listing, by the names they will have, the enabled resources it does not hold yet, so
    /// a run killed while creating them leaves them findable for a destroy.
    /// </summary>
    private StackRecord WithCreatesAnnounced(DeployRun run, StackRecord record)
    {
        foreach (var resource in run.EnabledResources())
        {
            if (record.Resources.ContainsKey(resource.Name)) continue;
            var properties = run.Evaluate(resource, deferredIsError: false, throwOnErrors: false);
            if (AnnouncedRecordOf(run, resource, properties) is not { } announced) continue;
            record = record.WithResource(resource.Name, announced);
            run.AnnouncedWith[resource.Name] = properties;
        }
        return record;
    }

    /// <summary>
    /// The record of <paramref name="resource"/> before its create is sent: CREATE_IN_PROGRESS with the names its
    /// provider will give it and no properties. Null when the provider cannot name it in advance.
    /// </summary>
    private ResourceRecord? AnnouncedRecordOf(DeployRun run, HotResource resource, JsonObject properties)
    {
        ResourceState? names;
        try
        {
            names = ProviderOf(run.Record.StackName, resource.Name, resource.Type).NamesBeforeCreate(ContextOf(run.Record, resource.Name), properties);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Properties the create itself will refuse, with the message to show: nothing to announce.
            return null;
        }
        return names is null ? null : RecordOf(resource, names, properties: null, LifecycleStatus.CreateInProgress, run);
    }

    private static bool SameNames(ResourceRecord? recorded, ResourceRecord announced) =>
        recorded is not null && recorded.PhysicalId == announced.PhysicalId && recorded.Workflows.SequenceEqual(announced.Workflows, StringComparer.Ordinal);

    private static ResourceRecord RecordOf(HotResource resource, ResourceState state, JsonObject? properties, LifecycleStatus status, DeployRun run) => new()
    {
        Type = resource.Type,
        PhysicalId = state.PhysicalId,
        Status = status,
        Properties = properties is null ? null : EvaluatedValues.ToElement(properties),
        DependsOn = resource.References.Select(r => r.Name).Where(run.IsResource).Distinct(StringComparer.Ordinal).ToList(),
        Data = state.Data.ToDictionary(p => p.Key, p => EvaluatedValues.ToElement(p.Value)),
        ExecutionIds = state.Data[WorkflowResourceProvider.ExecutionIdsKey] is JsonArray ids ? ids.Select(i => i!.GetValue<string>()).ToList() : [],
        Workflows = WorkflowResourceProvider.RegisteredNames(state).ToList(),
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    internal async Task<JsonNode?> ReadAttributeAsync(StackRecord stack, string resource, ResourceRecord recorded, string attribute, CancellationToken cancellationToken) =>
        await ProviderOf(stack.StackName, resource, recorded.Type)
            .GetAttributeAsync(ContextOf(stack, resource), StateOf(recorded), attribute, cancellationToken).ConfigureAwait(false);

    private ResourceContext ContextOf(StackRecord stack, string resource) =>
        new(_service, stack.StackName, resource) { StackId = stack.StackId, Webhook = StackWebhook.Of(stack) };
}
