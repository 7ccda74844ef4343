using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MistralTemplates.Mistral.Tests.Faults;

public sealed class FaultProxyTests : IAsyncLifetime
{
    private readonly RecordingUpstream _upstream = new();
    private FaultProxy _proxy = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _upstream.StartAsync();
        _proxy = await FaultProxy.StartAsync(_upstream.Address);
        _client = NewClient(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Forwarding_passes_the_request_and_the_answer_through_unchanged()
    {
        _upstream.Respond = async context =>
        {
            context.Response.StatusCode = 201;
            context.Response.Headers["X-Upstream"] = "yes";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\": \"wb-1\"}");
        };
        var post = new HttpRequestMessage(HttpMethod.Post, "/v2/workbooks?scope=private&x=a%20b")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("version: '2.0'\nname: wb\n")),
        };
        post.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        post.Headers.TryAddWithoutValidation("Accept", "text/plain, application/json;q=0.5");
        post.Headers.TryAddWithoutValidation("X-Auth-Token", "secret");

        using HttpResponseMessage answer = await _client.SendAsync(post);

        SeenRequest seen = Assert.Single(_upstream.Seen);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/v2/workbooks?scope=private&x=a%20b", seen.PathAndQuery);
        Assert.Equal("version: '2.0'\nname: wb\n", seen.Body);
        Assert.Equal("text/plain", seen.ContentType);
        Assert.Equal("text/plain, application/json;q=0.5", seen.Accept);
        Assert.Equal("secret", seen.AuthToken);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("yes", Assert.Single(answer.Headers.GetValues("X-Upstream")));
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.ToString());
        Assert.Equal("{\"id\": \"wb-1\"}", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forwarding_adds_no_accept_header_of_its_own()
    {
        var post = new HttpRequestMessage(HttpMethod.Post, "/v2/workflows") { Content = new ByteArrayContent(new byte[] { 1 }) };
        post.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");

        using HttpResponseMessage answer = await _client.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("", Assert.Single(_upstream.Seen).Accept);
    }

    [Fact]
    public async Task Forwarding_follows_no_redirect_and_leaves_compressed_bodies_compressed()
    {
        byte[] gzipped = Gzip("hello");
        _upstream.Respond = async context =>
        {
            if (context.Request.Path == "/moved")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/elsewhere";
                return;
            }
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(gzipped);
        };

        using HttpResponseMessage redirect = await _client.GetAsync("/moved");
        using HttpResponseMessage compressed = await _client.GetAsync("/compressed");

        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("/elsewhere", redirect.Headers.Location?.OriginalString);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Equal(gzipped, await compressed.Content.ReadAsByteArrayAsync());
        Assert.Equal(new[] { "/moved", "/compressed" }, _upstream.Seen.Select(s => s.PathAndQuery));
    }

    [Fact]
    public async Task Status_answers_without_forwarding()
    {
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/executions", Fault.Status(503, retryAfter: "1")));

        using HttpResponseMessage answer = await _client.PostAsync("/v2/executions", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), answer.Headers.RetryAfter?.Delta);
        Assert.Contains("faultstring", await answer.Content.ReadAsStringAsync());
        Assert.Empty(_upstream.Seen);
    }

    [Fact]
    public async Task Reset_fails_the_request_without_forwarding()
    {
        _proxy.Inject(FaultRule.Any(Fault.Reset()));

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync("/v2/workflows"));

        Assert.Empty(_upstream.Seen);
    }

    [Fact]
    public async Task A_dropped_connection_carries_not_a_single_byte_of_answer()
    {
        // Below HttpClient: whatever Kestrel might send on abort (an empty 200, a partial header) would show here.
        _proxy.Inject(FaultRule.Any(Fault.Reset()));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _proxy.Endpoint.Port);
        NetworkStream stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v2/workflows HTTP/1.1\r\nHost: x\r\n\r\n"));

        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            // A reset surfaces as an IOException; a clean close ends the copy. Both mean the connection is gone.
        }

        Assert.Equal(0, received.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // on a reused connection HttpClient could be tempted to resend; the server must see one request
    public async Task ForwardThenDrop_fails_the_client_after_the_server_acted_once(bool reuseConnection)
    {
        if (reuseConnection)
        {
            using HttpResponseMessage warmUp = await _client.GetAsync("/v2/");
        }
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/executions", Fault.ForwardThenDrop()));
        _upstream.Respond = context => { context.Response.StatusCode = 201; return Task.CompletedTask; };

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync("/v2/executions", new StringContent("{}")));

        Assert.Equal(1, _upstream.Seen.Count(s => s.Method == "POST"));
        ProxyLogEntry entry = _proxy.Requests.Last();
        Assert.Equal("forward-then-drop", entry.Fault);
        Assert.Equal(201, entry.UpstreamStatus);
        Assert.Equal(1, _proxy.CountForwarded(HttpMethod.Post, "/v2/executions"));
    }

    [Fact]
    public async Task Delay_answers_after_the_delay()
    {
        _proxy.Inject(FaultRule.Any(Fault.Delay(TimeSpan.FromMilliseconds(400))));
        var clock = Stopwatch.StartNew();

        using HttpResponseMessage answer = await _client.GetAsync("/v2/workflows");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Single(_upstream.Seen);
    }

    [Fact]
    public async Task Delay_gives_up_with_the_client_and_forwards_nothing()
    {
        _proxy.Inject(FaultRule.Any(Fault.Delay(TimeSpan.FromSeconds(20))));
        using var timeout = new CancellationTokenSource();

        Task<HttpResponseMessage> call = _client.GetAsync("/v2/workflows", timeout.Token);
        await Until(() => _proxy.Requests.Count == 1); // the proxy holds the request...
        timeout.Cancel(); // ...when the client's timeout fires (a timeout is this same cancellation)

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _proxy.WaitUntilIdleAsync(TimeSpan.FromSeconds(10)); // well before 20 s, if it noticed the client leave
        Assert.Empty(_upstream.Seen);
        ProxyLogEntry entry = Assert.Single(_proxy.Requests);
        Assert.Null(entry.UpstreamStatus);
        Assert.True(entry.Completed);
    }

    [Fact]
    public async Task A_client_timeout_ends_a_delay()
    {
        using HttpClient impatient = NewClient(TimeSpan.FromSeconds(1));
        (await impatient.GetAsync("/v2/")).Dispose(); // warm up, so the 1 s are spent in the delay, not in start-up
        _proxy.Inject(FaultRule.Any(Fault.Delay(TimeSpan.FromSeconds(20))));

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync("/v2/workflows"));
        await Until(() => _proxy.Requests.Count == 2);
        await _proxy.WaitUntilIdleAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { "/v2/" }, _upstream.Seen.Select(s => s.PathAndQuery));
    }

    [Fact]
    public async Task ForwardThenDelay_holds_the_answer_of_a_server_that_already_acted()
    {
        _proxy.Inject(FaultRule.For(HttpMethod.Delete, "/v2/executions", Fault.ForwardThenDelay(TimeSpan.FromSeconds(20))));
        using var timeout = new CancellationTokenSource();

        Task<HttpResponseMessage> call = _client.DeleteAsync("/v2/executions/e-1", timeout.Token);
        await Until(() => _proxy.Requests.SingleOrDefault()?.UpstreamStatus == 200);
        Assert.False(call.IsCompleted, "the client got the answer that the proxy holds");
        timeout.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _proxy.WaitUntilIdleAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("/v2/executions/e-1", Assert.Single(_upstream.Seen).PathAndQuery);
    }

    [Fact]
    public async Task Rules_apply_in_order_and_are_used_up_after_their_count()
    {
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/executions", Fault.Status(503), times: 2));
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/executions", Fault.Status(429)));

        var statuses = new int[4];
        for (int i = 0; i < statuses.Length; i++)
        {
            using HttpResponseMessage answer = await _client.PostAsync("/v2/executions", new StringContent("{}"));
            statuses[i] = (int)answer.StatusCode;
        }
        using HttpResponseMessage other = await _client.PostAsync("/v2/executions_archive", new StringContent("{}"));
        using HttpResponseMessage get = await _client.GetAsync("/v2/executions?limit=1");

        Assert.Equal(new[] { 503, 503, 429, 200 }, statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(3, _upstream.Seen.Length);
    }

    [Fact]
    public async Task The_log_records_every_request_and_Clear_starts_afresh()
    {
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workflows", Fault.Reset()));
        _proxy.Inject(FaultRule.For(HttpMethod.Get, "/v2/workflows", Fault.Status(500)));

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync("/v2/workflows", new StringContent("x")));
        (await _client.GetAsync("/v2/workflows/wf?fields=id")).Dispose();
        (await _client.PostAsync("/v2/workflows", new StringContent("x"))).Dispose();
        await _proxy.WaitUntilIdleAsync(); // the client can see an answer a moment before the proxy marks it done

        Assert.Equal(
            new[]
            {
                new ProxyLogEntry(HttpMethod.Post, "/v2/workflows", "reset", null, true),
                new ProxyLogEntry(HttpMethod.Get, "/v2/workflows/wf?fields=id", "status 500", null, true),
                new ProxyLogEntry(HttpMethod.Post, "/v2/workflows", ProxyLogEntry.Forwarded, 200, true),
            },
            _proxy.Requests);
        Assert.Equal(2, _proxy.Count(HttpMethod.Post, "/v2/workflows"));
        Assert.Equal(1, _proxy.CountForwarded(HttpMethod.Post, "/v2/workflows"));
        Assert.Equal(1, _proxy.Count(HttpMethod.Get, "/v2/workflows"));

        _proxy.Inject(FaultRule.Any(Fault.Status(500)));
        _proxy.Clear();
        using HttpResponseMessage afterClear = await _client.GetAsync("/v2/workflows");

        Assert.Equal(HttpStatusCode.OK, afterClear.StatusCode);
        Assert.Equal(ProxyLogEntry.Forwarded, Assert.Single(_proxy.Requests).Fault);
    }

    private HttpClient NewClient(TimeSpan timeout) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = _proxy.Endpoint,
            Timeout = timeout,
        };

    private static async Task Until(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(10);
        }
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return buffer.ToArray();
    }

    private sealed record SeenRequest(string Method, string PathAndQuery, string Body, string ContentType, string Accept, string AuthToken);

    /// <summary>A stand-in server that records what reached it and answers 200 unless told otherwise.</summary>
    private sealed class RecordingUpstream : IAsyncDisposable
    {
        private readonly ConcurrentQueue<SeenRequest> _seen = new();
        private WebApplication? _app;

        public Uri Address { get; private set; } = null!;
        public Func<HttpContext, Task> Respond { get; set; } = _ => Task.CompletedTask;
        public SeenRequest[] Seen => _seen.ToArray();

        public async Task StartAsync() => (_app, Address) = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            HttpRequest request = context.Request;
            _seen.Enqueue(new SeenRequest(
                request.Method,
                request.Path + request.QueryString,
                await reader.ReadToEndAsync(),
                request.Headers.ContentType.ToString(),
                request.Headers.Accept.ToString(),
                request.Headers["X-Auth-Token"].ToString()));
            await Respond(context);
        });

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
