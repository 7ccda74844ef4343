using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;

namespace MistralTemplates;

/// <summary>A resource of a stack: its logical name in the template and its Heat type.</summary>
public abstract class StackResource
{
    protected StackResource(Stack stack, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(type);
        Stack = stack;
        Name = name;
        Type = type;
    }

    public Stack Stack { get; }

    /// <summary>The resource's name in the template.</summary>
    public string Name { get; }

    /// <summary>The Heat resource type, e.g. <c>OS::Mistral::Workflow</c>.</summary>
    public string Type { get; }

    /// <summary>
    /// A deferred reference to any attribute of this resource, with an optional path into its value; once the stack
    /// is deployed or connected, <see cref="AttributeReference{T}.GetValueAsync(CancellationToken)"/> reads it.
    /// </summary>
    public AttributeReference<T> Attribute<T>(string attribute, params string[] path) =>
        new(Stack, Name, attribute, path);

    public override string ToString() => $"{Name} ({Type})";
}

/// <summary>An <c>OS::Mistral::Workflow</c> resource: one or more workflows registered in Mistral.</summary>
public abstract class MistralWorkflowResource : StackResource
{
    public const string ResourceType = "OS::Mistral::Workflow";

    protected MistralWorkflowResource(Stack stack, string name) : base(stack, name, ResourceType)
    {
    }

    /// <summary>The executions started through this resource.</summary>
    public AttributeReference<IReadOnlyList<WorkflowExecution>> Executions => Attribute<IReadOnlyList<WorkflowExecution>>("executions");

    /// <summary>A signed URL that starts the workflow when POSTed to (an alarm action).</summary>
    public AttributeReference<Uri> AlarmUrl => Attribute<Uri>("alarm_url");

    /// <summary>The workflow's data as Mistral returns it.</summary>
    public AttributeReference<JsonNode?> Data => Attribute<JsonNode?>("data");

    /// <summary>Every attribute of the resource.</summary>
    public AttributeReference<JsonNode?> Show => Attribute<JsonNode?>("show");

    /// <summary>The <c>available_workflows</c> attribute as a deferred map of short name to full name.</summary>
    public AttributeReference<IReadOnlyDictionary<string, string>> AvailableWorkflowsReference =>
        Attribute<IReadOnlyDictionary<string, string>>("available_workflows");

    /// <summary>
    /// The executions of this resource's workflows, read from the stack's target now, as the <c>executions</c>
    /// attribute reads them: one filtered list call per 1,000 executions.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stack is not deployed or connected.</exception>
    public async Task<IReadOnlyList<WorkflowExecution>> GetExecutionsAsync(CancellationToken cancellationToken = default)
    {
        var target = Stack.RequireTarget();
        var listed = await new StackDeployer(target.Service, target.State)
            .GetAttributeAsync(Stack.StackName, Name, "executions", cancellationToken).ConfigureAwait(false);
        return (listed as JsonArray ?? []).OfType<JsonObject>().Select(WorkflowExecution.FromJson).ToList();
    }

    /// <summary>
    /// Signals the resource as Heat does: <paramref name="data"/> is <c>{"input": {...}, "params": {...}, "workflow": "name"}</c>
    /// (or, with <c>use_request_body_as_input</c>, the input itself). Input names the workflow does not take are refused
    /// before anything starts. For a typed start, use the workflow's handle.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stack is not deployed or connected.</exception>
    /// <exception cref="DeploymentException">The data names an unknown workflow or input, or is not a JSON object.</exception>
    public async Task<WorkflowRun> SignalAsync(JsonNode? data, string? workflow = null, CancellationToken cancellationToken = default)
    {
        var target = Stack.RequireTarget();
        var started = await new Signals(target.Service, target.State)
            .SignalAsync(Stack.StackName, Name, data, workflow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WorkflowRun(target, WorkflowExecution.From(started));
    }
}

/// <summary>An <c>OS::Mistral::CronTrigger</c> resource: runs a workflow on a schedule.</summary>
public abstract class MistralCronTriggerResource : StackResource
{
    public const string ResourceType = "OS::Mistral::CronTrigger";

    protected MistralCronTriggerResource(Stack stack, string name) : base(stack, name, ResourceType)
    {
    }

    /// <summary>When the trigger fires next; null once it has no executions left.</summary>
    public AttributeReference<DateTimeOffset?> NextExecutionTime => Attribute<DateTimeOffset?>("next_execution_time");

    /// <summary>How many executions are left; null when the trigger has no count.</summary>
    public AttributeReference<int?> RemainingExecutions => Attribute<int?>("remaining_executions");
}

/// <summary>An <c>OS::Mistral::ExternalResource</c>: a resource whose life cycle runs Mistral workflows.</summary>
public abstract class MistralExternalResource : StackResource
{
    public const string ResourceType = "OS::Mistral::ExternalResource";

    protected MistralExternalResource(Stack stack, string name) : base(stack, name, ResourceType)
    {
    }

    /// <summary>The output of the last workflow run for this resource.</summary>
    public AttributeReference<JsonNode?> Output => Attribute<JsonNode?>("output");
}

/// <summary>An <c>OS::Aodh::Alarm</c> or <c>OS::Ceilometer::Alarm</c> resource.</summary>
public abstract class AlarmResource : StackResource
{
    protected AlarmResource(Stack stack, string name, string type) : base(stack, name, type)
    {
    }

    /// <summary>Every attribute of the alarm.</summary>
    public AttributeReference<JsonNode?> Show => Attribute<JsonNode?>("show");
}

/// <summary>A resource of a type this product does not model; its attributes are read untyped.</summary>
public abstract class GenericResource : StackResource
{
    protected GenericResource(Stack stack, string name, string type) : base(stack, name, type)
    {
    }
}
