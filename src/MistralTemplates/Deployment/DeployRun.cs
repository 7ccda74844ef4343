using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Hot.Evaluation;
using MistralTemplates.State;

namespace MistralTemplates.Deployment;

/// <summary>One plan or deploy of a stack: the template, the parameters, the record as it stands, and the evaluator.</summary>
/// <remarks>
/// Resources are applied in parallel, so evaluations take turns (they are quick and share the record of what they
/// asked for); the reads of attributes they need run side by side.
/// </remarks>
internal sealed class DeployRun
{
    private readonly HotTemplate _hot;
    private readonly HotEvaluationContext _context;
    private readonly HashSet<string> _resourceNames;
    private readonly object _evaluating = new();
    private StackRecord _record;

    public DeployRun(HotTemplate hot, StackTemplate template, StackRecord record, IReadOnlyDictionary<string, object?> parameters)
    {
        _hot = hot;
        _record = record;
        // A resource whose create is not confirmed has names but may not exist yet: what refers to it waits.
        References = new ResourceReferences(name =>
            Record.Resources.TryGetValue(name, out var r) && !StackDeployer.IsCreateUnconfirmed(r) ? r.PhysicalId : null);
        _context = new HotEvaluationContext(hot, record.StackName, record.StackId.ToString(), "mistraltemplates", parameters, References,
            template.Files.Count > 0 ? template.Files : null);
        _resourceNames = hot.Resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The record as last stored; replaced (never changed) as steps are saved.</summary>
    public StackRecord Record
    {
        get => Volatile.Read(ref _record);
        set => Volatile.Write(ref _record, value);
    }

    public ResourceReferences References { get; }

    public IReadOnlyList<HotResource> Resources => _hot.Resources;

    /// <summary>The names of the template's outputs.</summary>
    public IReadOnlyCollection<string> OutputNames => _hot.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

    public DeploymentPlan? LastPlan { get; private set; }

    /// <summary>
    /// The properties each resource was listed with in the run's first write, by name, so its create need not work
    /// out its names again when they are the same.
    /// </summary>
    public ConcurrentDictionary<string, JsonObject> AnnouncedWith { get; } = new(StringComparer.Ordinal);

    public bool IsResource(string name) => _resourceNames.Contains(name);

    /// <summary>The resources whose condition holds.</summary>
    public IReadOnlyList<HotResource> EnabledResources()
    {
        lock (_evaluating)
        {
            var conditions = ConditionEvaluator.Evaluate(_context);
            if (!conditions.Success)
                throw new DeploymentException(Record.StackName, "the template's conditions cannot be evaluated.", conditions.Errors.Select(e => e.ToString()).ToList());
            return _hot.Resources.Where(r => ConditionEvaluator.IsEnabled(r, _context).Enabled).ToList();
        }
    }

    /// <summary>A resource's properties with every function evaluated; references not yet known stay deferred unless that is an error.</summary>
    public JsonObject Evaluate(HotResource resource, bool deferredIsError, bool throwOnErrors = true)
    {
        lock (_evaluating) return EvaluateInTurn(resource, deferredIsError, throwOnErrors);
    }

    private JsonObject EvaluateInTurn(HotResource resource, bool deferredIsError, bool throwOnErrors)
    {
        var result = HotEvaluator.EvaluateProperties(resource, _context);
        if (!result.Success && !throwOnErrors) return new JsonObject();
        if (!result.Success)
            throw new DeploymentException(Record.StackName, $"the properties of '{resource.Name}' cannot be evaluated.", result.Errors.Select(e => e.ToString()).ToList());
        // An alarm's actions may wait for a URL nothing serves yet (alarm_url); the alarm keeps them pending.
        IReadOnlyList<DeferredValue> blocking = !result.IsDeferred ? []
            : LocalAlarmResourceProvider.IsAlarm(resource.Type) ? LocalAlarmResourceProvider.DeferredOutsideActions(result.Value) : result.DeferredValues;
        if (deferredIsError && blocking.Count > 0)
            throw new DeploymentException(Record.StackName, $"the properties of '{resource.Name}' refer to values that are not known.",
                blocking.Select(d => d.Reference).ToList());
        var properties = EvaluatedValues.ToJson(result.Value) as JsonObject ?? new JsonObject();
        return resource.Type == "OS::Mistral::CronTrigger" ? WithWorkflowInputDefaults(properties) : properties;
    }

    /// <summary>
    /// A trigger's input starts from the <c>input</c> of the workflow resource that registered its workflow, so a
    /// trigger that only names the workflow (use case 3) runs it with the values the template gives the workflow.
    /// </summary>
    private JsonObject WithWorkflowInputDefaults(JsonObject trigger)
    {
        var (name, input) = trigger["workflow"] switch
        {
            JsonValue plain when plain.TryGetValue<string>(out var n) => (n, (JsonObject?)null),
            JsonObject map when map["name"] is JsonValue v && v.TryGetValue<string>(out var n) => (n, map["input"] as JsonObject),
            _ => (null, null),
        };
        if (name is null) return trigger;
        var owner = _hot.Resources.FirstOrDefault(r => r.Type == "OS::Mistral::Workflow" &&
            Record.Resources.TryGetValue(r.Name, out var recorded) && recorded.Workflows.Contains(name));
        if (owner is null || EvaluateInTurn(owner, deferredIsError: false, throwOnErrors: true)["input"] is not JsonObject defaults) return trigger;
        var merged = (JsonObject)defaults.DeepClone();
        if (input is not null)
            foreach (var (key, value) in input) merged[key] = value?.DeepClone();
        var result = (JsonObject)trigger.DeepClone();
        result["workflow"] = new JsonObject { ["name"] = name, ["input"] = merged };
        return result;
    }

    /// <summary>
    /// Reads from the service the attributes (get_attr) that <paramref name="resources"/>, and the outputs when asked,
    /// need of deployed resources and that are not read yet.
    /// </summary>
    public async Task FetchAttributesAsync(StackDeployer deployer, IEnumerable<HotResource> resources, bool outputs, CancellationToken cancellationToken)
    {
        List<(string Resource, string Attribute)> requested;
        lock (_evaluating)
        {
            References.ForgetRequests();
            foreach (var resource in resources) EvaluateInTurn(resource, deferredIsError: false, throwOnErrors: false);
            if (outputs)
                foreach (var output in _hot.Outputs) HotEvaluator.EvaluateOutput(output, _context);
            requested = References.Requested.ToList();
        }
        foreach (var (resource, attribute) in requested)
        {
            if (References.Has(resource, attribute) || !Record.Resources.TryGetValue(resource, out var recorded) || recorded.PhysicalId is null ||
                StackDeployer.IsCreateUnconfirmed(recorded)) continue;
            try
            {
                References.Set(resource, attribute, await deployer.ReadAttributeAsync(Record, resource, recorded, attribute, cancellationToken).ConfigureAwait(false));
            }
            catch (ResourceException)
            {
                // Not available (alarm_url without the gateway): it stays deferred, and whatever needs it says so.
            }
        }
    }

    public DeploymentPlan Plan()
    {
        var desired = EnabledResources().Select(r => new DesiredResource(r.Name, r.Type, Evaluate(r, deferredIsError: false))).ToList();
        var deployed = Record.Resources
            .Where(r => r.Value.Properties is not null)
            .Select(r => new DeployedResource(r.Key, r.Value.Type, (JsonObject)EvaluatedValues.FromElement(r.Value.Properties)!))
            .ToList();
        return LastPlan = Planner.Plan(Record.StackName, desired, deployed);
    }

    public async Task<IReadOnlyDictionary<string, JsonElement>> OutputsAsync(StackDeployer deployer, CancellationToken cancellationToken)
    {
        await FetchAttributesAsync(deployer, [], outputs: true, cancellationToken).ConfigureAwait(false);
        return KnownOutputs();
    }

    /// <summary>The outputs whose value is known with the attributes read so far; the others are left out.</summary>
    public IReadOnlyDictionary<string, JsonElement> KnownOutputs()
    {
        var outputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        lock (_evaluating)
        {
            foreach (var output in _hot.Outputs)
            {
                var result = HotEvaluator.EvaluateOutput(output, _context);
                if (result.Success && !result.IsDeferred)
                    outputs[output.Name] = EvaluatedValues.ToElement(EvaluatedValues.ToJson(result.Value));
            }
        }
        return outputs;
    }
}
