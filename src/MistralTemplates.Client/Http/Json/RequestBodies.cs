using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MistralTemplates.Mistral.Http.Json;

// The JSON bodies the client sends, in Mistral's field names. Definitions are not here: they go as text/plain.

internal sealed record ExecutionCreateBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("workflow_name")] string? WorkflowName,
    [property: JsonPropertyName("workflow_id")] string? WorkflowId,
    [property: JsonPropertyName("workflow_namespace")] string? WorkflowNamespace,
    [property: JsonPropertyName("input")] JsonObject? Input,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("params")] JsonObject? Params);

internal sealed record ExecutionStateBody(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("state_info")] string? StateInfo);

internal sealed record CronTriggerCreateBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("workflow_name")] string? WorkflowName,
    [property: JsonPropertyName("workflow_id")] string? WorkflowId,
    [property: JsonPropertyName("workflow_input")] JsonObject? WorkflowInput,
    [property: JsonPropertyName("workflow_params")] JsonObject? WorkflowParams,
    [property: JsonPropertyName("pattern")] string? Pattern,
    [property: JsonPropertyName("first_execution_time")] string? FirstExecutionTime,
    [property: JsonPropertyName("remaining_executions")] int? RemainingExecutions);

internal sealed record EnvironmentBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("variables")] JsonObject Variables);

internal sealed record EventTriggerCreateBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("workflow_id")] string WorkflowId,
    [property: JsonPropertyName("workflow_input")] JsonObject? WorkflowInput,
    [property: JsonPropertyName("workflow_params")] JsonObject? WorkflowParams,
    [property: JsonPropertyName("exchange")] string Exchange,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("event")] string Event);

internal sealed record ActionRunBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("input")] JsonObject? Input,
    [property: JsonPropertyName("params")] JsonObject? Params);

internal sealed record ActionCompleteBody(
    [property: JsonPropertyName("state")] string State,
    // Sent as a JSON string, the form the service documents for this field.
    [property: JsonPropertyName("output")] string? Output);

internal sealed record ValidationAnswer(
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("error")] string? Error);

internal sealed record ReportAnswer(
    [property: JsonPropertyName("statistics")] ExecutionReportStatistics? Statistics,
    [property: JsonPropertyName("root_workflow_execution")] JsonObject? RootWorkflowExecution);
