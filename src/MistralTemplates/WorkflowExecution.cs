using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Mistral;

namespace MistralTemplates;

/// <summary>
/// One execution of a workflow: the shape the typed API returns, the <c>executions</c> attribute lists and the command
/// line prints (<see cref="ToJson"/>). Input and output are JSON values, not the strings Mistral sends.
/// </summary>
public sealed record WorkflowExecution
{
    public required string Id { get; init; }

    /// <summary>The full name the workflow is registered under, <c>&lt;stack&gt;.&lt;resource&gt;.&lt;workflow&gt;</c>.</summary>
    public required string WorkflowName { get; init; }

    public ExecutionState State { get; init; }

    /// <summary>Why the execution is in its state; for <see cref="ExecutionState.Error"/>, the reason it failed.</summary>
    public string? StateInfo { get; init; }

    public JsonNode? Input { get; init; }

    /// <summary>The workflow's output, once it completed.</summary>
    public JsonNode? Output { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>True once the execution is in a state it never leaves (success, error, cancelled).</summary>
    public bool IsCompleted => State.IsCompleted();

    /// <summary>How outputs are read by default: Mistral's snake_case names onto C# PascalCase members.</summary>
    public static JsonSerializerOptions OutputOptions { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The whole output read as <typeparamref name="T"/>, e.g. a record with one property per output key.</summary>
    public T? GetOutput<T>(JsonSerializerOptions? options = null) =>
        Output is null ? default : Output.Deserialize<T>(options ?? OutputOptions);

    /// <summary>The output key <paramref name="name"/> read as <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">The output has no such key; the message lists the keys it has.</exception>
    public T? GetOutput<T>(string name, JsonSerializerOptions? options = null)
    {
        if (Output is JsonObject output && output.TryGetPropertyValue(name, out var value))
            return value is null ? default : value.Deserialize<T>(options ?? OutputOptions);
        var keys = (Output as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        throw new KeyNotFoundException($"The output of execution {Id} ({StateName(State)}) has no '{name}'; " +
            (keys.Count == 0 ? "it has no keys." : $"it has: {string.Join(", ", keys)}."));
    }

    /// <summary>The execution as the workflow service reports it.</summary>
    public static WorkflowExecution From(Execution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return new WorkflowExecution
        {
            Id = execution.Id,
            WorkflowName = execution.WorkflowName ?? "",
            State = execution.State,
            StateInfo = execution.StateInfo,
            Input = execution.Input?.DeepClone(),
            Output = execution.Output?.DeepClone(),
            CreatedAt = execution.CreatedAt,
            UpdatedAt = execution.UpdatedAt,
        };
    }

    /// <summary>The JSON form: snake_case keys, state by Mistral's name, UTC timestamps with a Z.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["workflow_name"] = WorkflowName,
        ["state"] = StateName(State),
        ["state_info"] = StateInfo,
        ["input"] = Input?.DeepClone(),
        ["output"] = Output?.DeepClone(),
        ["created_at"] = CreatedAt is { } created ? UtcTimestamp.Text(created) : null,
        ["updated_at"] = UpdatedAt is { } updated ? UtcTimestamp.Text(updated) : null,
    };

    /// <summary>Reads the JSON form back.</summary>
    public static WorkflowExecution FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new WorkflowExecution
        {
            Id = Text(json, "id") ?? "",
            WorkflowName = Text(json, "workflow_name") ?? "",
            State = Known.FirstOrDefault(s => s.ToMistralName() == Text(json, "state")),
            StateInfo = Text(json, "state_info"),
            Input = json["input"]?.DeepClone(),
            Output = json["output"]?.DeepClone(),
            CreatedAt = Time(json, "created_at"),
            UpdatedAt = Time(json, "updated_at"),
        };
    }

    /// <summary>The states Mistral names; a name none of them has reads as <see cref="ExecutionState.Unknown"/>.</summary>
    private static readonly ExecutionState[] Known = Enum.GetValues<ExecutionState>().Where(s => s != ExecutionState.Unknown).ToArray();

    private static string StateName(ExecutionState state) => state == ExecutionState.Unknown ? "UNKNOWN" : state.ToMistralName();

    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Time(JsonObject json, string key) =>
        Text(json, key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
