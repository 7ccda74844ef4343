using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.State;

namespace MistralTemplates;

/// <summary>
/// What stacks are deployed to: a workflow service (a real Mistral, or any other <see cref="IWorkflowService"/>) and
/// the store that keeps the stacks' records and locks. Make one per service and share it; dispose it at the end.
/// </summary>
public sealed class StackTarget : IDisposable, IAsyncDisposable
{
    /// <summary>The environment variable that names the Mistral API when no endpoint is given.</summary>
    public const string EndpointVariable = "MISTRAL_URL";

    private readonly bool _ownsService;
    private int _disposed;

    /// <param name="service">The workflow service the stacks' resources live in.</param>
    /// <param name="state">Where the stacks' records live; by default in the service itself, one Mistral environment per stack.</param>
    /// <param name="ownsService">Dispose <paramref name="service"/> with the target.</param>
    /// <param name="description">What the target is, for messages, e.g. <c>Mistral at http://host:8989/v2/</c>.</param>
    public StackTarget(IWorkflowService service, IStackStateStore? state = null, bool ownsService = false, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        Service = service;
        State = state ?? new MistralEnvironmentStateStore(service);
        _ownsService = ownsService;
        Description = description ?? service.GetType().Name;
    }

    public IWorkflowService Service { get; }

    public IStackStateStore State { get; }

    public string Description { get; }

    /// <summary>A real Mistral, through a REST client of its own that the target disposes.</summary>
    public static StackTarget Mistral(MistralClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new MistralClient(options);
        return new StackTarget(client, ownsService: true, description: $"Mistral at {client.Endpoint}");
    }

    /// <summary>A real Mistral at <paramref name="endpoint"/>, e.g. <c>http://127.0.0.1:8989</c>, with default client options.</summary>
    public static StackTarget Mistral(Uri endpoint) => Mistral(new MistralClientOptions { Endpoint = endpoint });

    /// <summary>
    /// The target the command line and programs use when they are not told otherwise: the Mistral at
    /// <paramref name="endpoint"/> when given, else the one <c>MISTRAL_URL</c> names, else the default target.
    /// </summary>
    /// <exception cref="StackTargetException">The address is not an http(s) URL, or no target is given and there is no default.</exception>
    public static StackTarget FromEnvironment(string? endpoint = null)
    {
        var address = string.IsNullOrWhiteSpace(endpoint) ? Environment.GetEnvironmentVariable(EndpointVariable) : endpoint;
        if (string.IsNullOrWhiteSpace(address)) return Default();
        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new StackTargetException($"'{address}' is not an http(s) address of a Mistral API, e.g. http://127.0.0.1:8989.");
        return Mistral(uri);
    }

    /// <summary>The target used when none is named. There is none until the embedded engine exists.</summary>
    private static StackTarget Default() =>
        throw new StackTargetException(
            $"No Mistral to talk to: give --endpoint http://host:8989 on the command line (in code, StackTarget.Mistral(endpoint)) or set {EndpointVariable}.");

    public override string ToString() => Description;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsService) return;
        (Service as IDisposable)?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsService) return;
        if (Service is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else (Service as IDisposable)?.Dispose();
    }
}

/// <summary>No target can be made from what was given; the message says what to give.</summary>
public sealed class StackTargetException(string message) : Exception(message);
