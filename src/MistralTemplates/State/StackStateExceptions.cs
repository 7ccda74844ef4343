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
        $"Stack '{stack}' is locked by '{holder}' until {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" +
        (detail is null ? "" : $" ({detail})") +
        ". Wait for that run to finish; if it died, its lock expires then and the next run takes it over.")
{
    public string Holder { get; } = holder;

    /// <summary>When the lock can be taken over unless its holder renews it before (the store's clock).</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
}

/// <summary>
/// The lock is no longer this holder's: its lease ran out and another run took it over. Stop changing the stack.
/// </summary>
public sealed class StackLockLostException(string stack, string holder, string? newHolder)
    : StackStateException(stack,
        $"The lock on stack '{stack}' held by '{holder}' was lost: its lease ran out before it was renewed" +
        (newHolder is null ? "" : $", and '{newHolder}' holds it now") + ". Stop changing the stack and run again.")
{
    public string Holder { get; } = holder;

    /// <summary>Who holds the lock now, when known.</summary>
    public string? NewHolder { get; } = newHolder;
}
