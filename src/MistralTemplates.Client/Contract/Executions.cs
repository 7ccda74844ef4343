using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral;

/// <summary>The states of workflow, task and action executions.</summary>
[JsonConverter(typeof(ExecutionStateConverter))]
public enum ExecutionState
{
    /// <summary>A state this client does not know (a newer server).</summary>
    Unknown,
    Idle,
    Waiting,
    Running,
    RunningDelayed,
    Paused,
    Success,
    Cancelled,
    Error,
}

public static class ExecutionStates
{
    /// <summary>True for the states an execution never leaves.</summary>
    public static bool IsCompleted(this ExecutionState state) =>
        state is ExecutionState.Success or ExecutionState.Error or ExecutionState.Cancelled;

    /// <summary>The name Mistral uses, e.g. <c>RUNNING_DELAYED</c>.</summary>
    public static string ToMistralName(this ExecutionState state) => ExecutionStateConverter.Format(state);
}

/// <summary>A workflow execution. Input, output and params are parsed JSON (the service sends them as JSON strings).</summary>
public sealed record Execution
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("workflow_id")] public string? WorkflowId { get; init; }
    [JsonPropertyName("workflow_name")] public string? WorkflowName { get; init; }
    [JsonPropertyName("workflow_namespace")] public string? WorkflowNamespace { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("params"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Params { get; init; }
    [JsonPropertyName("task_execution_id")] public string? TaskExecutionId { get; init; }
    [JsonPropertyName("root_execution_id")] public string? RootExecutionId { get; init; }
    [JsonPropertyName("state")] public ExecutionState State { get; init; }
    [JsonPropertyName("state_info")] public string? StateInfo { get; init; }
    [JsonPropertyName("input"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Input { get; init; }
    /// <summary>Absent from list items unless the query asks for <see cref="ExecutionQuery.IncludeOutput"/>.</summary>
    [JsonPropertyName("output"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Output { get; init; }
    [JsonPropertyName("published_global"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? PublishedGlobal { get; init; }
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))]
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>What to start. Give <see cref="WorkflowName"/> (with <see cref="Namespace"/>) or <see cref="WorkflowId"/>.</summary>
public sealed record ExecutionRequest
{
    public string? WorkflowName { get; init; }
    public string? WorkflowId { get; init; }
    public string? Namespace { get; init; }
    public JsonObject? Input { get; init; }
    public string? Description { get; init; }
    /// <summary>Start parameters, e.g. <c>{"env": {...}}</c> or <c>{"env": "environment-name"}</c>.</summary>
    public JsonObject? Params { get; init; }
    /// <summary>The execution's id. When null the client chooses one, so a retried start cannot start twice.</summary>
    public string? Id { get; init; }
}

/// <summary>Counts from an execution's report, and the report's execution tree as the service sends it.</summary>
public sealed record ExecutionReport(ExecutionReportStatistics Statistics, JsonObject? RootWorkflowExecution);

public sealed record ExecutionReportStatistics
{
    [JsonPropertyName("total_tasks_count")] public int TotalTasks { get; init; }
    [JsonPropertyName("running_tasks_count")] public int RunningTasks { get; init; }
    [JsonPropertyName("success_tasks_count")] public int SuccessTasks { get; init; }
    [JsonPropertyName("error_tasks_count")] public int ErrorTasks { get; init; }
    [JsonPropertyName("idle_tasks_count")] public int IdleTasks { get; init; }
    [JsonPropertyName("paused_tasks_count")] public int PausedTasks { get; init; }
}

/// <summary>A task of an execution.</summary>
public sealed record TaskExecution
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary><c>ACTION</c> or <c>WORKFLOW</c>.</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("workflow_name")] public string? WorkflowName { get; init; }
    [JsonPropertyName("workflow_namespace")] public string? WorkflowNamespace { get; init; }
    [JsonPropertyName("workflow_id")] public string? WorkflowId { get; init; }
    [JsonPropertyName("workflow_execution_id")] public string? WorkflowExecutionId { get; init; }
    [JsonPropertyName("state")] public ExecutionState State { get; init; }
    [JsonPropertyName("state_info")] public string? StateInfo { get; init; }
    /// <summary>Only on a single task's GET.</summary>
    [JsonPropertyName("result"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Result { get; init; }
    [JsonPropertyName("published"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Published { get; init; }
    [JsonPropertyName("runtime_context"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? RuntimeContext { get; init; }
    [JsonPropertyName("processed")] public bool? Processed { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
    [JsonPropertyName("started_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("finished_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>An action execution. Actions run on their own have no id unless their result was saved.</summary>
public sealed record ActionExecution
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("workflow_name")] public string? WorkflowName { get; init; }
    [JsonPropertyName("workflow_namespace")] public string? WorkflowNamespace { get; init; }
    [JsonPropertyName("task_name")] public string? TaskName { get; init; }
    [JsonPropertyName("task_execution_id")] public string? TaskExecutionId { get; init; }
    [JsonPropertyName("state")] public ExecutionState State { get; init; }
    [JsonPropertyName("state_info")] public string? StateInfo { get; init; }
    [JsonPropertyName("accepted")] public bool? Accepted { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("input"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Input { get; init; }
    /// <summary>The action's output, <c>{"result": ...}</c> on success.</summary>
    [JsonPropertyName("output"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Output { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>An action to run outside a workflow.</summary>
public sealed record ActionRunRequest(string Name)
{
    public JsonObject? Input { get; init; }
    /// <summary>Keep the result on the service (then the execution has an id).</summary>
    public bool? SaveResult { get; init; }
    /// <summary>False to start the action and answer at once (state RUNNING).</summary>
    public bool? RunSync { get; init; }
}
