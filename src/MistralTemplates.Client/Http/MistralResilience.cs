using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// The resilience pipeline of every Mistral call, outermost first: total timeout, retry (only for requests marked
/// repeatable), circuit breaker, per-attempt timeout. Built once per client so the circuit's state is shared by
/// all its calls.
/// </summary>
internal static class MistralResilience
{
    /// <summary>Set on a request that may be sent again after a failure.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("MistralTemplates.Repeatable");

    public static ResiliencePipeline<HttpResponseMessage> BuildPipeline(MistralResilienceOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                UseJitter = options.UseJitter,
                ShouldRetryAfterHeader = options.HonourRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(IsRepeatable(args.Context) && IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    logger.LogWarning("Mistral {Method} {Path}: attempt {Attempt} failed ({Failure}); retrying in {Delay} ms",
                        request?.Method, request?.RequestUri?.PathAndQuery, args.AttemptNumber + 1,
                        Describe(args.Outcome), (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            OnOpened = args =>
            {
                logger.LogError("Mistral circuit opened for {Duration} s after repeated failures ({Failure})",
                    (int)args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                return default;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    private static bool IsRepeatable(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable;

    /// <summary>
    /// Failures worth another attempt: no answer (connection refused or reset, attempt timeout) or an answer that
    /// says "later". Not 500: Mistral's 500s come from the request itself and repeat identically.
    /// </summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException ||
        outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } e ? e.GetType().Name + ": " + e.Message : $"{(int)outcome.Result!.StatusCode} {outcome.Result.StatusCode}";
}
