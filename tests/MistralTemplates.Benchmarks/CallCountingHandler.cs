using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Benchmarks;

/// <summary>Counts the HTTP requests that reach the wire (it sits innermost, so every retry counts too).</summary>
internal sealed class CallCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Reset() => Interlocked.Exchange(ref _calls, 0);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return base.SendAsync(request, cancellationToken);
    }
}
