using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Client.Tests.Unit;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task A_static_token_goes_with_every_attempt_including_retries()
    {
        var handler = CannedHandler.InTurn(Answers.ConnectionRefused(), Answers.ServiceUnavailable(),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler, o => o.Authentication = MistralAuthentication.StaticToken("t0ken", "p1"));

        await client.Workflows.GetAsync("hello");

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("t0ken", r.Header("X-Auth-Token")));
        Assert.All(handler.Requests, r => Assert.Equal("p1", r.Header("X-Project-Id")));
    }

    [Fact]
    public async Task A_static_token_without_a_project_sends_no_project()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler, o => o.Authentication = MistralAuthentication.StaticToken("t0ken"));

        await client.Workflows.GetAsync("hello");

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("t0ken", sent.Header("X-Auth-Token"));
        Assert.Null(sent.Header("X-Project-Id"));
    }

    [Fact]
    public async Task No_authentication_sends_no_credentials()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable(), Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler, o => o.Authentication = MistralAuthentication.None);

        await client.Workflows.GetAsync("hello");

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.DoesNotContain(r.Headers.Keys, k => k is "X-Auth-Token" or "X-Project-Id"));
    }

    [Fact]
    public async Task A_custom_scheme_is_asked_for_credentials_on_every_attempt()
    {
        var handler = CannedHandler.InTurn(Answers.LostAnswer(), Answers.ServiceUnavailable(),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        var tokens = new NumberedTokens();
        using var client = TestClients.Over(handler, o => o.Authentication = tokens);

        await client.Workflows.GetAsync("hello");

        Assert.Equal(["token-1", "token-2", "token-3"], handler.Requests.Select(r => r.Header("X-Auth-Token")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_token_is_refused(string token) =>
        Assert.Throws<System.ArgumentException>(() => MistralAuthentication.StaticToken(token));

    /// <summary>A scheme whose token changes on every use, as an expiring token would.</summary>
    private sealed class NumberedTokens : MistralAuthentication
    {
        private int _issued;

        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("X-Auth-Token");
            request.Headers.Add("X-Auth-Token", $"token-{Interlocked.Increment(ref _issued)}");
            return default;
        }
    }
}
