using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Language.Resources;
using MistralTemplates.Mistral;

namespace MistralTemplates.Deployment.Resources;

/// <summary>
/// <c>OS::Mistral::ExternalResource</c>, as Heat runs it: a life-cycle action (CREATE, UPDATE, DELETE) that has a
/// workflow in <c>actions</c> starts that workflow with the resource's <c>input</c> and the action's <c>params</c>, and
/// waits for it. A failed execution fails the action with the execution's state_info. The output of every execution is
/// merged into the <c>output</c> attribute, and later executions get it as <c>env().heat_extresource_data</c>. An output
/// key <c>resource_id</c> becomes the physical id, else the execution's id does. An action without a workflow does
/// nothing.
/// <para>
/// Execution ids are derived from the stack id, the resource, the action, the execution before it and the properties,
/// so a deploy that resumes after a crash waits for the execution the interrupted one started instead of starting it
/// again. An execution that failed is never adopted: the next try gets an id of its own.
/// </para>
/// </summary>
public sealed class ExternalResourceProvider : IResourceProvider
{
    /// <summary>The merged output of the resource's executions (the <c>output</c> attribute).</summary>
    public const string OutputsKey = "outputs";

    /// <summary>The properties of the last create or update, which the DELETE action runs with.</summary>
    public const string PropertiesKey = "properties";

    private const string ExecutionIdsKey = WorkflowResourceProvider.ExecutionIdsKey;

    public ExternalResourceProvider(TimeSpan? executionTimeout = null) =>
        ExecutionTimeout = executionTimeout ?? TimeSpan.FromMinutes(30);

    /// <summary>How long an action waits for its execution; one still running then fails the action, and the next deploy adopts it.</summary>
    public TimeSpan ExecutionTimeout { get; }

    public string Type => ResourceSchemas.ExternalResourceType;

    public async Task<ResourceState> CreateAsync(ResourceContext context, JsonObject properties, CancellationToken cancellationToken)
    {
        var made = new ResourceState(null, new JsonObject { [ExecutionIdsKey] = new JsonArray(), [PropertiesKey] = properties.DeepClone() });
        // Heat's reference id of a resource that has no id of its own is the resource's name.
        if (StepOf(context, properties, "CREATE") is not { } create) return made with { PhysicalId = context.ResourceName };

        var execution = await ExecuteAsync(context, create, made, properties, cancellationToken).ConfigureAwait(false);
        if (execution.State == ExecutionState.Success) return Completed(made, execution, properties);

        // A resource whose create failed is not recorded, so nothing would run its DELETE later; Heat runs it when it
        // deletes the failed resource, so it runs now.
        var cleanup = "";
        if (StepOf(context, properties, "DELETE") is { } delete)
        {
            var failed = made with { Data = WithExecution(made.Data, execution.Id) };
            try
            {
                var deleted = await ExecuteAsync(context, delete, failed, properties, cancellationToken).ConfigureAwait(false);
                cleanup = deleted.State == ExecutionState.Success ? "" : $" The DELETE workflow that followed failed too: {deleted.StateInfo}";
            }
            catch (ResourceException e)
            {
                cleanup = " The DELETE workflow that followed could not run: " + e.Message;
            }
        }
        throw new ResourceException(context.ResourceName, Failure(create, execution) + cleanup);
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState current, JsonObject properties, CancellationToken cancellationToken)
    {
        var data = (JsonObject)current.Data.DeepClone();
        data[PropertiesKey] = properties.DeepClone();
        if (StepOf(context, properties, "UPDATE") is not { } update) return current with { Data = data };

        var execution = await ExecuteAsync(context, update, current, properties, cancellationToken).ConfigureAwait(false);
        return execution.State == ExecutionState.Success
            ? Completed(current, execution, properties)
            : throw new ResourceException(context.ResourceName, Failure(update, execution));
    }

    /// <summary>An external resource has no name to collide: its new CREATE runs before the old DELETE, as in Heat.</summary>
    public bool ReplacementCollides(ResourceContext context, ResourceState current, JsonObject properties) => false;

    public async Task DeleteAsync(ResourceContext context, ResourceState current, DeleteOptions options, CancellationToken cancellationToken)
    {
        if (current.Data[PropertiesKey] is not JsonObject properties) return;
        var ran = ExecutionIds(current.Data).ToList();
        if (StepOf(context, properties, "DELETE") is { } delete)
        {
            var execution = await ExecuteAsync(context, delete, current, properties, cancellationToken).ConfigureAwait(false);
            if (execution.State != ExecutionState.Success)
                throw new ResourceException(context.ResourceName, Failure(delete, execution));
            ran.Add(execution.Id);
        }
        if (!options.DeleteExecutions) return;
        foreach (var id in ran)
        {
            try
            {
                await context.Service.Executions.DeleteAsync(id, force: true, cancellationToken).ConfigureAwait(false);
            }
            catch (MistralNotFoundException)
            {
                // Removed already, with the workflow that ran it or by hand.
            }
        }
    }

    public async Task<JsonNode?> GetAttributeAsync(ResourceContext context, ResourceState current, string attribute, CancellationToken cancellationToken)
    {
        switch (attribute)
        {
            case "output":
                return current.Data[OutputsKey]?.DeepClone();
            case "show":
                // Heat shows the execution the resource's id names; here, the resource's last execution.
                if (ExecutionIds(current.Data).LastOrDefault() is not { } last) return null;
                var execution = await context.Service.Executions.GetAsync(last, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
                return execution is null ? null : WorkflowResourceProvider.ExecutionJson(execution);
            default:
                throw new ResourceException(context.ResourceName, $"{Type} has no attribute '{attribute}' (it has output and show).");
        }
    }

    /// <summary>
    /// Starts the step's workflow, or finds the execution an interrupted run started for the same step, and waits for
    /// it to finish. Returns it finished, in whatever state; throws when it cannot start or does not finish in time.
    /// </summary>
    private async Task<Execution> ExecuteAsync(ResourceContext context, LifecycleStep step, ResourceState state, JsonObject properties,
        CancellationToken cancellationToken)
    {
        if (context.StackId == Guid.Empty)
            return await WaitAsync(context, step, await StartAsync(context, step, Guid.NewGuid().ToString(), state, properties, cancellationToken)
                .ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        var occasion = $"{ExecutionIds(state.Data).LastOrDefault() ?? "-"}|{properties.ToJsonString()}";
        for (var attempt = 0; ; attempt++)
        {
            var id = ExecutionId(context, step.Action, occasion, attempt);
            var earlier = await context.Service.Executions.GetAsync(id, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
            if (earlier is { State: ExecutionState.Error or ExecutionState.Cancelled }) continue;
            var execution = earlier ?? await StartAsync(context, step, id, state, properties, cancellationToken).ConfigureAwait(false);
            return await WaitAsync(context, step, execution, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Execution> StartAsync(ResourceContext context, LifecycleStep step, string id, ResourceState state, JsonObject properties,
        CancellationToken cancellationToken)
    {
        var parameters = (JsonObject)step.Params.DeepClone();
        // Once an execution succeeded, later ones see the merged output, as in Heat.
        if (state.Data[OutputsKey] is JsonObject outputs && parameters["env"] is null or JsonObject)
        {
            var env = parameters["env"] as JsonObject ?? new JsonObject();
            env["heat_extresource_data"] = outputs.DeepClone();
            parameters["env"] = env;
        }
        var request = new ExecutionRequest
        {
            Input = properties["input"] as JsonObject is { } input ? (JsonObject)input.DeepClone() : new JsonObject(),
            Description = properties["description"] is JsonValue d && d.TryGetValue<string>(out var text) ? text : $"{context.NamePrefix} {step.Action}",
            Params = parameters.Count == 0 ? null : parameters,
            Id = id,
        };
        request = Guid.TryParse(step.Workflow, out _) ? request with { WorkflowId = step.Workflow } : request with { WorkflowName = step.Workflow };
        try
        {
            return await context.Service.Executions.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
            throw new ResourceException(context.ResourceName,
                $"actions.{step.Action} names the workflow '{step.Workflow}', which Mistral does not have. Name a registered workflow, " +
                "for example {get_attr: [<workflow resource>, available_workflows, <workflow>]}.");
        }
        catch (MistralBadRequestException e)
        {
            throw new ResourceException(context.ResourceName, $"Mistral refused to start the {step.Action} workflow '{step.Workflow}': {e.ServerMessage}", e);
        }
    }

    private async Task<Execution> WaitAsync(ResourceContext context, LifecycleStep step, Execution execution, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + ExecutionTimeout;
        var delay = TimeSpan.FromMilliseconds(50);
        while (!execution.State.IsCompleted())
        {
            if (DateTimeOffset.UtcNow >= deadline)
                throw new ResourceException(context.ResourceName,
                    $"the {step.Action} workflow '{step.Workflow}' (execution {execution.Id}) is still {execution.State.ToMistralName()} after " +
                    $"{ExecutionTimeout.TotalSeconds:0} s. Deploy again to keep waiting for it; it is not started a second time.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
            execution = await context.Service.Executions.GetAsync(execution.Id, cancellationToken).ConfigureAwait(false);
        }
        return execution;
    }

    /// <summary>The state after a successful execution: its output merged in, its id recorded, the physical id from it.</summary>
    private static ResourceState Completed(ResourceState before, Execution execution, JsonObject properties)
    {
        var outputs = before.Data[OutputsKey] is JsonObject merged ? (JsonObject)merged.DeepClone() : new JsonObject();
        var output = execution.Output as JsonObject;
        if (output is not null)
            foreach (var (key, value) in output) outputs[key] = value?.DeepClone();
        var data = WithExecution(before.Data, execution.Id);
        data[OutputsKey] = outputs;
        data[PropertiesKey] = properties.DeepClone();
        var id = output?["resource_id"] switch
        {
            null => execution.Id,
            JsonValue v when v.TryGetValue<string>(out var text) => text.Length == 0 ? execution.Id : text,
            var other => other.ToJsonString(),
        };
        return new ResourceState(id.Length > 255 ? id[..255] : id, data);
    }

    private static JsonObject WithExecution(JsonObject data, string executionId)
    {
        var copy = (JsonObject)data.DeepClone();
        var ids = copy[ExecutionIdsKey] as JsonArray ?? new JsonArray();
        ids.Add(executionId);
        copy[ExecutionIdsKey] = ids;
        return copy;
    }

    private static System.Collections.Generic.IEnumerable<string> ExecutionIds(JsonObject data) =>
        data[ExecutionIdsKey] is JsonArray ids ? ids.Select(i => i?.GetValue<string>()).OfType<string>() : [];

    private static string Failure(LifecycleStep step, Execution execution) =>
        $"the {step.Action} workflow '{step.Workflow}' (execution {execution.Id}) ended {execution.State.ToMistralName()}: " +
        (string.IsNullOrEmpty(execution.StateInfo) ? "Mistral gave no reason." : execution.StateInfo);

    /// <summary>The workflow an action runs, or null when <c>actions</c> gives it none.</summary>
    private static LifecycleStep? StepOf(ResourceContext context, JsonObject properties, string action)
    {
        if (properties["actions"] is not JsonObject actions)
            throw new ResourceException(context.ResourceName, "'actions' must map actions (CREATE, UPDATE, DELETE ...) to {workflow, params}.");
        if (actions[action] is not JsonObject step) return null;
        if (step["workflow"] is not JsonValue w || !w.TryGetValue<string>(out var workflow) || workflow.Length == 0)
            throw new ResourceException(context.ResourceName, $"actions.{action} needs 'workflow': the name of the workflow to run.");
        return new LifecycleStep(action, workflow, step["params"] as JsonObject ?? new JsonObject());
    }

    /// <summary>A UUID (RFC 9562 version 8, from SHA-256) that names one try of one action of one resource of one stack.</summary>
    internal static string ExecutionId(ResourceContext context, string action, string occasion, int attempt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{context.StackId:N}\n{context.ResourceName}\n{action}\n{occasion}\n{attempt}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private sealed record LifecycleStep(string Action, string Workflow, JsonObject Params);
}
