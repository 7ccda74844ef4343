namespace MistralTemplates.Engine.Actions;

/// <summary>
/// What an action gave back: its result, the reason it failed (the task's state_info), or — for asynchronous
/// actions such as std.async_noop — nothing yet: the result arrives later through
/// <see cref="MistralTemplates.Mistral.IActionExecutions.CompleteAsync"/>.
/// </summary>
internal sealed record ActionOutcome(bool Succeeded, object? Result, string? Error, bool Pending = false)
{
    public static ActionOutcome Ok(object? result) => new(true, result, null);
    public static ActionOutcome Failed(string error) => new(false, null, error);
    public static ActionOutcome Later() => new(false, null, null, Pending: true);
}
