using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Client.Tests.Unit;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Client.Tests.Cloud;

/// <summary>
/// A canned Keystone and Mistral behind one handler: <c>POST /v3/auth/tokens</c> issues numbered tokens
/// (<c>token-1</c>, <c>token-2</c>, ...) with the given lifetime and catalog; everything else is Mistral and gets
/// <see cref="MistralAnswer"/>. Each fake has its own Keystone address, so the process-wide token cache never mixes
/// two tests.
/// </summary>
internal sealed class FakeKeystone
{
    public const string Password = "s3cret-Pa55";

    private int _issued;

    public FakeKeystone()
    {
        AuthUrl = new Uri($"http://keystone-{Guid.NewGuid():N}.test:5000/v3");
        Handler = CannedHandler.Routing((request, _) =>
            request.Uri.Host == AuthUrl.Host ? (Answer)IssueAsync : MistralAnswer);
    }

    public Uri AuthUrl { get; }

    public CannedHandler Handler { get; }

    /// <summary>How long issued tokens live.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far Keystone's clock is behind the client's (it writes issued_at and expires_at by it).</summary>
    public TimeSpan ClockBehind { get; set; } = TimeSpan.Zero;

    /// <summary>The token's <c>catalog</c> array, as JSON.</summary>
    public string CatalogJson { get; set; } = Catalog(("workflowv2", "RegionOne", "public", "http://mistral.test:8989"),
        ("workflowv2", "RegionOne", "internal", "http://mistral-internal.test:8989"),
        ("identity", "RegionOne", "public", "http://keystone.test:5000/v3"));

    /// <summary>Replaces the token answer (a refusal, a refused connection).</summary>
    public Answer? KeystoneAnswer { get; set; }

    public Answer MistralAnswer { get; set; } = Answers.Json(HttpStatusCode.OK, """{"workflows": []}""");

    public IReadOnlyList<RecordedRequest> TokenRequests => Handler.Requests.Where(r => r.Uri.Host == AuthUrl.Host).ToList();

    public IReadOnlyList<RecordedRequest> MistralRequests => Handler.Requests.Where(r => r.Uri.Host != AuthUrl.Host).ToList();

    /// <summary>A demo user scoped to the demo project by name, over the fake.</summary>
    public CloudSettings Cloud() => new()
    {
        CloudName = "fake",
        AuthUrl = AuthUrl,
        Username = "demo",
        UserDomainName = "Default",
        Password = Password,
        ProjectName = "demo",
        ProjectDomainName = "Default",
    };

    public KeystoneOptions Options() => new() { PrimaryHandler = () => Handler };

    /// <summary>A client for <paramref name="cloud"/> whose Keystone and Mistral requests both go to the fake.</summary>
    public MistralClient Client(CloudSettings cloud, KeystoneOptions? keystone = null, Action<MistralClientOptions>? configure = null)
    {
        keystone ??= Options();
        keystone.PrimaryHandler ??= () => Handler;
        var options = MistralClientOptions.ForCloud(cloud, keystone);
        TestClients.Fast(options.Resilience);
        configure?.Invoke(options);
        return new MistralClient(options, Handler);
    }

    public static string Catalog(params (string Type, string Region, string Interface, string Url)[] endpoints) =>
        "[" + string.Join(",", endpoints.GroupBy(e => e.Type).Select(service =>
            $$"""{"type": "{{service.Key}}", "name": "{{service.Key}}", "endpoints": [{{string.Join(",", service.Select(e =>
                $$"""{"interface": "{{e.Interface}}", "region_id": "{{e.Region}}", "region": "{{e.Region}}", "url": "{{e.Url}}"}"""))}}]}""")) + "]";

    private Task<HttpResponseMessage> IssueAsync(RecordedRequest request, CancellationToken cancellationToken)
    {
        if (KeystoneAnswer is { } answer) return answer(request, cancellationToken);
        var number = Interlocked.Increment(ref _issued);
        var issued = DateTimeOffset.UtcNow - ClockBehind;
        var body = $$$"""
            {"token": {"methods": ["password"], "issued_at": "{{{issued:yyyy-MM-ddTHH:mm:ss.ffffffZ}}}",
             "expires_at": "{{{issued + Lifetime:yyyy-MM-ddTHH:mm:ss.ffffffZ}}}",
             "user": {"id": "u-demo", "name": "demo", "domain": {"id": "default", "name": "Default"}},
             "project": {"id": "p-demo", "name": "demo", "domain": {"id": "default", "name": "Default"}},
             "catalog": {{{CatalogJson}}}}}
            """;
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("X-Subject-Token", $"token-{number}");
        return Task.FromResult(response);
    }

    /// <summary>A clock that moves only when told.</summary>
    public sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The JSON body of a recorded token request.</summary>
    public static JsonElement BodyOf(RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement.GetProperty("auth");
}
