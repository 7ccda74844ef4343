using System;
using System.Net.Http;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>Clients over a canned handler, with backoff delays small enough to keep retry tests fast.</summary>
internal static class TestClients
{
    public static readonly Uri Endpoint = new("http://mistral.test:8989");

    public static MistralClient Over(HttpMessageHandler handler, Action<MistralClientOptions>? configure = null)
    {
        var options = new MistralClientOptions { Endpoint = Endpoint };
        Fast(options.Resilience);
        configure?.Invoke(options);
        return new MistralClient(options, handler);
    }

    public static void Fast(MistralResilienceOptions resilience)
    {
        resilience.RetryDelay = TimeSpan.FromMilliseconds(1);
        resilience.UseJitter = false;
    }
}
