using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// Signs in to Keystone v3 (password, application credential or an existing token) and sends the token with every
/// Mistral request. Tokens are shared by every client of the process with the same identity and scope, renewed
/// shortly before they expire and once when Mistral answers 401. Made by <see cref="MistralClientOptions.ForCloud"/>.
/// </summary>
public sealed class KeystoneAuthentication : MistralAuthentication
{
    private readonly KeystoneTokenSource _tokens;
    private readonly TimeSpan _renewalMargin;
    private readonly CloudSettings _cloud;

    /// <summary>
    /// Reads how to sign in from <paramref name="cloud"/>; nothing is sent until the first request. Throws
    /// <see cref="CloudSettingsException"/> when the settings cannot sign in (no user, no project to scope to, ...).
    /// </summary>
    public KeystoneAuthentication(CloudSettings cloud, KeystoneOptions? keystone = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        keystone ??= new KeystoneOptions();
        _cloud = cloud;
        _renewalMargin = keystone.RenewalMargin;
        var signIn = KeystoneSignIn.From(cloud);
        var tls = MistralTlsOptions.From(cloud);
        var handlerKey = keystone.PrimaryHandler is null ? "sockets" : "custom:" + keystone.PrimaryHandler.GetHashCode();
        _tokens = KeystoneTokenSource.For(signIn, $"{tls}|{handlerKey}", () =>
        {
            var handler = keystone.PrimaryHandler?.Invoke() ??
                PrimaryHandler.Create(tls, keystone.LoggerFactory?.CreateLogger<KeystoneAuthentication>(), $"Keystone at {cloud.AuthUrl}");
            return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }, keystone.RequestTimeout, Label(cloud), keystone.Clock);
    }

    /// <summary>How long Keystone lets this identity's tokens live (tests wait for expiry).</summary>
    internal async ValueTask<TimeSpan> GetTokenLifetimeAsync(CancellationToken cancellationToken = default) =>
        (await _tokens.GetAsync(_renewalMargin, cancellationToken).ConfigureAwait(false)).Lifetime;

    /// <summary>
    /// Who the token speaks for: the user and the project (or domain) it is scoped to. Signs in when no token is held
    /// yet; throws <see cref="KeystoneException"/> when that fails.
    /// </summary>
    public async ValueTask<KeystoneScope> GetScopeAsync(CancellationToken cancellationToken = default) =>
        (await _tokens.GetAsync(_renewalMargin, cancellationToken).ConfigureAwait(false)).Scope;

    /// <summary>
    /// Mistral's address from the token's service catalog (region and interface from the settings); throws
    /// <see cref="KeystoneCatalogException"/> naming what the catalog has when none fits.
    /// </summary>
    public async ValueTask<Uri> GetWorkflowEndpointAsync(CancellationToken cancellationToken = default)
    {
        var token = await _tokens.GetAsync(_renewalMargin, cancellationToken).ConfigureAwait(false);
        return token.Catalog.FindWorkflowEndpoint(_cloud.RegionName, _cloud.Interface, Label(_cloud), _tokens.SignIn.TokensUrl.AbsolutePath);
    }

    /// <inheritdoc/>
    public override async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAsync(_renewalMargin, cancellationToken).ConfigureAwait(false);
        SetToken(request, token.Id);
    }

    /// <inheritdoc/>
    protected internal override async ValueTask<bool> RenewAsync(HttpRequestMessage refused, HttpStatusCode status, CancellationToken cancellationToken)
    {
        if (status != HttpStatusCode.Unauthorized || !refused.Headers.TryGetValues("X-Auth-Token", out var sent)) return false;
        var renewed = await _tokens.RenewAsync(string.Join("", sent), cancellationToken).ConfigureAwait(false);
        if (renewed is null) return false;
        SetToken(refused, renewed.Id);
        return true;
    }

    /// <summary>Names the cloud and the Keystone, never a credential.</summary>
    public override string ToString() => $"Keystone sign-in ({_tokens.SignIn.Method}) at {_cloud.AuthUrl}";

    private static void SetToken(HttpRequestMessage request, string token)
    {
        request.Headers.Remove("X-Auth-Token");
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
    }

    internal static string Label(CloudSettings cloud) => cloud.CloudName is { } name ? $"Cloud '{name}'" : "Keystone sign-in";
}
