using System;
using System.Collections.Generic;
using System.Diagnostics;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MistralTemplates.Webhooks;

/// <summary>How the gateway listens and what it accepts.</summary>
public sealed record SignalGatewayOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The addresses to listen on (Kestrel URLs); port 0 picks a free one.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Larger bodies are refused with 413.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>A delivery repeated within the same window starts no second execution (see <see cref="DeliveryId"/>).</summary>
    public TimeSpan DeliveryWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// At most this many accepted signals a minute for each signal URL (stack and resource), counted after the
    /// signature holds; more answer 429 with <c>Retry-After</c>. Null (the default): no limit.
    /// </summary>
    public int? MaxSignalsPerMinute { get; init; }

    /// <summary>
    /// A refused URL (403) is answered no sooner than this after the request arrived, so the time the stack's record
    /// takes to read does not tell whether the stack exists (and guessing is slowed). Zero: answer at once.
    /// </summary>
    public TimeSpan MinimumRefusalTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock for expiries and delivery windows.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// The webhook gateway (<c>serve</c>): an ASP.NET Core host that takes <c>POST /v1/signals/{stack}/{resource}</c>
/// for every stack in the target's state store, checks the URL's signature against the stack's record, and starts
/// the workflow as <see cref="Signals"/> does. Every request is logged with its outcome (never its query string,
/// which carries the signature).
/// </summary>
public static class SignalGateway
{
    public const string Route = "/v1/signals/{stack}/{resource}";

    /// <summary>The host, not started: <c>RunAsync</c> serves until Ctrl-C/SIGTERM, and stopping finishes the requests in flight.</summary>
    /// <param name="logging">Where the log goes; the console by default.</param>
    public static WebApplication Create(IWorkflowService service, IStackStateStore store, SignalGatewayOptions? options = null,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(store);
        options ??= new SignalGatewayOptions();
        if (options.MaxSignalsPerMinute is <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSignalsPerMinute, "MaxSignalsPerMinute must be positive, or null for no limit.");
        if (options.MinimumRefusalTime < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumRefusalTime, "MinimumRefusalTime cannot be negative.");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Logging.ClearProviders();
        // ASP.NET Core's own request lines carry the query string, which holds the signature: only its warnings are kept.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (logging is not null) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignalGateway).FullName!);
        var endpoint = new SignalEndpoint(store, new Signals(service, store), options);
        app.Lifetime.ApplicationStopped.Register(endpoint.Dispose);
        app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (Exception e) when (!http.Response.HasStarted)
            {
                log.LogError(e, "{Method} {Path}: unexpected failure", http.Request.Method, http.Request.Path);
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                http.Items[SignalEndpoint.OutcomeKey] = "unexpected failure: " + e.Message;
            }
            finally
            {
                var outcome = http.Items[SignalEndpoint.OutcomeKey] as string ?? http.Response.StatusCode switch { 404 => "no such route", 405 => "method not allowed", _ => "" };
                log.Log(http.Response.StatusCode >= 500 ? LogLevel.Warning : LogLevel.Information,
                    "{Method} {Path} -> {Status} in {Elapsed:F1} ms: {Outcome}", http.Request.Method, http.Request.Path,
                    http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
            }
        });
        app.MapPost(Route, (RequestDelegate)endpoint.HandleAsync);
        return app;
    }
}
