using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace MistralTemplates.Mistral.Http;

public static class MistralServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MistralClient"/> as <see cref="IWorkflowService"/>, on a named IHttpClientFactory client
    /// (<see cref="MistralClient.HttpClientName"/>) carrying the same handlers as a plainly constructed client.
    /// The returned builder adds handlers of your own (they run inside the retries).
    /// </summary>
    public static IHttpClientBuilder AddMistralClient(this IServiceCollection services, Action<MistralClientOptions> configure)
    {
        services.AddOptions<MistralClientOptions>().Configure(configure);
        services.TryAddSingleton<MistralPipelineHolder>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MistralClientOptions>>().Value;
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new MistralClient(options, () => factory.CreateClient(MistralClient.HttpClientName));
        });
        services.TryAddSingleton<IWorkflowService>(provider => provider.GetRequiredService<MistralClient>());

        return services.AddHttpClient(MistralClient.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<MistralClientOptions>>().Value;
                return PrimaryHandler.Create(options.Tls, provider.GetService<ILoggerFactory>()?.CreateLogger<MistralClient>(), options.Describe());
            })
            .AddHttpMessageHandler(provider => new ResilienceHandler(provider.GetRequiredService<MistralPipelineHolder>().Pipeline))
            .AddHttpMessageHandler(provider => new AuthenticationHandler(provider.GetRequiredService<IOptions<MistralClientOptions>>().Value.Authentication))
            .AddHttpMessageHandler(() => new AttemptCountingHandler());
    }

    /// <summary>One pipeline for the application, so the circuit breaker survives the factory's handler rotation.</summary>
    private sealed class MistralPipelineHolder(IOptions<MistralClientOptions> options, ILoggerFactory? loggerFactory = null)
    {
        public ResiliencePipeline<HttpResponseMessage> Pipeline { get; } = MistralResilience.BuildPipeline(
            options.Value.Resilience,
            (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<MistralClient>());
    }
}
