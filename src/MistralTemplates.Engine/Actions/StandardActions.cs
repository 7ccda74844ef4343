using System.Collections.Generic;

namespace MistralTemplates.Engine.Actions;

/// <summary>The std actions that need nothing outside the process: std.echo, std.noop and std.fail.</summary>
internal static class StandardActions
{
    public static bool Exists(string name) => name is "std.echo" or "std.noop" or "std.fail";

    public static ActionOutcome Run(string name, IReadOnlyDictionary<string, object?> input, string actionExecutionId) => name switch
    {
        "std.echo" => ActionOutcome.Ok(input.TryGetValue("output", out var output) ? output : null),
        "std.noop" => ActionOutcome.Ok(null),
        // The server's std.fail ignores its error_data for the message; the text is the server's.
        _ => ActionOutcome.Failed(
            $"The action raised an exception [action=Fail action, action_ex_id={actionExecutionId}, msg='Fail action expected exception.']"),
    };
}
