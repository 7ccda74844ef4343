using System;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral;

/// <summary>A cron trigger. It deletes itself after its last remaining execution.</summary>
public sealed record CronTrigger
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("workflow_name")] public string? WorkflowName { get; init; }
    [JsonPropertyName("workflow_id")] public string? WorkflowId { get; init; }
    [JsonPropertyName("workflow_input"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? WorkflowInput { get; init; }
    [JsonPropertyName("workflow_params"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? WorkflowParams { get; init; }
    /// <summary>The cron pattern. A trigger made with only a first time gets Mistral's never-matching <c>0 0 30 2 0</c>.</summary>
    [JsonPropertyName("pattern")] public string? Pattern { get; init; }
    [JsonPropertyName("remaining_executions")] public int? RemainingExecutions { get; init; }
    [JsonPropertyName("first_execution_time"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? FirstExecutionTime { get; init; }
    [JsonPropertyName("next_execution_time"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? NextExecutionTime { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>
/// A cron trigger to create: a <see cref="Pattern"/>, a <see cref="FirstExecutionTime"/> (at least a minute ahead,
/// whole minutes, UTC) or both; <see cref="RemainingExecutions"/> limits how often it fires.
/// </summary>
public sealed record CronTriggerRequest(string Name)
{
    public string? WorkflowName { get; init; }
    public string? WorkflowId { get; init; }
    public JsonObject? WorkflowInput { get; init; }
    /// <summary>Start parameters, e.g. <c>{"namespace": "ns1"}</c> or <c>{"env": ...}</c>.</summary>
    public JsonObject? WorkflowParams { get; init; }
    public string? Pattern { get; init; }
    public DateTimeOffset? FirstExecutionTime { get; init; }
    public int? RemainingExecutions { get; init; }
}

/// <summary>An event trigger.</summary>
public sealed record EventTrigger
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("workflow_id")] public string? WorkflowId { get; init; }
    [JsonPropertyName("workflow_input"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? WorkflowInput { get; init; }
    [JsonPropertyName("workflow_params"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? WorkflowParams { get; init; }
    [JsonPropertyName("exchange")] public string? Exchange { get; init; }
    [JsonPropertyName("topic")] public string? Topic { get; init; }
    [JsonPropertyName("event")] public string? Event { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>An event trigger to create: which notification (exchange, topic, event) starts which workflow (by id).</summary>
public sealed record EventTriggerRequest(string Name, string WorkflowId, string Exchange, string Topic, string Event)
{
    public JsonObject? WorkflowInput { get; init; }
    public JsonObject? WorkflowParams { get; init; }
}
