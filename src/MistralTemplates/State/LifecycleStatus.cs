using System.Text.Json;
using System.Text.Json.Serialization;

namespace MistralTemplates.State;

/// <summary>
/// Where a stack or one of its resources stands, spelled as Heat spells it (<c>CREATE_COMPLETE</c>). An
/// <c>IN_PROGRESS</c> status left in a record means the run that wrote it stopped before finishing that step.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LifecycleStatus>))]
public enum LifecycleStatus
{
    [JsonStringEnumMemberName("CREATE_IN_PROGRESS")] CreateInProgress,
    [JsonStringEnumMemberName("CREATE_COMPLETE")] CreateComplete,
    [JsonStringEnumMemberName("CREATE_FAILED")] CreateFailed,
    [JsonStringEnumMemberName("UPDATE_IN_PROGRESS")] UpdateInProgress,
    [JsonStringEnumMemberName("UPDATE_COMPLETE")] UpdateComplete,
    [JsonStringEnumMemberName("UPDATE_FAILED")] UpdateFailed,
    [JsonStringEnumMemberName("DELETE_IN_PROGRESS")] DeleteInProgress,
    [JsonStringEnumMemberName("DELETE_COMPLETE")] DeleteComplete,
    [JsonStringEnumMemberName("DELETE_FAILED")] DeleteFailed,
    [JsonStringEnumMemberName("ROLLBACK_IN_PROGRESS")] RollbackInProgress,
    [JsonStringEnumMemberName("ROLLBACK_COMPLETE")] RollbackComplete,
    [JsonStringEnumMemberName("ROLLBACK_FAILED")] RollbackFailed,
}

public static class LifecycleStatusExtensions
{
    public static bool IsInProgress(this LifecycleStatus status) => status is LifecycleStatus.CreateInProgress
        or LifecycleStatus.UpdateInProgress or LifecycleStatus.DeleteInProgress or LifecycleStatus.RollbackInProgress;

    public static bool IsFailed(this LifecycleStatus status) => status is LifecycleStatus.CreateFailed
        or LifecycleStatus.UpdateFailed or LifecycleStatus.DeleteFailed or LifecycleStatus.RollbackFailed;

    /// <summary>Heat's spelling, e.g. <c>CREATE_COMPLETE</c>: the same text the record's JSON holds.</summary>
    public static string ToHeatName(this LifecycleStatus status) =>
        JsonSerializer.SerializeToElement(status, StackStateJsonContext.Default.LifecycleStatus).GetString()!;
}
