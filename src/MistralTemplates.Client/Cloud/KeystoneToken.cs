using System;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>A token Keystone issued, with its scope and catalog. <see cref="ToString"/> leaves the token out.</summary>
internal sealed class KeystoneToken(string id, DateTimeOffset issuedAt, DateTimeOffset expiresAt, KeystoneScope scope, ServiceCatalog catalog)
{
    /// <summary>The token itself (secret).</summary>
    public string Id { get; } = id;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public KeystoneScope Scope { get; } = scope;

    public ServiceCatalog Catalog { get; } = catalog;

    /// <summary>
    /// Whether to keep using the token at <paramref name="now"/>: until it is within <paramref name="margin"/> of
    /// expiry, the margin shrunk to half the token's life so that short-lived tokens are still reused.
    /// </summary>
    public bool IsFresh(DateTimeOffset now, TimeSpan margin)
    {
        var halfLife = (ExpiresAt - IssuedAt) / 2;
        var effective = margin < halfLife ? margin : halfLife;
        if (effective < TimeSpan.Zero) effective = TimeSpan.Zero;
        return now < ExpiresAt - effective;
    }

    public override string ToString() => $"Keystone token for {Scope.Describe()}, expires {ExpiresAt:u}";
}
