using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Benchmarks;

/// <summary>Counts the HTTP requests that reach the wire (it sits innermost, so every retry counts too).</summary>
internal sealed class CallCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _calls;
    private int _writes;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Requests that may change something on the server: every method but GET and HEAD.</summary>
    public int Writes => Volatile.Read(ref _writes);

    private readonly ConcurrentDictionary<string, int> _byKind = new();

    /// <summary>Calls by method and collection since the last reset, e.g. <c>PUT environments: 102</c>.</summary>
    public string Breakdown => string.Join(", ", _byKind.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"));

    public void Reset()
    {
        _byKind.Clear();
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _writes, 0);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _byKind.AddOrUpdate(Kind(request), 1, (_, n) => n + 1);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head) Interlocked.Increment(ref _writes);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The method and the collection after the API version: <c>GET executions</c>, <c>DELETE workflows/{name}</c>.</summary>
    private static string Kind(HttpRequestMessage request)
    {
        var segments = request.RequestUri?.AbsolutePath.Split('/', System.StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s != "v2").Skip(1).ToList() ?? [];
        var collection = segments.Count switch { 0 => "/", 1 => segments[0], _ => segments[0] + "/{name}" };
        return $"{request.Method} {collection}";
    }
}
