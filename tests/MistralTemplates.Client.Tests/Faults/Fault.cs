using System;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral.Tests.Faults;

/// <summary>What the proxy does to a request that a <see cref="FaultRule"/> picked.</summary>
public sealed class Fault
{
    /// <summary>A body shaped like the errors Mistral itself sends, so clients parse it the same way.</summary>
    public const string DefaultBody = "{\"faultstring\": \"Injected by the fault proxy\", \"debuginfo\": null}";

    private Fault(FaultKind kind, TimeSpan duration = default, int statusCode = 0, string? retryAfter = null, string body = "",
        Func<Task>? action = null)
    {
        Action = action;
        Kind = kind;
        Duration = duration;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        Body = body;
    }

    public FaultKind Kind { get; }
    /// <summary>How long <see cref="FaultKind.Delay"/> and <see cref="FaultKind.ForwardThenDelay"/> wait.</summary>
    public TimeSpan Duration { get; }
    public int StatusCode { get; }
    public string? RetryAfter { get; }
    public string Body { get; }
    /// <summary>What <see cref="FaultKind.ActThenDrop"/> and <see cref="FaultKind.ForwardThenAct"/> run.</summary>
    public Func<Task>? Action { get; }

    /// <summary>Answer with this status (and JSON body) without forwarding.</summary>
    public static Fault Status(int code, string? retryAfter = null, string body = DefaultBody) =>
        new(FaultKind.Status, statusCode: code, retryAfter: retryAfter, body: body);

    /// <summary>Do not forward; reset the client's connection.</summary>
    public static Fault Reset() => new(FaultKind.Reset);

    /// <summary>Wait, then forward; the wait ends early when the client gives up, and nothing is forwarded.</summary>
    public static Fault Delay(TimeSpan delay) => new(FaultKind.Delay, delay);

    /// <summary>Forward and read the upstream's whole answer, then reset the client's connection: the server acted, the client never hears of it.</summary>
    public static Fault ForwardThenDrop() => new(FaultKind.ForwardThenDrop);

    /// <summary>Forward, then hold the upstream's answer for a while before passing it on.</summary>
    public static Fault ForwardThenDelay(TimeSpan delay) => new(FaultKind.ForwardThenDelay, delay);

    /// <summary>Run <paramref name="action"/> (e.g. kill the client process) before anything is forwarded, then reset the connection.</summary>
    public static Fault ActThenDrop(Func<Task> action) => new(FaultKind.ActThenDrop, action: action);

    /// <summary>Forward, send the whole answer to the client, then run <paramref name="action"/> (e.g. kill the client process).</summary>
    public static Fault ForwardThenAct(Func<Task> action) => new(FaultKind.ForwardThenAct, action: action);

    public override string ToString() => Kind switch
    {
        FaultKind.Status => $"status {StatusCode}",
        FaultKind.Reset => "reset",
        FaultKind.Delay => $"delay {Duration.TotalMilliseconds}ms",
        FaultKind.ForwardThenDrop => "forward-then-drop",
        FaultKind.ForwardThenDelay => $"forward-then-delay {Duration.TotalMilliseconds}ms",
        FaultKind.ActThenDrop => "act-then-drop",
        FaultKind.ForwardThenAct => "forward-then-act",
        _ => Kind.ToString(),
    };
}

public enum FaultKind
{
    Status,
    Reset,
    Delay,
    ForwardThenDrop,
    ForwardThenDelay,
    ActThenDrop,
    ForwardThenAct,
}
