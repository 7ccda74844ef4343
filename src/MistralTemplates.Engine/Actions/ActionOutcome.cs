namespace MistralTemplates.Engine.Actions;

/// <summary>
/// What an action gave back: its result, the reason it failed (the task's state_info), or — for asynchronous
/// actions such as std.async_noop — nothing yet: the result arrives later through
/// <see cref="MistralTemplates.Mistral.IActionExecutions.CompleteAsync"/>.
/// </summary>
/// <param name="InputRefused">
/// The action never ran because its input does not fit its parameters. Mistral fails the whole workflow for this
/// ("Failed to run task [error=..., wf=..., task=...]") instead of only the task, and a direct run is refused.
/// </param>
internal sealed record ActionOutcome(bool Succeeded, object? Result, string? Error, bool Pending = false, bool InputRefused = false)
{
    public static ActionOutcome Ok(object? result) => new(true, result, null);
    public static ActionOutcome Failed(string error) => new(false, null, error);
    public static ActionOutcome Later() => new(false, null, null, Pending: true);
    public static ActionOutcome InvalidInput(string error) => new(false, null, error, InputRefused: true);

    /// <summary>The server's text for an exception raised inside an action.</summary>
    public static ActionOutcome Raised(string action, string actionExecutionId, string message) =>
        Failed($"The action raised an exception [action={action}, action_ex_id={actionExecutionId}, msg='{message}']");
}
