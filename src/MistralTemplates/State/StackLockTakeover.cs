using System;

namespace MistralTemplates.State;

/// <summary>Why a run could take a lock that another holder had.</summary>
public enum LockTakeoverReason
{
    /// <summary>The holder did not renew it within its lease: it died, or lost touch with the store.</summary>
    LeaseRanOut,

    /// <summary>The holder ran on this host and that process is gone (killed, crashed), so its lease need not be waited out.</summary>
    HolderGone,

    /// <summary>Taken on request (<c>--break-lock</c>, <c>state unlock</c>) while its lease still ran.</summary>
    Broken,
}

/// <summary>A lock that was taken from another holder when this run acquired it.</summary>
/// <param name="Stack">The stack whose lock it is.</param>
/// <param name="PreviousHolder">Who held it, as that run described itself.</param>
/// <param name="LeaseEnd">When its lease ended or would have ended (the store's clock).</param>
/// <param name="Reason">Why it could be taken.</param>
public sealed record StackLockTakeover(string Stack, string PreviousHolder, DateTimeOffset LeaseEnd, LockTakeoverReason Reason)
{
    /// <summary>One line for the user.</summary>
    public override string ToString() => Reason switch
    {
        LockTakeoverReason.HolderGone =>
            $"Took over the lock of stack '{Stack}' from '{PreviousHolder}': that process no longer runs on this host.",
        LockTakeoverReason.LeaseRanOut =>
            $"Took over the lock of stack '{Stack}' from '{PreviousHolder}': its lease ran out at {Utc(LeaseEnd)} without being renewed.",
        _ =>
            $"Broke the lock of stack '{Stack}' held by '{PreviousHolder}', whose lease ran until {Utc(LeaseEnd)}. " +
            "If that run is still working, it stops at its next lock renewal.",
    };

    internal static string Utc(DateTimeOffset time) => UtcTimestamp.Text(time);
}
