using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;

namespace MistralTemplates;

/// <summary>
/// A workflow of a workflow resource, typed by its input record: the short name the definition gives it and
/// the full name it is registered under in Mistral (<c>&lt;stack&gt;.&lt;resource&gt;.&lt;workflow&gt;</c>). A start
/// demands the input: the workflow has an input without a default. <see cref="OptionalInputWorkflowHandle{TInput}"/>
/// is the handle of a workflow whose every input has one.
/// </summary>
public class WorkflowHandle<TInput> where TInput : class, IWorkflowInput
{
    /// <param name="resource">The workflow resource that registers the workflow.</param>
    /// <param name="shortName">The workflow's name in the definition.</param>
    /// <param name="fullName">The name Mistral registers it under.</param>
    public WorkflowHandle(MistralWorkflowResource resource, string shortName, string fullName)
    {
        ArgumentNullException.ThrowIfNull(resource);
        Resource = resource;
        ShortName = shortName;
        FullName = fullName;
    }

    /// <summary>The resource that registers the workflow.</summary>
    public MistralWorkflowResource Resource { get; }

    /// <summary>The workflow's name in the definition.</summary>
    public string ShortName { get; }

    /// <summary>The name Mistral registers the workflow under.</summary>
    public string FullName { get; }

    /// <summary>
    /// Starts an execution of the workflow on the stack's target, as a signal of the resource with this input would:
    /// the resource's <c>input</c> and <c>params</c> properties are the defaults, an input left unset takes its default,
    /// and the start carries an id chosen here, so a retried call does not start twice.
    /// </summary>
    /// <param name="input">The workflow's input; its required members are the inputs without a default.</param>
    /// <param name="parameters">Mistral's start parameters, e.g. <c>env</c>, laid over the resource's <c>params</c>.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The stack is not deployed or connected.</exception>
    /// <exception cref="Deployment.DeploymentException">The stack or workflow is not deployed, or the target refused the input.</exception>
    public Task<WorkflowRun> StartAsync(TInput input, IDictionary<string, JsonNode?>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StartWithAsync(input.ToMistralInput(), parameters, cancellationToken);
    }

    /// <summary>Starts the workflow with the input as Mistral takes it.</summary>
    private protected async Task<WorkflowRun> StartWithAsync(JsonObject input, IDictionary<string, JsonNode?>? parameters, CancellationToken cancellationToken)
    {
        var target = Resource.Stack.RequireTarget();
        var startParameters = parameters is null ? null : new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var started = await new Signals(target.Service, target.State).StartAsync(Resource.Stack.StackName, Resource.Name, ShortName,
            input, startParameters, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WorkflowRun(target, WorkflowExecution.From(started));
    }

    /// <summary>The executions of this workflow, newest last; one list call per 1,000.</summary>
    public async Task<IReadOnlyList<WorkflowExecution>> GetExecutionsAsync(CancellationToken cancellationToken = default) =>
        (await Resource.GetExecutionsAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.WorkflowName == FullName).ToList();

    /// <summary>The workflow's full name.</summary>
    public override string ToString() => FullName;
}

/// <summary>The handle of a workflow whose every input has a default (or that takes none): a start may omit the input.</summary>
public sealed class OptionalInputWorkflowHandle<TInput> : WorkflowHandle<TInput> where TInput : class, IWorkflowInput
{
    /// <inheritdoc cref="WorkflowHandle{TInput}(MistralWorkflowResource, string, string)"/>
    public OptionalInputWorkflowHandle(MistralWorkflowResource resource, string shortName, string fullName)
        : base(resource, shortName, fullName)
    {
    }

    /// <summary>
    /// Starts an execution of the workflow on the stack's target, as a signal of the resource with this input would:
    /// the resource's <c>input</c> and <c>params</c> properties are the defaults, an input left unset takes its default,
    /// and the start carries an id chosen here, so a retried call does not start twice.
    /// </summary>
    /// <param name="input">The workflow's input; null takes every input's default.</param>
    /// <param name="parameters">Mistral's start parameters, e.g. <c>env</c>, laid over the resource's <c>params</c>.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <exception cref="InvalidOperationException">The stack is not deployed or connected.</exception>
    /// <exception cref="Deployment.DeploymentException">The stack or workflow is not deployed, or the target refused the input.</exception>
    public new Task<WorkflowRun> StartAsync(TInput? input = null, IDictionary<string, JsonNode?>? parameters = null,
        CancellationToken cancellationToken = default) =>
        StartWithAsync(input?.ToMistralInput() ?? new JsonObject(), parameters, cancellationToken);
}

/// <summary>A workflow's typed input. Generated input records implement it.</summary>
public interface IWorkflowInput
{
    /// <summary>The input as Mistral takes it, by the DSL's input names. An optional input left unset is left out, so its default applies.</summary>
    JsonObject ToMistralInput();
}

/// <summary>
/// The <c>available_workflows</c> of a workflow resource: short name → full name. Generated subclasses add
/// one property per workflow.
/// </summary>
public abstract class WorkflowNameMap : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <param name="prefix">The full-name prefix, <c>&lt;stack&gt;.&lt;resource&gt;</c>.</param>
    /// <param name="shortNames">The workflows the definition declares.</param>
    protected WorkflowNameMap(string prefix, IEnumerable<string> shortNames)
    {
        foreach (var name in shortNames) _names[name] = FullNameOf(prefix, name);
    }

    /// <summary>The name Mistral registers a workflow of a resource under.</summary>
    public static string FullNameOf(string prefix, string shortName) => prefix + "." + shortName;

    public string this[string key] => _names[key];

    public IEnumerable<string> Keys => _names.Keys;

    public IEnumerable<string> Values => _names.Values;

    public int Count => _names.Count;

    public bool ContainsKey(string key) => _names.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _names.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _names.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
