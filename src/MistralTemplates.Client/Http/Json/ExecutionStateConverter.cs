using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MistralTemplates.Mistral.Http.Json;

/// <summary>Reads Mistral's upper-case state names; an unknown name becomes <see cref="ExecutionState.Unknown"/> rather than an error.</summary>
internal sealed class ExecutionStateConverter : JsonConverter<ExecutionState>
{
    public override ExecutionState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()!) : ExecutionState.Unknown;

    public override void Write(Utf8JsonWriter writer, ExecutionState value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static ExecutionState Parse(string name) => name switch
    {
        "IDLE" => ExecutionState.Idle,
        "WAITING" => ExecutionState.Waiting,
        "RUNNING" => ExecutionState.Running,
        "RUNNING_DELAYED" => ExecutionState.RunningDelayed,
        "PAUSED" => ExecutionState.Paused,
        "SUCCESS" => ExecutionState.Success,
        "CANCELLED" => ExecutionState.Cancelled,
        "ERROR" => ExecutionState.Error,
        _ => ExecutionState.Unknown,
    };

    public static string Format(ExecutionState state) => state switch
    {
        ExecutionState.Idle => "IDLE",
        ExecutionState.Waiting => "WAITING",
        ExecutionState.Running => "RUNNING",
        ExecutionState.RunningDelayed => "RUNNING_DELAYED",
        ExecutionState.Paused => "PAUSED",
        ExecutionState.Success => "SUCCESS",
        ExecutionState.Cancelled => "CANCELLED",
        ExecutionState.Error => "ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a state Mistral accepts."),
    };
}
