using System;
using System.Globalization;
using MistralTemplates.State;

namespace MistralTemplates.Webhooks;

/// <summary>
/// What signs a stack's signal URLs: its secret and the public base URL the gateway is reached at. Both live in the
/// stack's record, so every deploy and the gateway agree on them.
/// </summary>
public sealed record StackWebhook(string StackName, string Secret, Uri PublicBase)
{
    /// <summary>The stack's webhook, or null when its record has no secret (written before signal URLs existed).</summary>
    public static StackWebhook? Of(StackRecord record) =>
        record.SignalSecret is { } secret
            ? new StackWebhook(record.StackName, secret, PublicUrl.Parse(record.PublicUrl ?? PublicUrl.Default.ToString()))
            : null;

    /// <summary>
    /// <c>{base}/v1/signals/{stack}/{resource}?signature=…</c>, with <c>expires=</c> (unix seconds) first when it
    /// expires; without an expiry it stays valid until the stack is destroyed or its secret changes.
    /// </summary>
    public Uri SignalUrl(string resource, DateTimeOffset? expires = null)
    {
        var seconds = expires?.ToUnixTimeSeconds();
        var signature = SignalSignature.Compute(Secret, StackName, resource, seconds);
        var query = seconds is { } s ? $"?expires={s.ToString(CultureInfo.InvariantCulture)}&signature={signature}" : $"?signature={signature}";
        return new Uri($"{PublicBase.AbsoluteUri.TrimEnd('/')}/v1/signals/{Uri.EscapeDataString(StackName)}/{Uri.EscapeDataString(resource)}{query}");
    }
}

/// <summary>The base URL signal URLs are handed out with: where the gateway (<c>serve</c>) is reached from outside.</summary>
public static class PublicUrl
{
    public const string EnvironmentVariable = "MISTRALTEMPLATES_PUBLIC_URL";

    public static readonly Uri Default = new("http://127.0.0.1:8080/");

    /// <summary>The given URL, else <c>$MISTRALTEMPLATES_PUBLIC_URL</c>, else the one the stack has, else <see cref="Default"/>.</summary>
    /// <exception cref="ArgumentException">A URL that is not absolute http(s), or carries a query or fragment.</exception>
    public static Uri Resolve(Uri? given, string? recorded)
    {
        if (given is not null) return Parse(given.OriginalString);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Parse(fromEnvironment, EnvironmentVariable);
        return recorded is null ? Default : Parse(recorded);
    }

    /// <exception cref="ArgumentException">A URL that is not absolute http(s), or carries a query or fragment.</exception>
    public static Uri Parse(string text, string what = "the public URL")
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ArgumentException($"{what} '{text}' is not an http(s) URL without query, e.g. https://hooks.example.com or http://127.0.0.1:8080.");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
