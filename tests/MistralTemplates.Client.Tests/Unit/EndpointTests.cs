using System;
using System.Net;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>The endpoint may be given with or without /v2 and a trailing slash, and under a path prefix.</summary>
public sealed class EndpointTests
{
    [Theory]
    [InlineData("http://h:1", "http://h:1/v2/workflows/hello")]
    [InlineData("http://h:1/", "http://h:1/v2/workflows/hello")]
    [InlineData("http://h:1/v2", "http://h:1/v2/workflows/hello")]
    [InlineData("http://h:1/v2/", "http://h:1/v2/workflows/hello")]
    [InlineData("http://h:1/mistral", "http://h:1/mistral/v2/workflows/hello")]
    [InlineData("http://h:1/mistral/", "http://h:1/mistral/v2/workflows/hello")]
    [InlineData("https://h:1/mistral/v2", "https://h:1/mistral/v2/workflows/hello")]
    public async Task Requests_go_under_the_v2_root(string endpoint, string expected)
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler, o => o.Endpoint = new Uri(endpoint));

        await client.Workflows.GetAsync("hello");

        Assert.Equal(expected, Assert.Single(handler.Requests).Uri.AbsoluteUri);
        Assert.Equal(new Uri(expected.Substring(0, expected.Length - "workflows/hello".Length)), client.Endpoint);
    }

    [Fact]
    public void A_missing_endpoint_says_to_set_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MistralClient(new MistralClientOptions()));

        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("file:///tmp/mistral")]
    public void A_non_http_endpoint_is_refused(string endpoint) =>
        Assert.Throws<ArgumentException>(() => new MistralClient(new MistralClientOptions { Endpoint = new Uri(endpoint) }));

    [Fact]
    public void A_relative_endpoint_is_refused() =>
        Assert.Throws<ArgumentException>(() => new MistralClient(new MistralClientOptions { Endpoint = new Uri("mistral/v2", UriKind.Relative) }));
}
