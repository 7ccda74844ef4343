using System;
using System.Globalization;
using System.Text.Json.Nodes;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Hosting;

namespace MistralTemplates.State;

/// <summary>
/// What a lock environment holds: who has the lock, the token of this holding (new at every acquire or takeover,
/// never reused), the lease, and the holding process (so a run on the same host can tell that it died). The times
/// are the holder's clock and only informative.
/// </summary>
internal sealed record LockState(string Holder, string Token, TimeSpan Lease, DateTimeOffset AcquiredAt, DateTimeOffset RenewedAt,
    HolderProcess? Process = null)
{
    public JsonObject ToVariables()
    {
        var variables = new JsonObject
        {
            ["holder"] = Holder,
            ["token"] = Token,
            ["lease_ms"] = (long)Lease.TotalMilliseconds,
            ["acquired_at"] = AcquiredAt.ToString("O", CultureInfo.InvariantCulture),
            // Changes at every renew, so the server moves the environment's updated_at (an identical PUT leaves it).
            ["renewed_at"] = RenewedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        Process?.WriteTo(variables);
        return variables;
    }

    public static LockState? FromVariables(JsonNode? variables)
    {
        if (variables is not JsonObject o) return null;
        try
        {
            if (o["holder"]?.GetValue<string>() is not { } holder || o["token"]?.GetValue<string>() is not { } token ||
                o["lease_ms"]?.GetValue<long>() is not { } leaseMs || leaseMs <= 0)
                return null;
            var acquired = Time(o["acquired_at"]) ?? DateTimeOffset.MinValue;
            return new LockState(holder, token, TimeSpan.FromMilliseconds(leaseMs), acquired, Time(o["renewed_at"]) ?? acquired,
                HolderProcess.ReadFrom(o));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
}

/// <summary>A lock environment as read from the service: its state and when the service last wrote it.</summary>
internal sealed record LockView(MistralEnvironment Environment, LockState State)
{
    /// <summary>The service's timestamps are whole seconds: a write stamped t happened before t + 1 s.</summary>
    public static readonly TimeSpan ClockResolution = TimeSpan.FromSeconds(1);

    public string Token => State.Token;

    public string Holder => State.Holder;

    /// <summary>The last acquire or renew, by the service's clock.</summary>
    public DateTimeOffset LastWrite => LastWriteOf(Environment);

    /// <summary>From this time on (the service's clock) the lease has surely run out.</summary>
    public DateTimeOffset ExpiresAt => LastWrite + State.Lease + ClockResolution;

    public bool ExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>The holding process ran on this host and is gone: nobody will renew or release this lock.</summary>
    public bool HolderIsGone() => State.Process?.IsGoneFromThisHost() ?? false;

    public static DateTimeOffset LastWriteOf(MistralEnvironment environment) =>
        environment.UpdatedAt ?? environment.CreatedAt ?? DateTimeOffset.MinValue;
}
