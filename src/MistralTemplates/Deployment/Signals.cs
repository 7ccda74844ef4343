using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.Mistral;
using MistralTemplates.State;

namespace MistralTemplates.Deployment;

/// <summary>
/// Signals a workflow resource as Heat does: the body's <c>input</c> and <c>params</c> are laid over the resource's
/// own <c>input</c> and <c>params</c> properties (or, with <c>use_request_body_as_input</c>, the whole body is the
/// input), and an execution starts. A <c>workflow</c> key (or the caller) picks one of the resource's workflows.
/// Input names the workflow does not declare are refused before anything starts; the start carries a client-chosen
/// id, so a retried signal does not start twice. Signals take no stack lock and write no record: executions are
/// found through the service by workflow name, so concurrent signals never lose one.
/// </summary>
public sealed class Signals(IWorkflowService service, IStackStateStore store)
{
    /// <summary>
    /// Starts the execution a signal with <paramref name="body"/> asks for. <paramref name="workflow"/> (a short or full
    /// name) picks the workflow when the body's <c>workflow</c> key does not; when both are given they must agree.
    /// </summary>
    /// <exception cref="DeploymentException">
    /// Nothing was started: no such stack or workflow resource; the body, its <c>input</c> or <c>params</c> not an
    /// object; <c>workflow</c> not a string or no workflow of the resource; <c>params.env</c> neither an object nor an
    /// environment name; or input the workflow does not take.
    /// </exception>
    public async Task<Execution> SignalAsync(string stackName, string resource, JsonNode? body, string? workflow = null,
        string? executionId = null, CancellationToken cancellationToken = default)
    {
        var (recorded, properties) = await RecordedResourceAsync(stackName, resource, cancellationToken).ConfigureAwait(false);
        var (input, parameters, chosen) = Read(stackName, body, properties);
        // A short and a full name of one workflow agree: compare what each names, not how it is written.
        if (workflow is not null && chosen is not null &&
            Choose(stackName, resource, AvailableWorkflows(recorded), workflow) != Choose(stackName, resource, AvailableWorkflows(recorded), chosen))
            throw new DeploymentException(stackName, $"the signal data names the workflow '{chosen}' but '{workflow}' was asked for; nothing was started.",
                ["drop one of the two, or make them the same"]);
        return await StartAsync(stackName, resource, recorded, properties, workflow ?? chosen, input, parameters, executionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a workflow of the resource with <paramref name="input"/> and <paramref name="parameters"/> given apart (the typed
    /// API's start): the same defaults, checks and client-chosen id as a signal, whatever <c>use_request_body_as_input</c> says.
    /// </summary>
    public async Task<Execution> StartAsync(string stackName, string resource, string? workflow, JsonObject input, JsonObject? parameters = null,
        string? executionId = null, CancellationToken cancellationToken = default)
    {
        var (recorded, properties) = await RecordedResourceAsync(stackName, resource, cancellationToken).ConfigureAwait(false);
        return await StartAsync(stackName, resource, recorded, properties, workflow, input, parameters ?? new JsonObject(), executionId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ResourceRecord Recorded, JsonObject Properties)> RecordedResourceAsync(string stackName, string resource, CancellationToken cancellationToken)
    {
        var record = await store.GetExistingAsync(stackName, cancellationToken).ConfigureAwait(false);
        if (!record.Resources.TryGetValue(resource, out var recorded))
            throw new DeploymentException(stackName, $"the stack has no resource '{resource}'.",
                [$"its workflow resources: {string.Join(", ", record.Resources.Where(r => r.Value.Type == MistralWorkflowResource.ResourceType).Select(r => r.Key).Order(StringComparer.Ordinal))}"]);
        if (recorded.Type != MistralWorkflowResource.ResourceType)
            throw new DeploymentException(stackName, $"'{resource}' is a {recorded.Type}; only workflow resources take signals.", []);
        return (recorded, EvaluatedValues.FromElement(recorded.Properties) as JsonObject ?? new JsonObject());
    }

    private async Task<Execution> StartAsync(string stackName, string resource, ResourceRecord recorded, JsonObject properties, string? workflow,
        JsonObject input, JsonObject parameters, string? executionId, CancellationToken cancellationToken)
    {
        var fullName = Choose(stackName, resource, AvailableWorkflows(recorded), workflow);

        var declared = (await service.Workflows.GetAsync(fullName, cancellationToken: cancellationToken).ConfigureAwait(false)).Interface?.Input
                       ?? [];
        var merged = properties["input"] is JsonObject defaults ? (JsonObject)defaults.DeepClone() : new JsonObject();
        foreach (var (key, value) in input) merged[key] = value?.DeepClone();
        var known = declared.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = input.Select(p => p.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new DeploymentException(stackName, $"the signal gives input the workflow '{fullName}' does not take; nothing was started.",
                [$"unknown: {string.Join(", ", unknown)}", $"it takes: {(known.Count == 0 ? "no input" : string.Join(", ", known))}"]);
        // Resource-level defaults the workflow does not declare are dropped, as Mistral would refuse them.
        foreach (var extra in merged.Select(p => p.Key).Where(k => !known.Contains(k)).ToList()) merged.Remove(extra);

        var startParams = properties["params"] is JsonObject p ? (JsonObject)p.DeepClone() : new JsonObject();
        foreach (var (key, value) in parameters) startParams[key] = value?.DeepClone();
        CheckEnvironment(stackName, startParams);

        return await service.Executions.CreateAsync(new ExecutionRequest
        {
            WorkflowName = fullName,
            Input = merged,
            Params = startParams.Count == 0 ? null : startParams,
            Id = executionId ?? Guid.NewGuid().ToString(),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls until the execution completes.</summary>
    public async Task<Execution> WaitAsync(string executionId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(10));
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var execution = await service.Executions.GetAsync(executionId, deadline.Token).ConfigureAwait(false);
            if (execution.State.IsCompleted()) return execution;
            await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
        }
    }

    private static (JsonObject Input, JsonObject Params, string? Workflow) Read(string stackName, JsonNode? body, JsonObject properties)
    {
        if (properties["use_request_body_as_input"] is JsonValue flag && flag.TryGetValue<bool>(out var wholeBody) && wholeBody)
            return (body as JsonObject ?? (body is null ? new JsonObject() : throw NotAMap(stackName, "the signal body")), new JsonObject(), null);
        if (body is null) return (new JsonObject(), new JsonObject(), null);
        if (body is not JsonObject data) throw NotAMap(stackName, "the signal data");
        var input = data["input"] switch { null => new JsonObject(), JsonObject map => map, _ => throw NotAMap(stackName, "'input' in the signal data") };
        var parameters = data["params"] switch { null => new JsonObject(), JsonObject map => map, _ => throw NotAMap(stackName, "'params' in the signal data") };
        var workflow = data["workflow"] switch
        {
            null => null,
            JsonValue w when w.TryGetValue<string>(out var name) => name,
            var other => throw new DeploymentException(stackName,
                $"'workflow' in the signal data must be a string, the short name of one of the resource's workflows, not {Describe(other)}; nothing was started.", []),
        };
        return (input, parameters, workflow);
    }

    /// <summary>
    /// Mistral takes <c>params.env</c> as the variables themselves (an object) or the name of a Mistral environment
    /// (a string); anything else it would refuse only after the start, so it is refused here, before.
    /// </summary>
    private static void CheckEnvironment(string stackName, JsonObject parameters)
    {
        if (!parameters.TryGetPropertyValue("env", out var env) || env is JsonObject) return;
        if (env is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0) return;
        throw new DeploymentException(stackName,
            $"'params.env' must be an object of variables or the name of a Mistral environment, not {Describe(env)}; nothing was started.", []);
    }

    private static string Describe(JsonNode? node) => node is null ? "null" : $"{node.GetValueKind().ToString().ToLowerInvariant()} {node.ToJsonString()}";

    /// <summary>The resource's workflows as its record holds them: short name → full name.</summary>
    private static JsonObject AvailableWorkflows(ResourceRecord recorded) =>
        EvaluatedValues.FromElement(recorded.Data.GetValueOrDefault(WorkflowResourceProvider.WorkflowsKey)) as JsonObject ?? new JsonObject();

    private static string Choose(string stackName, string resource, JsonObject available, string? workflow)
    {
        var names = available.Select(p => (Short: p.Key, Full: p.Value!.GetValue<string>())).ToList();
        if (workflow is null)
            return names.Count == 1
                ? names[0].Full
                : throw new DeploymentException(stackName, $"'{resource}' has {names.Count} workflows; say which one to start (on the command line: --workflow NAME).",
                    [$"its workflows: {string.Join(", ", names.Select(n => n.Short))}"]);
        return names.FirstOrDefault(n => n.Short == workflow || n.Full == workflow).Full
               ?? throw new DeploymentException(stackName, $"'{resource}' has no workflow '{workflow}'.",
                   [$"its workflows: {string.Join(", ", names.Select(n => n.Short))}"]);
    }

    private static DeploymentException NotAMap(string stackName, string what) =>
        new(stackName, $"{what} must be a JSON object; nothing was started.", []);
}
