using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Mistral.Http;

/// <summary>Where the Mistral API is, how to authenticate, and how hard to try.</summary>
public sealed class MistralClientOptions
{
    /// <summary>
    /// The API's base address, e.g. <c>http://127.0.0.1:8989</c> (a trailing <c>/v2</c> is accepted too).
    /// <see langword="null"/> with <see cref="KeystoneAuthentication"/> takes it from the token's service catalog.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>How requests prove who sends them; <see cref="MistralAuthentication.None"/> by default.</summary>
    public MistralAuthentication Authentication { get; set; } = MistralAuthentication.None;

    /// <summary>Retries, timeouts and the circuit breaker.</summary>
    public MistralResilienceOptions Resilience { get; set; } = new();

    /// <summary>How HTTPS connections to Mistral are checked (CA bundle, client certificate, insecure).</summary>
    public MistralTlsOptions Tls { get; set; } = new();

    /// <summary>Longest server message kept in exceptions; longer ones are shortened.</summary>
    public int MaxServerMessageLength { get; set; } = FaultText.DefaultMaxLength;

    /// <summary>
    /// Options for the cloud <paramref name="cloud"/> describes: Keystone sign-in (<see cref="KeystoneAuthentication"/>)
    /// unless its <c>auth_type</c> is <c>none</c>/<c>noauth</c>, its TLS settings, and its Mistral endpoint:
    /// <see cref="CloudSettings.WorkflowEndpointOverride"/> when set, else the token's service catalog, looked up on the
    /// first request. Nothing is sent here; settings that cannot sign in throw <see cref="CloudSettingsException"/>.
    /// </summary>
    public static MistralClientOptions ForCloud(CloudSettings cloud, KeystoneOptions? keystone = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var options = new MistralClientOptions
        {
            Endpoint = cloud.WorkflowEndpointOverride,
            Tls = MistralTlsOptions.From(cloud),
        };
        if (KeystoneSignIn.IsNoAuth(cloud))
        {
            if (cloud.WorkflowEndpointOverride is null)
                throw new CloudSettingsException((cloud.CloudName is { } name ? $"Cloud '{name}': " : "") +
                    "auth_type none has no service catalog to find Mistral in: give the Mistral endpoint " +
                    "(--endpoint, MISTRAL_URL or workflow_endpoint_override).");
            return options;
        }
        options.Authentication = new KeystoneAuthentication(cloud, keystone);
        return options;
    }

    /// <summary>
    /// The API root every path is relative to: <see cref="Endpoint"/>, or the catalog's on first use. A missing or
    /// malformed address with nothing to look it up fails here, when the client is made.
    /// </summary>
    internal MistralApiRoot ApiRoot()
    {
        if (Endpoint is null && Authentication is KeystoneAuthentication keystone)
            return new MistralApiRoot(async cancellationToken =>
                Normalize(await keystone.GetWorkflowEndpointAsync(cancellationToken).ConfigureAwait(false)));
        if (Endpoint is null)
            throw new InvalidOperationException("MistralClientOptions.Endpoint is not set: give the Mistral API address, e.g. http://127.0.0.1:8989.");
        return new MistralApiRoot(Normalize(Endpoint));
    }

    /// <summary>Names the server for messages: its address, or that it comes from the catalog.</summary>
    internal string Describe() => Endpoint is { } endpoint ? $"Mistral at {endpoint}" : "Mistral at the catalog's workflow endpoint";

    private static Uri Normalize(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The Mistral endpoint '{endpoint}' is not an absolute http(s) address.");
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v2", StringComparison.Ordinal)) path += "/v2";
        return new UriBuilder(endpoint) { Path = path + "/", Query = "" }.Uri;
    }
}

/// <summary>
/// The Mistral API root: known from the start, or looked up once (the service catalog) on the first call and kept.
/// A failed lookup is not kept, so the next call tries again.
/// </summary>
internal sealed class MistralApiRoot
{
    private readonly Func<CancellationToken, ValueTask<Uri>>? _lookup;
    private Uri? _known;

    public MistralApiRoot(Uri known) => _known = known;

    public MistralApiRoot(Func<CancellationToken, ValueTask<Uri>> lookup) => _lookup = lookup;

    /// <summary>The root, or null while it has not been looked up yet.</summary>
    public Uri? Known => Volatile.Read(ref _known);

    public async ValueTask<Uri> GetAsync(CancellationToken cancellationToken)
    {
        if (Known is { } known) return known;
        var found = await _lookup!(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _known, found);
        return found;
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
