using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// How requests prove who sends them. Applied to every attempt (a retry gets fresh credentials), so a scheme whose
/// tokens expire, such as Keystone, only has to implement <see cref="ApplyAsync"/>.
/// </summary>
public abstract class MistralAuthentication
{
    /// <summary>No credentials: a server with authentication turned off.</summary>
    public static MistralAuthentication None { get; } = new NoAuthentication();

    /// <summary>A fixed token sent as <c>X-Auth-Token</c>, optionally with the project it is scoped to.</summary>
    public static MistralAuthentication StaticToken(string token, string? projectId = null) =>
        new StaticTokenAuthentication(token, projectId);

    /// <summary>Adds the credentials to one attempt of a request.</summary>
    public abstract ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// Called once when the service refused <paramref name="refused"/> with <paramref name="status"/> (401): renew the
    /// credentials and put them on the request, then return true to have it sent once more. The default, for schemes
    /// that cannot renew, returns false.
    /// </summary>
    protected internal virtual ValueTask<bool> RenewAsync(HttpRequestMessage refused, HttpStatusCode status, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);

    private sealed class NoAuthentication : MistralAuthentication
    {
        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) => default;
    }

    private sealed class StaticTokenAuthentication : MistralAuthentication
    {
        private readonly string _token;
        private readonly string? _projectId;

        public StaticTokenAuthentication(string token, string? projectId)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The token is empty.", nameof(token));
            _token = token;
            _projectId = projectId;
        }

        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("X-Auth-Token");
            request.Headers.TryAddWithoutValidation("X-Auth-Token", _token);
            if (_projectId is not null)
            {
                request.Headers.Remove("X-Project-Id");
                request.Headers.TryAddWithoutValidation("X-Project-Id", _projectId);
            }
            return default;
        }
    }
}
