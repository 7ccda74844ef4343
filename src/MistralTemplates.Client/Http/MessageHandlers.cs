using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// Applies <see cref="MistralAuthentication"/> to each attempt. A 401 means the credentials went stale (an expired or
/// revoked token): they are renewed once and the request sent once more. A 403 is an answer about rights, not
/// credentials, and is returned as it is.
/// </summary>
internal sealed class AuthenticationHandler(MistralAuthentication authentication) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await authentication.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized ||
            !await authentication.RenewAsync(request, response.StatusCode, cancellationToken).ConfigureAwait(false))
            return response;
        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Counts the attempts of one call (it sits inside the retry handler). A create that meets 409 or a delete that meets
/// 404 means something different on a retry: the lost first attempt may have done the work.
/// </summary>
internal sealed class AttemptCountingHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<AttemptCounter> Key = new("MistralTemplates.Attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var counter)) counter.Increment();
        return base.SendAsync(request, cancellationToken);
    }
}

internal sealed class AttemptCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}

internal static class PrimaryHandler
{
    /// <summary>The socket handler every client uses: pooled connections renewed every few minutes (DNS changes).</summary>
    public static SocketsHttpHandler Create() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    /// <summary>
    /// The same handler with the TLS settings applied; <paramref name="service"/> names the server in warnings, which
    /// go to standard error when <paramref name="logger"/> is null.
    /// </summary>
    public static SocketsHttpHandler Create(MistralTlsOptions tls, ILogger? logger, string service)
    {
        var handler = Create();
        tls.ApplyTo(handler, logger, service);
        return handler;
    }
}
