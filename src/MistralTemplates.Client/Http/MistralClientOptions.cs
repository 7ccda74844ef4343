using System;

namespace MistralTemplates.Mistral.Http;

/// <summary>Where the Mistral API is, how to authenticate, and how hard to try.</summary>
public sealed class MistralClientOptions
{
    /// <summary>The API's base address, e.g. <c>http://127.0.0.1:8989</c> (a trailing <c>/v2</c> is accepted too).</summary>
    public Uri? Endpoint { get; set; }

    public MistralAuthentication Authentication { get; set; } = MistralAuthentication.None;

    public MistralResilienceOptions Resilience { get; set; } = new();

    /// <summary>Longest server message kept in exceptions; longer ones are shortened.</summary>
    public int MaxServerMessageLength { get; set; } = FaultText.DefaultMaxLength;

    internal Uri ApiRoot()
    {
        if (Endpoint is null)
            throw new InvalidOperationException("MistralClientOptions.Endpoint is not set: give the Mistral API address, e.g. http://127.0.0.1:8989.");
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The Mistral endpoint '{Endpoint}' is not an absolute http(s) address.");
        var path = Endpoint.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v2", StringComparison.Ordinal)) path += "/v2";
        return new UriBuilder(Endpoint) { Path = path + "/", Query = "" }.Uri;
    }
}

/// <summary>
/// Retries, timeouts and the circuit breaker. Retries apply to calls that are safe to repeat: reads, updates,
/// deletes, execution starts (they carry a client-chosen id) and creates (a retry that meets the object the lost
/// first attempt made compares it with what was asked).
/// </summary>
public sealed class MistralResilienceOptions
{
    /// <summary>Retries after the first attempt; 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff delay; it doubles per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool UseJitter { get; set; } = true;

    /// <summary>Wait as long as a 503's or 429's Retry-After says (capped by <see cref="MaxRetryDelay"/>).</summary>
    public bool HonourRetryAfter { get; set; } = true;

    /// <summary>Longest wait for one attempt's answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time for a whole call, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Open the circuit when this share of calls in <see cref="CircuitSamplingDuration"/> failed...</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many calls were made.</summary>
    public int CircuitMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before letting one through.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
