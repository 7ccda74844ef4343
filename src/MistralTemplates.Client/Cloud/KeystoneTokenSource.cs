using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// The token of one identity and scope, shared by the whole process: every client signing in the same way to the same
/// Keystone reuses it, and concurrent first requests wait for one sign-in. Renewed when it nears expiry or when a
/// service refuses it. A refused sign-in is not retried: the caller gets Keystone's reason at once.
/// </summary>
internal sealed class KeystoneTokenSource
{
    private static readonly ConcurrentDictionary<string, KeystoneTokenSource> Shared = new(StringComparer.Ordinal);

    private readonly KeystoneSignIn _signIn;
    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;
    private readonly string _cloudLabel;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeystoneToken? _current;

    private KeystoneTokenSource(KeystoneSignIn signIn, HttpClient http, TimeSpan requestTimeout, string cloudLabel, TimeProvider clock)
    {
        _clock = clock;
        _signIn = signIn;
        _http = http;
        _requestTimeout = requestTimeout;
        _cloudLabel = cloudLabel;
    }

    public KeystoneSignIn SignIn => _signIn;

    /// <summary>
    /// The process's source for <paramref name="signIn"/>'s identity and scope (the key also holds the TLS settings
    /// and Keystone handler, so a differently configured connection does not share); created with
    /// <paramref name="createHttp"/> on first use.
    /// </summary>
    public static KeystoneTokenSource For(KeystoneSignIn signIn, string connectionKey, Func<HttpClient> createHttp,
        TimeSpan requestTimeout, string cloudLabel, TimeProvider clock) =>
        Shared.GetOrAdd(signIn.CacheKey + "|" + connectionKey, _ => new KeystoneTokenSource(signIn, createHttp(), requestTimeout, cloudLabel, clock));

    /// <summary>The current token, or a new one when there is none or it is within <paramref name="margin"/> of expiry.</summary>
    public async ValueTask<KeystoneToken> GetAsync(TimeSpan margin, CancellationToken cancellationToken)
    {
        if (_current is { } fresh && (fresh.IsFresh(_clock.GetUtcNow(), margin) || !_signIn.CanRenew)) return fresh;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } current && (current.IsFresh(_clock.GetUtcNow(), margin) || !_signIn.CanRenew)) return current;
            return _current = await RequestAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A new token after a service refused <paramref name="refusedTokenId"/>; when another caller already renewed it,
    /// that token. Null when the token cannot be renewed (it was given, not signed in for).
    /// </summary>
    public async ValueTask<KeystoneToken?> RenewAsync(string refusedTokenId, CancellationToken cancellationToken)
    {
        if (!_signIn.CanRenew) return null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } current && current.Id != refusedTokenId) return current;
            return _current = await RequestAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KeystoneToken> RequestAsync(CancellationToken cancellationToken)
    {
        var url = _signIn.TokensUrl;
        using var request = _signIn.ExistingToken is { } existing
            ? new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "X-Auth-Token", existing }, { "X-Subject-Token", existing } } }
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(_signIn.Body) };
        request.Content?.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.IO.IOException)
        {
            var reason = e is OperationCanceledException
                ? $"no answer within {_requestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                : e.GetBaseException().Message;
            throw new KeystoneUnavailableException(
                $"{_cloudLabel}: Keystone at {url.GetLeftPart(UriPartial.Authority)} could not be reached: {reason}. " +
                "Check auth_url (OS_AUTH_URL) and that Keystone runs.", request.Method, url.AbsolutePath, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw Refused(request.Method, url, response.StatusCode, body);
            var tokenId = response.Headers.TryGetValues("X-Subject-Token", out var values) ? string.Join("", values) : _signIn.ExistingToken;
            if (string.IsNullOrEmpty(tokenId))
                throw new KeystoneException($"{_cloudLabel}: Keystone at {url.GetLeftPart(UriPartial.Authority)} answered without a token (no X-Subject-Token header).",
                    request.Method, url.AbsolutePath, response.StatusCode, null);
            return Parse(tokenId, body, request.Method, url);
        }
    }

    private KeystoneToken Parse(string tokenId, string body, HttpMethod method, Uri url)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var token = document.RootElement.GetProperty("token");
            var expires = DateTimeOffset.Parse(token.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var receivedAt = _clock.GetUtcNow();
            // A token given to us was issued long ago: its life is what remains of it now.
            var issued = _signIn.ExistingToken is null && token.TryGetProperty("issued_at", out var issuedAt) && issuedAt.ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(issuedAt.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : receivedAt;
            var user = token.GetProperty("user");
            string? projectId = null, projectName = null, domainId = null, domainName = null;
            if (token.TryGetProperty("project", out var project) && project.ValueKind == JsonValueKind.Object)
            {
                projectId = Text(project, "id");
                projectName = Text(project, "name");
            }
            else if (token.TryGetProperty("domain", out var domain) && domain.ValueKind == JsonValueKind.Object)
            {
                domainId = Text(domain, "id");
                domainName = Text(domain, "name");
            }
            var scope = new KeystoneScope(Text(user, "id") ?? "", Text(user, "name") ?? "", projectId, projectName, domainId, domainName);
            return new KeystoneToken(tokenId, receivedAt, expires - issued, scope, ServiceCatalog.Parse(token));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new KeystoneException($"{_cloudLabel}: Keystone at {url.GetLeftPart(UriPartial.Authority)} answered with a token " +
                $"this client cannot read ({e.Message}). Is auth_url a Keystone v3 address?", method, url.AbsolutePath, null, null);
        }
    }

    private KeystoneException Refused(HttpMethod method, Uri url, HttpStatusCode status, string body)
    {
        var reason = KeystoneReason(body);
        var where = $"{_cloudLabel}: Keystone at {url.GetLeftPart(UriPartial.Authority)}";
        var said = reason is null ? $"(HTTP {(int)status})" : $"(HTTP {(int)status}: {reason})";
        return status switch
        {
            HttpStatusCode.Unauthorized => new KeystoneAuthenticationException(
                $"{where} refused the credentials {said}. Check the user, password or secret, and their domain.",
                method, url.AbsolutePath, status, reason),
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound => new KeystoneAuthenticationException(
                $"{where} refused the scope {said}. Check the project or domain and that the user has a role on it.",
                method, url.AbsolutePath, status, reason),
            HttpStatusCode.BadRequest => new KeystoneException($"{where} refused the sign-in request {said}.",
                method, url.AbsolutePath, status, reason),
            _ => new KeystoneException($"{where} failed {said}.", method, url.AbsolutePath, status, reason),
        };
    }

    /// <summary>Keystone's <c>error.message</c>, without any secret of this sign-in, should Keystone ever echo one.</summary>
    private string? KeystoneReason(string body)
    {
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                message = Text(error, "message");
        }
        catch (JsonException)
        {
            message = body.Length > 200 ? body[..200] : body;
        }
        return string.IsNullOrWhiteSpace(message) ? null : _signIn.Redact(message.Trim());
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
