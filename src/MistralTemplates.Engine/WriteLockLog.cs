using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace MistralTemplates.Engine;

/// <summary>
/// A measurement aid, off unless the environment variable <c>MISTRAL_ENGINE_LOCK_LOG</c> names a file: each write
/// transaction then appends one line to it with this process's id, how long it waited for the write lock, how long
/// it held it, and what kind of change each work in it was (the method that queued it). Many processes may append
/// to the same file; each line is written at once in one call.
/// </summary>
internal sealed class WriteLockLog
{
    private static readonly string? FilePath = Environment.GetEnvironmentVariable("MISTRAL_ENGINE_LOCK_LOG") is { Length: > 0 } path ? path : null;
    private static readonly object FileGate = new();

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _locked;

    /// <summary>A log for one write transaction beginning now; null (nothing measured) when the log is off.</summary>
    public static WriteLockLog? Start() => FilePath is null ? null : new WriteLockLog();

    /// <summary>The write lock was taken.</summary>
    public void Locked() => _locked = Stopwatch.GetTimestamp();

    /// <summary>The transaction committed: writes its line.</summary>
    public void Committed(IEnumerable<string> kinds)
    {
        var committed = Stopwatch.GetTimestamp();
        var line = FormattableString.Invariant(
            $"{Environment.ProcessId}\twait_ms={Stopwatch.GetElapsedTime(_started, _locked).TotalMilliseconds:0.###}\thold_ms={Stopwatch.GetElapsedTime(_locked, committed).TotalMilliseconds:0.###}\t{string.Join(",", kinds)}\n");
        lock (FileGate) File.AppendAllText(FilePath!, line);
    }

    /// <summary>Names a queued change by the method that queued it (<c>ExecutionRunner.StepAsync</c>), lambdas included.</summary>
    public static string KindOf(Delegate work)
    {
        var type = work.Method.DeclaringType;
        while (type?.DeclaringType is not null && type.Name.StartsWith('<')) type = type.DeclaringType;
        var method = work.Method.Name;
        // A lambda's compiled name is "<Enclosing>b__N_M".
        if (method.StartsWith('<') && method.IndexOf('>') is var end and > 1) method = method[1..end];
        return $"{type?.Name}.{method}";
    }
}
