using System.Linq;
using System.Net;
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

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_token_is_refused(string token) =>
        Assert.Throws<System.ArgumentException>(() => MistralAuthentication.StaticToken(token));
}
