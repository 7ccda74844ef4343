using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral;

/// <summary>A workflow as the service stores it.</summary>
public sealed record WorkflowDefinition
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("namespace")] public string Namespace { get; init; } = "";
    /// <summary>The definition text of this one workflow (the whole text when it was created alone).</summary>
    [JsonPropertyName("definition")] public string? Definition { get; init; }
    /// <summary>The input declaration as Mistral prints it, e.g. <c>name, x="1"</c>.</summary>
    [JsonPropertyName("input")] public string? Input { get; init; }
    [JsonPropertyName("interface"), JsonConverter(typeof(WorkflowInterfaceConverter))]
    public WorkflowInterface? Interface { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("scope")] public string? Scope { get; init; }
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    [JsonPropertyName("created_at"), JsonConverter(typeof(MistralTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at"), JsonConverter(typeof(MistralTimestampConverter))]
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A workflow's declared inputs (in order, with defaults) and outputs.</summary>
public sealed record WorkflowInterface(IReadOnlyList<WorkflowParameter> Input, IReadOnlyList<string> Output);

/// <summary>One declared input: required when it has no default.</summary>
public sealed record WorkflowParameter(string Name, bool HasDefault, JsonNode? Default)
{
    public bool IsRequired => !HasDefault;
}

/// <summary>The verdict of a <c>validate</c> call. <see cref="Error"/> is shortened when the service embeds its schema.</summary>
public sealed record DefinitionValidation(bool IsValid, string? Error);
