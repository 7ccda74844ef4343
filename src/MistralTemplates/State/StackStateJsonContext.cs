using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace MistralTemplates.State;

/// <summary>Reads and writes <see cref="StackRecord"/>s without reflection: snake_case keys, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(StackRecord))]
[JsonSerializable(typeof(IReadOnlyList<StackRecord>))]
[JsonSerializable(typeof(LifecycleStatus))]
public sealed partial class StackStateJsonContext : JsonSerializerContext;
