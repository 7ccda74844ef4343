using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Tests.Alarms;

/// <summary>
/// An HTTP endpoint on a free local port that keeps every request it gets, as an alarm action's target would see it.
/// A path starting with /fail is answered with 500, anything else with 200.
/// </summary>
public sealed class NotificationReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public NotificationReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>The requests a path got, in order.</summary>
    public IReadOnlyList<ReceivedRequest> At(string path) => Received.Where(r => r.Path == path).ToList();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.OfType<string>()
                .ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k] ?? "", StringComparer.Ordinal);
            var path = context.Request.Url!.AbsolutePath;
            Received.Enqueue(new ReceivedRequest(context.Request.HttpMethod, path, headers, body));
            context.Response.StatusCode = path.StartsWith("/fail", StringComparison.Ordinal) ? 500 : 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
