using System;

namespace MistralTemplates.State;

/// <summary>A stack's state could not be read or written as asked.</summary>
public class StackStateException : Exception
{
    public StackStateException(string stack, string message, Exception? innerException = null)
        : base(message, innerException) => Stack = stack;

    public string Stack { get; }
}

/// <summary>
/// A save was refused because the store holds another version than the one the record follows: another run wrote
/// the stack since this one read it.
/// </summary>
public sealed class StackStateConflictException(string stack, int expectedVersion, int? storedVersion)
    : StackStateException(stack,
        $"Stack '{stack}' was changed by another run: saving version {expectedVersion + 1} needs version " +
        $"{expectedVersion} in the store, but it holds {(storedVersion is { } v ? "version " + v : "no record")}. " +
        "Read the stack again and repeat the step.")
{
    /// <summary>The version the save expected to replace (0: none).</summary>
    public int ExpectedVersion { get; } = expectedVersion;

    /// <summary>The version the store holds; null when it holds no record.</summary>
    public int? StoredVersion { get; } = storedVersion;
}

/// <summary>Another holder has the stack's lock and its lease still runs.</summary>
public sealed class StackLockedException(string stack, string holder, DateTimeOffset expiresAt, string? detail = null)
    : StackStateException(stack,
        $"Stack '{stack}' is locked by '{holder}' until {StackLockTakeover.Utc(expiresAt)}" +
        (detail is null ? "" : $" ({detail})") +
        ". If that run is still working, wait for it to finish. If it died, the next run takes the lock over once the " +
        "lease has run out (at once when it ran on this host); to take it now, run again with --break-lock (deploy, " +
        "destroy) or run `state unlock`.")
{
    public string Holder { get; } = holder;

    /// <summary>When the lock can be taken over unless its holder renews it before (the store's clock).</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
}

/// <summary>
/// The lock is no longer this holder's: another run took it over (its lease ran out, or it was broken), or it could
/// not be renewed before its lease ran out. Stop changing the stack.
/// </summary>
public sealed class StackLockLostException(string stack, string holder, string? newHolder, string? reason = null)
    : StackStateException(stack,
        $"The lock on stack '{stack}' held by '{holder}' was lost: " +
        (reason ?? "another run took it over (its lease had run out, or it was broken)") +
        (newHolder is null ? "" : $", and '{newHolder}' holds it now") +
        ". This run stopped before its next change; what it finished is recorded. Run again to finish the job.")
{
    public string Holder { get; } = holder;

    /// <summary>Who holds the lock now, when known.</summary>
    public string? NewHolder { get; } = newHolder;
}

/// <summary>
/// The stored record of a stack cannot be read: it is not the shape this version writes (a part is missing or of the
/// wrong kind). The message names the stack and what is wrong; <c>state show</c> fails the same way, so repair the
/// record in the store or delete it (its resources then have to be removed by hand).
/// </summary>
public sealed class StackRecordException(string stack, string recordName, string problem, Exception? innerException = null)
    : StackStateException(stack,
        $"The record of stack '{stack}' ('{recordName}') cannot be read: {problem}. Nothing was changed. Repair the record in the " +
        $"store (the Mistral environment '{recordName}'), or delete that environment to forget the stack (what it made then has to be removed by hand).",
        innerException)
{
    /// <summary>Where the record is kept (the Mistral environment's name).</summary>
    public string RecordName { get; } = recordName;

    /// <summary>What is wrong with it, e.g. <c>it has no 'resources'</c>.</summary>
    public string Problem { get; } = problem;
}
