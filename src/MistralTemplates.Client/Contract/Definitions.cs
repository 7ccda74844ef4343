using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral;

/// <summary>An environment: variables that executions started with it read through <c>env()</c>.</summary>
public sealed record MistralEnvironment
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("variables"), JsonConverter(typeof(EmbeddedJsonConverter))] public JsonNode? Variables { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>An environment to create or replace.</summary>
public sealed record EnvironmentRequest(string Name, JsonObject Variables)
{
    public string? Description { get; init; }
}

/// <summary>An action definition: ad-hoc (with a definition) or a system action such as <c>std.echo</c>.</summary>
public sealed record ActionDefinition
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }
    [JsonPropertyName("is_system")] public bool? IsSystem { get; init; }
    [JsonPropertyName("input")] public string? Input { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("definition")] public string? Definition { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A workbook.</summary>
public sealed record Workbook
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }
    [JsonPropertyName("definition")] public string? Definition { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}
