using System;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// A token Keystone issued, with its scope and catalog. Its expiry is kept on the local clock (received at, plus the
/// life Keystone gave it), so a clock that differs from Keystone's does not make a token look stale or fresh.
/// <see cref="ToString"/> leaves the token out.
/// </summary>
internal sealed class KeystoneToken(string id, DateTimeOffset receivedAt, TimeSpan lifetime, KeystoneScope scope, ServiceCatalog catalog)
{
    /// <summary>The token itself (secret).</summary>
    public string Id { get; } = id;

    /// <summary>How long Keystone let the token live.</summary>
    public TimeSpan Lifetime { get; } = lifetime;

    /// <summary>When the token expires, on the local clock.</summary>
    public DateTimeOffset ExpiresAt { get; } = receivedAt + lifetime;

    public KeystoneScope Scope { get; } = scope;

    public ServiceCatalog Catalog { get; } = catalog;

    /// <summary>
    /// Whether to keep using the token at <paramref name="now"/>: until it is within <paramref name="margin"/> of
    /// expiry, the margin shrunk to half the token's life so that short-lived tokens are still reused.
    /// </summary>
    public bool IsFresh(DateTimeOffset now, TimeSpan margin)
    {
        var halfLife = Lifetime / 2;
        var effective = margin < halfLife ? margin : halfLife;
        if (effective < TimeSpan.Zero) effective = TimeSpan.Zero;
        return now < ExpiresAt - effective;
    }

    public override string ToString() => $"Keystone token for {Scope.Describe()}, expires {ExpiresAt:u}";
}
