using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral;

/// <summary>
/// What a stack needs from a workflow service: the Mistral v2 resources, grouped as the REST API groups them.
/// The REST client (<see cref="Http.MistralClient"/>) and the embedded engine both implement it, so the runtime
/// never knows which one it talks to.
/// </summary>
/// <remarks>
/// Every operation throws a <see cref="MistralException"/> subtype when the service refuses it; "get" operations
/// throw <see cref="MistralNotFoundException"/> for a missing object (see <see cref="MistralResults.OrNullIfNotFound{T}"/>).
/// Lists are streamed: they follow the service's pages until the last.
/// </remarks>
public interface IWorkflowService
{
    IWorkflowDefinitions Workflows { get; }
    IExecutions Executions { get; }
    ITaskExecutions Tasks { get; }
    IActionExecutions ActionExecutions { get; }
    ICronTriggers CronTriggers { get; }
    IEnvironments Environments { get; }
    IActionDefinitions Actions { get; }
    IWorkbooks Workbooks { get; }
    IEventTriggers EventTriggers { get; }
}

/// <summary>Workflow definitions. One definition text may declare several workflows.</summary>
public interface IWorkflowDefinitions
{
    /// <summary>Creates every workflow the definition declares; returns one record per workflow.</summary>
    Task<IReadOnlyList<WorkflowDefinition>> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the workflows the definition declares; each must exist.</summary>
    Task<IReadOnlyList<WorkflowDefinition>> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<WorkflowDefinition> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default);

    IAsyncEnumerable<WorkflowDefinition> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken = default);
}

/// <summary>Workflow executions.</summary>
public interface IExecutions
{
    /// <summary>
    /// Starts an execution. The request's <see cref="ExecutionRequest.Id"/> (chosen by the client when not given)
    /// makes a repeated start return the same execution instead of starting a second one.
    /// </summary>
    Task<Execution> CreateAsync(ExecutionRequest request, CancellationToken cancellationToken = default);

    Task<Execution> GetAsync(string id, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Execution> ListAsync(ExecutionQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Pauses (<see cref="ExecutionState.Paused"/>), resumes (<see cref="ExecutionState.Running"/>) or cancels an execution.</summary>
    Task<Execution> UpdateStateAsync(string id, ExecutionState state, string? stateInfo = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an execution; a running one only with <paramref name="force"/>.</summary>
    Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default);

    IAsyncEnumerable<TaskExecution> ListTasksAsync(string executionId, ListQuery? query = null, CancellationToken cancellationToken = default);

    Task<ExecutionReport> GetReportAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Task executions.</summary>
public interface ITaskExecutions
{
    Task<TaskExecution> GetAsync(string id, CancellationToken cancellationToken = default);

    IAsyncEnumerable<TaskExecution> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);
}

/// <summary>Action executions: actions run on their own, and the actions tasks ran.</summary>
public interface IActionExecutions
{
    /// <summary>Runs an action outside any workflow; synchronous actions answer with their output.</summary>
    Task<ActionExecution> RunAsync(ActionRunRequest request, CancellationToken cancellationToken = default);

    Task<ActionExecution> GetAsync(string id, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ActionExecution> ListForTaskAsync(string taskExecutionId, ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Completes an asynchronous action (such as <c>std.async_noop</c>) with its result.</summary>
    Task<ActionExecution> CompleteAsync(string id, ExecutionState state, JsonNode? output, CancellationToken cancellationToken = default);
}

/// <summary>Cron triggers. Mistral cannot update one: replace it.</summary>
public interface ICronTriggers
{
    Task<CronTrigger> CreateAsync(CronTriggerRequest request, CancellationToken cancellationToken = default);

    Task<CronTrigger> GetAsync(string name, CancellationToken cancellationToken = default);

    IAsyncEnumerable<CronTrigger> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Environments: named sets of variables executions can read through <c>env()</c>.</summary>
public interface IEnvironments
{
    Task<MistralEnvironment> CreateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default);

    Task<MistralEnvironment> GetAsync(string name, CancellationToken cancellationToken = default);

    IAsyncEnumerable<MistralEnvironment> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);

    Task<MistralEnvironment> UpdateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default);

    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Ad-hoc actions (and, read-only, the system actions such as <c>std.echo</c>).</summary>
public interface IActionDefinitions
{
    Task<IReadOnlyList<ActionDefinition>> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ActionDefinition>> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<ActionDefinition> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ActionDefinition> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken = default);
}

/// <summary>Workbooks: a named definition holding workflows (registered as <c>book.workflow</c>) and actions.</summary>
public interface IWorkbooks
{
    Task<Workbook> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<Workbook> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<Workbook> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Workbook> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken = default);
}

/// <summary>Event triggers: start a workflow when a notification arrives on a message-bus topic.</summary>
public interface IEventTriggers
{
    Task<EventTrigger> CreateAsync(EventTriggerRequest request, CancellationToken cancellationToken = default);

    Task<EventTrigger> GetAsync(string id, CancellationToken cancellationToken = default);

    IAsyncEnumerable<EventTrigger> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(string id, CancellationToken cancellationToken = default);
}
