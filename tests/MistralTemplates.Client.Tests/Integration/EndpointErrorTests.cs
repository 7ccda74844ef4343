using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

public sealed class EndpointErrorTests(MistralServer server) : IntegrationTest(server)
{
    [MistralFact]
    public async Task A_path_the_server_does_not_serve_is_not_found_with_a_hint_about_the_endpoint()
    {
        using var wrong = new MistralClient(new MistralClientOptions { Endpoint = new Uri(Server.Endpoint, "/not-mistral") });
        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() => wrong.Workflows.GetAsync("x"));
        Assert.Null(error.ServerMessage);
        Assert.True(error.Message.Contains("check that the endpoint is a Mistral v2 API"), error.Message);
        Assert.Equal("/not-mistral/v2/workflows/x", error.Path);
    }

    [MistralFact]
    public async Task A_server_that_is_not_there_is_unavailable_after_the_retries()
    {
        using var nowhere = new MistralClient(new MistralClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{UnusedPort()}"),
            Resilience = new MistralResilienceOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) },
        });
        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => nowhere.Workflows.GetAsync("x"));
        Assert.Equal(3, error.Attempts);
        Assert.Null(error.StatusCode);
        Assert.Contains("could not be reached", error.Message);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
