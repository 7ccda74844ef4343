using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MistralTemplates.Mistral.Http.Resources;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// The Mistral REST v2 client. Make one per server and share it: it is thread-safe and holds the connection pool and
/// the circuit breaker. Without dependency injection: <c>new MistralClient(new MistralClientOptions { Endpoint = ... })</c>;
/// with it: <see cref="MistralServiceCollectionExtensions.AddMistralClient"/>.
/// </summary>
public sealed class MistralClient : IWorkflowService, IDisposable
{
    /// <summary>The name of the client's <see cref="HttpClient"/> in IHttpClientFactory.</summary>
    public const string HttpClientName = "MistralTemplates.Mistral";

    private readonly IDisposable? _ownedHttpClient;

    /// <summary>A client with its own connection pool, retries and circuit breaker, built from <paramref name="options"/>.</summary>
    public MistralClient(MistralClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, PrimaryHandler.Create(options.Tls, loggerFactory?.CreateLogger<MistralClient>(), options.Describe()), loggerFactory)
    {
    }

    /// <summary>The same chain over another innermost handler (tests answer from canned responses).</summary>
    internal MistralClient(MistralClientOptions options, HttpMessageHandler primaryHandler, ILoggerFactory? loggerFactory = null)
        : this(options, CreateOwnedHttpClient(options, primaryHandler, loggerFactory), owned: true)
    {
    }

    /// <summary>Used by dependency injection: the factory's client already carries the handlers.</summary>
    internal MistralClient(MistralClientOptions options, Func<HttpClient> httpClients)
        : this(new MistralTransport(httpClients, options.ApiRoot(), options.MaxServerMessageLength))
    {
    }

    private MistralClient(MistralClientOptions options, HttpClient httpClient, bool owned)
        : this(new MistralTransport(() => httpClient, options.ApiRoot(), options.MaxServerMessageLength))
    {
        if (owned) _ownedHttpClient = httpClient;
    }

    private readonly MistralTransport _transport;

    private MistralClient(MistralTransport transport)
    {
        _transport = transport;
        Workflows = new WorkflowDefinitionsClient(transport);
        Executions = new ExecutionsClient(transport);
        Tasks = new TaskExecutionsClient(transport);
        ActionExecutions = new ActionExecutionsClient(transport);
        CronTriggers = new CronTriggersClient(transport);
        Environments = new EnvironmentsClient(transport);
        Actions = new ActionDefinitionsClient(transport);
        Workbooks = new WorkbooksClient(transport);
        EventTriggers = new EventTriggersClient(transport);
    }

    /// <summary>
    /// The API root every path is relative to, e.g. <c>http://127.0.0.1:8989/v2/</c>; <see langword="null"/> until the
    /// first call when it comes from a Keystone service catalog.
    /// </summary>
    public Uri? Endpoint => _transport.ApiRoot;

    public IWorkflowDefinitions Workflows { get; }
    public IExecutions Executions { get; }
    public ITaskExecutions Tasks { get; }
    public IActionExecutions ActionExecutions { get; }
    public ICronTriggers CronTriggers { get; }
    public IEnvironments Environments { get; }
    public IActionDefinitions Actions { get; }
    public IWorkbooks Workbooks { get; }
    public IEventTriggers EventTriggers { get; }

    public void Dispose() => _ownedHttpClient?.Dispose();

    /// <summary>
    /// The handler chain, outermost first: resilience (timeouts, retries, circuit), authentication (per attempt),
    /// attempt counting, sockets. Dependency injection builds the same chain from the same parts.
    /// </summary>
    private static HttpClient CreateOwnedHttpClient(MistralClientOptions options, HttpMessageHandler primaryHandler, ILoggerFactory? loggerFactory)
    {
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MistralClient>();
        var handler = new ResilienceHandler(MistralResilience.BuildPipeline(options.Resilience, logger))
        {
            InnerHandler = new AuthenticationHandler(options.Authentication)
            {
                InnerHandler = new AttemptCountingHandler { InnerHandler = primaryHandler },
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
