using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Tests.Deployment;

/// <summary>
/// Sits in front of the sockets of a test's client and records every call that reaches the server: method, path,
/// body, when it was sent and when its answer came, and how many were in flight at once.
/// </summary>
internal sealed class CallRecorder : DelegatingHandler
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Call> _calls = new();

    public CallRecorder() => InnerHandler = new SocketsHttpHandler();

    public sealed record Call(string Method, string Path, string Body, TimeSpan Sent, TimeSpan Answered);

    public IReadOnlyList<Call> Calls => _calls.ToArray();

    public void Clear() => _calls.Clear();

    /// <summary>The most calls whose paths start with one of <paramref name="prefixes"/> that were in flight together.</summary>
    public int MostInFlight(params string[] prefixes)
    {
        var calls = Calls.Where(c => prefixes.Any(p => c.Path.StartsWith(p, StringComparison.Ordinal))).ToList();
        return calls.Count == 0 ? 0 : calls.Max(c => calls.Count(o => o.Sent <= c.Sent && o.Answered > c.Sent));
    }

    /// <summary>The one call of <paramref name="method"/> on a path under <paramref name="prefix"/> whose path or body holds <paramref name="text"/>.</summary>
    public Call Single(string method, string prefix, string text) =>
        Calls.Single(c => c.Method == method && c.Path.StartsWith(prefix, StringComparison.Ordinal) && (c.Path.Contains(text, StringComparison.Ordinal) || c.Body.Contains(text, StringComparison.Ordinal)));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var sent = _clock.Elapsed;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            _calls.Enqueue(new Call(request.Method.Method, request.RequestUri!.AbsolutePath, body, sent, _clock.Elapsed));
        }
    }
}
