using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// Mistral's std actions: each with the parameters of its Python class (so bad input gets the server's message) and
/// what it does. std.email and the ssh actions are not provided: they would need a mail server or remote hosts.
/// </summary>
internal static class StandardActions
{
    private const string Module = "mistral.actions.std_actions.";

    private static readonly ActionParameters HttpParameters = ActionParameters.Of(Module + "HTTPAction",
        "url", "method?", "params?", "body?", "json?", "headers?", "cookies?", "auth?", "timeout?", "allow_redirects?", "proxies?", "verify?");

    private static readonly Dictionary<string, ActionParameters> Parameters = new(StringComparer.Ordinal)
    {
        ["std.echo"] = ActionParameters.Of(Module + "EchoAction", "output", "delay?"),
        ["std.noop"] = ActionParameters.Of(Module + "NoOpAction"),
        ["std.async_noop"] = ActionParameters.Of(Module + "AsyncNoOpAction"),
        ["std.fail"] = ActionParameters.Of(Module + "FailAction", "error_data?"),
        ["std.sleep"] = ActionParameters.Of(Module + "SleepAction", "seconds?"),
        ["std.test_dict"] = ActionParameters.Of(Module + "TestDictAction", "size?", "key_prefix?", "val?"),
        ["std.http"] = HttpParameters,
        ["std.mistral_http"] = HttpParameters with { ClassName = Module + "MistralHTTPAction" },
        ["std.javascript"] = ActionParameters.Of(Module + "JavaScriptAction", "script", "context?"),
    };

    /// <summary>The std actions that finish at once without leaving the process: std.echo, std.noop, std.fail.</summary>
    public static bool Exists(string name) => name is "std.echo" or "std.noop" or "std.fail";

    /// <summary>Every std action this engine provides.</summary>
    public static bool Provides(string name) => Parameters.ContainsKey(name);

    public static IEnumerable<string> Names => Parameters.Keys;

    /// <summary>Runs std.echo (without its delay), std.noop or std.fail at once.</summary>
    public static ActionOutcome Run(string name, IReadOnlyDictionary<string, object?> input, string actionExecutionId)
    {
        if (Parameters[name].Check(name, input) is { } refusal) return ActionOutcome.InvalidInput(refusal);
        return name switch
        {
            "std.echo" => ActionOutcome.Ok(ActionInput.Get(input, "output")),
            "std.noop" => ActionOutcome.Ok(null),
            _ => Fail(input, actionExecutionId),
        };
    }

    public static async Task<ActionOutcome> RunAsync(
        string name, IReadOnlyDictionary<string, object?> input, ActionContext context, ActionServices services, CancellationToken cancellationToken)
    {
        if (Parameters[name].Check(name, input) is { } refusal) return ActionOutcome.InvalidInput(refusal);
        switch (name)
        {
            case "std.echo":
                await Delay(ActionInput.Seconds(ActionInput.Get(input, "delay"), whole: false), services.Time, cancellationToken);
                return ActionOutcome.Ok(ActionInput.Get(input, "output"));
            case "std.noop":
                return ActionOutcome.Ok(null);
            case "std.async_noop":
                return ActionOutcome.Later();
            case "std.fail":
                return Fail(input, context.ActionExecutionId);
            case "std.sleep":
                var seconds = input.TryGetValue("seconds", out var given) ? ActionInput.Seconds(given, whole: true) : 1;
                await Delay(seconds, services.Time, cancellationToken);
                return ActionOutcome.Ok(null);
            case "std.test_dict":
                return TestDict(input);
            case "std.javascript":
                return JavaScriptAction.Run(input, context.ActionExecutionId, cancellationToken);
            case "std.http":
                return await services.Http.RunAsync(input, context, callbackHeaders: false, cancellationToken);
            default:
                // std.mistral_http: the request carries the callback headers and the result comes later.
                var sent = await services.Http.RunAsync(input, context, callbackHeaders: true, cancellationToken);
                return sent.Succeeded ? ActionOutcome.Later() : sent;
        }
    }

    // With error_data the action's error is that data (state_info is its Python text); without, an exception.
    private static ActionOutcome Fail(IReadOnlyDictionary<string, object?> input, string actionExecutionId)
    {
        var data = ActionInput.Get(input, "error_data");
        return IsTruthy(data)
            ? ActionOutcome.Failed(ExpressionValues.Str(data))
            : ActionOutcome.Raised("Fail action", actionExecutionId, "Fail action expected exception.");
    }

    private static ActionOutcome TestDict(IReadOnlyDictionary<string, object?> input)
    {
        var size = ActionInput.Get(input, "size") is long count ? count : 0;
        var prefix = ExpressionValues.Str(ActionInput.Get(input, "key_prefix") ?? "");
        var value = input.TryGetValue("val", out var given) ? given : "";
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < size; i++) result[prefix + i] = value;
        return ActionOutcome.Ok(result);
    }

    private static Task Delay(double seconds, TimeProvider time, CancellationToken cancellationToken) =>
        seconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken);

    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        long number => number != 0,
        double number => number != 0,
        string text => text.Length > 0,
        System.Collections.ICollection items => items.Count > 0,
        _ => true,
    };
}
