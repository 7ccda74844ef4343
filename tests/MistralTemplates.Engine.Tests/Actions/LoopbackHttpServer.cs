using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace MistralTemplates.Engine.Tests.Actions;

/// <summary>What a test server received.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// An HTTP server on a free loopback port: <c>/json</c> answers a JSON echo of the request, <c>/text</c> plain text,
/// <c>/missing</c> a 404, <c>/redirect</c> a 302 to <c>/json</c>. It records every request.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public LoopbackHttpServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            catch (HttpListenerException) { return; }
            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedRequest(request.HttpMethod, request.Url!.PathAndQuery, headers, body);
        Received.Enqueue(received);

        var response = context.Response;
        var path = request.Url.AbsolutePath;
        string answer;
        if (path == "/missing") { response.StatusCode = 404; response.ContentType = "text/plain"; answer = "nothing here"; }
        else if (path == "/redirect") { response.StatusCode = 302; response.RedirectLocation = Url("/json"); answer = ""; }
        else if (path == "/text") { response.ContentType = "text/plain; charset=utf-8"; answer = "plain words"; }
        else
        {
            response.ContentType = "application/json";
            answer = System.Text.Json.JsonSerializer.Serialize(new
            {
                method = received.Method, path = received.PathAndQuery, body = received.Body,
                x_test = headers.GetValueOrDefault("X-Test"), authorization = headers.GetValueOrDefault("Authorization"),
            });
        }
        var bytes = Encoding.UTF8.GetBytes(answer);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
