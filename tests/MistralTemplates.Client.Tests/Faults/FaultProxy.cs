using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MistralTemplates.Mistral.Tests.Faults;

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1 that forwards requests to one upstream unchanged, except where an injected
/// <see cref="FaultRule"/> says otherwise. It lets tests produce the failures a real network produces
/// (errors, resets, slowness, answers lost after the server acted) against a real server.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    // Connection-scoped headers belong to one hop; Content-Length is recomputed from the buffered body, and Expect
    // is answered by Kestrel already (forwarding it would make the proxy wait for a second 100 Continue).
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect", "Content-Length",
    };

    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = new();
    private List<LogSlot> _log = new();
    private readonly Uri _upstream;
    private readonly HttpClient _upstreamClient;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _inFlight;

    private FaultProxy(Uri upstream)
    {
        _upstream = upstream;
        // No redirects, no decompression, no cookies, no system proxy: the client must get what the upstream sent.
        _upstreamClient = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The proxy's own address, e.g. http://127.0.0.1:41234/; point the client here.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Starts a proxy for <paramref name="upstream"/> (scheme, host and port are used; its path is not).</summary>
    public static async Task<FaultProxy> StartAsync(Uri upstream)
    {
        var proxy = new FaultProxy(upstream);
        (proxy._app, proxy.Endpoint) = await LoopbackServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    /// <summary>Adds a rule after the existing ones; each request takes the first rule that matches and is not used up.</summary>
    public void Inject(FaultRule rule)
    {
        lock (_gate) { _rules.Add(rule); }
    }

    /// <summary>A snapshot of every request seen since the start or the last <see cref="Clear"/>, in arrival order.</summary>
    public IReadOnlyList<ProxyLogEntry> Requests
    {
        get { lock (_gate) { return _log.Select(slot => slot.Entry).ToList(); } }
    }

    /// <summary>Requests seen with this method under this path (see <see cref="FaultRule.PathIsUnder"/>), whatever happened to them.</summary>
    public int Count(HttpMethod method, string pathPrefix) =>
        Requests.Count(e => e.Method == method && FaultRule.PathIsUnder(e.PathAndQuery, pathPrefix));

    /// <summary>Of those, the ones the upstream received and answered.</summary>
    public int CountForwarded(HttpMethod method, string pathPrefix) =>
        Requests.Count(e => e.UpstreamStatus is not null && e.Method == method && FaultRule.PathIsUnder(e.PathAndQuery, pathPrefix));

    /// <summary>Forgets all rules and the log.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _log = new List<LogSlot>(); // requests still in flight keep updating their old slots, unseen
        }
    }

    /// <summary>
    /// Waits until the proxy has finished every request it has received (answered, dropped, or the client left),
    /// so a test can then assert what did or did not reach the upstream.
    /// </summary>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Volatile.Read(ref _inFlight) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The fault proxy still has requests in flight.");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel(); // ends held answers and delays, so shutdown does not wait for them
        if (_app is not null)
        {
            using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(shutdown.Token);
            await _app.DisposeAsync();
        }
        _upstreamClient.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        LogSlot? slot = null;
        try
        {
            byte[] body = await ReadAllAsync(context.Request.Body, clientGone.Token);
            var request = new IncomingRequest(new HttpMethod(context.Request.Method), RawTarget(context), Encoding.UTF8.GetString(body));
            (Fault? fault, slot) = TakeRuleAndLog(request);
            await ApplyAsync(fault, context, body, slot, clientGone.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException && clientGone.IsCancellationRequested)
        {
            // The client gave up (or the proxy is stopping): there is no one left to answer.
        }
        finally
        {
            if (slot is not null)
            {
                lock (_gate) { slot.Entry = slot.Entry with { Completed = true }; }
            }
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ApplyAsync(Fault? fault, HttpContext context, byte[] body, LogSlot slot, CancellationToken clientGone)
    {
        switch (fault?.Kind)
        {
            case null:
                await AnswerAsync(context, await ForwardAsync(context, body, slot), clientGone);
                break;
            case FaultKind.Status:
                await AnswerWithStatusAsync(context, fault, clientGone);
                break;
            case FaultKind.Reset:
                Drop(context);
                break;
            case FaultKind.Delay:
                await Task.Delay(fault.Duration, clientGone);
                await AnswerAsync(context, await ForwardAsync(context, body, slot), clientGone);
                break;
            case FaultKind.ForwardThenDrop:
                (await ForwardAsync(context, body, slot)).Dispose();
                Drop(context);
                break;
            case FaultKind.ForwardThenDelay:
                using (HttpResponseMessage answer = await ForwardAsync(context, body, slot))
                {
                    await Task.Delay(fault.Duration, clientGone);
                    await AnswerAsync(context, answer, clientGone);
                }
                break;
            case FaultKind.ActThenDrop:
                await fault.Action!();
                Drop(context);
                break;
            case FaultKind.ForwardThenAct:
                await AnswerAsync(context, await ForwardAsync(context, body, slot), clientGone);
                await context.Response.CompleteAsync(); // the answer is on its way before the action runs
                await fault.Action!();
                break;
        }
    }

    private (Fault? Fault, LogSlot Slot) TakeRuleAndLog(IncomingRequest request)
    {
        lock (_gate)
        {
            Fault? fault = _rules.FirstOrDefault(rule => rule.TryTake(request))?.Fault; // stops at the first taker
            var slot = new LogSlot(new ProxyLogEntry(
                request.Method, request.PathAndQuery, fault?.ToString() ?? ProxyLogEntry.Forwarded, null, false));
            _log.Add(slot);
            return (fault, slot);
        }
    }

    /// <summary>
    /// Sends the request upstream and reads the whole answer. It deliberately ignores the client going away:
    /// once a request is on its way the server does its work regardless, as it would without the proxy.
    /// </summary>
    private async Task<HttpResponseMessage> ForwardAsync(HttpContext context, byte[] body, LogSlot slot)
    {
        HttpRequest incoming = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_upstream, RawTarget(context)));
        if (body.Length > 0 || incoming.ContentLength is not null || incoming.Headers.ContentType.Count > 0)
        {
            message.Content = new ByteArrayContent(body);
        }
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in incoming.Headers)
        {
            if (!NotForwarded.Contains(name) && !message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        HttpResponseMessage response;
        try
        {
            response = await _upstreamClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, _stopping.Token);
        }
        catch (HttpRequestException error)
        {
            response = new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway)
            {
                Content = new StringContent("Fault proxy: upstream unreachable: " + error.Message),
            };
            return response; // the log keeps UpstreamStatus null: the upstream never answered
        }
        lock (_gate) { slot.Entry = slot.Entry with { UpstreamStatus = (int)response.StatusCode }; }
        return response;
    }

    private static async Task AnswerAsync(HttpContext context, HttpResponseMessage answer, CancellationToken cancel)
    {
        using (answer)
        {
            HttpResponse response = context.Response;
            response.StatusCode = (int)answer.StatusCode;
            // NonValidated: pass header values through as the upstream wrote them, not re-serialised.
            foreach (var (name, values) in answer.Headers.NonValidated.Concat(answer.Content.Headers.NonValidated))
            {
                if (!NotForwarded.Contains(name))
                {
                    response.Headers[name] = values.ToArray();
                }
            }
            byte[] body = await answer.Content.ReadAsByteArrayAsync(cancel);
            if (!HttpMethods.IsHead(context.Request.Method) && response.StatusCode is not (204 or 304))
            {
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, cancel);
            }
        }
    }

    /// <summary>The fault's body goes out as application/json, like Mistral's own errors.</summary>
    private static async Task AnswerWithStatusAsync(HttpContext context, Fault fault, CancellationToken cancel)
    {
        context.Response.StatusCode = fault.StatusCode;
        if (fault.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = fault.RetryAfter;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(fault.Body, cancel);
    }

    /// <summary>
    /// Closes the client's connection without a byte of answer. On HTTP/1.1 Kestrel resets the TCP connection,
    /// so the client fails with "connection reset by peer" rather than reading an empty answer.
    /// </summary>
    private static void Drop(HttpContext context) => context.Abort();

    /// <summary>Path and query exactly as the client wrote them; Kestrel's Path is decoded, and re-encoding it could differ.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancel);
        return buffer.ToArray();
    }

    /// <summary>A log entry's place in the log, so an in-flight request can update its own entry.</summary>
    private sealed class LogSlot(ProxyLogEntry entry)
    {
        public ProxyLogEntry Entry { get; set; } = entry;
    }
}
