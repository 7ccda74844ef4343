using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>What the client sent on one attempt, captured when it was sent (a retry re-sends the same message).</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType,
    long? ContentLength, string? Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The decoded value of a query parameter, or null.</summary>
    public string? Query(string name) => QueryParameters.TryGetValue(name, out var value) ? value : null;

    public IReadOnlyDictionary<string, string> QueryParameters =>
        Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "");
}

/// <summary>How the canned server answers one attempt.</summary>
internal delegate Task<HttpResponseMessage> Answer(RecordedRequest request, CancellationToken cancellationToken);

/// <summary>
/// The innermost handler of a client under test: records every attempt and answers from canned responses, so the
/// client's whole handler chain (resilience, authentication, attempt counting) runs without a server.
/// </summary>
internal sealed class CannedHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, int, Answer> _choose;
    private readonly List<RecordedRequest> _requests = [];
    private readonly object _gate = new();

    private CannedHandler(Func<RecordedRequest, int, Answer> choose) => _choose = choose;

    /// <summary>The n-th attempt gets the n-th answer; the last answer repeats.</summary>
    public static CannedHandler InTurn(params Answer[] answers) =>
        new((_, n) => answers[Math.Min(n, answers.Length - 1)]);

    /// <summary>Answers chosen from the request and its zero-based attempt number (over all calls).</summary>
    public static CannedHandler Routing(Func<RecordedRequest, int, Answer> choose) => new(choose);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordAsync(request, cancellationToken);
        int number;
        lock (_gate)
        {
            number = _requests.Count;
            _requests.Add(recorded);
        }
        var response = await _choose(recorded, number)(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    private static async Task<RecordedRequest> RecordAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers) headers[header.Key] = string.Join(", ", header.Value);
        string? body = null;
        string? contentType = null;
        long? contentLength = null;
        if (request.Content is { } content)
        {
            foreach (var header in content.Headers) headers[header.Key] = string.Join(", ", header.Value);
            contentType = content.Headers.ContentType?.ToString();
            contentLength = content.Headers.ContentLength;
            body = await content.ReadAsStringAsync(cancellationToken);
        }
        return new RecordedRequest(request.Method, request.RequestUri!, headers, contentType, contentLength, body);
    }
}

/// <summary>The canned answers tests use.</summary>
internal static class Answers
{
    /// <summary>A JSON answer with the given status.</summary>
    public static Answer Json(HttpStatusCode status, string body) => (_, _) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    /// <summary>A JSON answer whose body is a transcript file.</summary>
    public static Answer FromTranscript(HttpStatusCode status, string file) => Json(status, Transcript.Read(file));

    public static Answer NoContent() => (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));

    /// <summary>A status with an empty body, as a proxy or load balancer sends 502-504.</summary>
    public static Answer Status(HttpStatusCode status) => (_, _) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("") });

    public static Answer ServiceUnavailable(TimeSpan? retryAfter = null) => (_, _) =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") };
        if (retryAfter is { } delay) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        return Task.FromResult(response);
    };

    /// <summary>The server's HTML page for a URL it has no route for.</summary>
    public static Answer HtmlNotFound() => (_, _) =>
    {
        var content = new StringContent(Transcript.Read("unknown-collection-404.html"), Encoding.UTF8, "text/html");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { Content = content });
    };

    /// <summary>The request reached the server (it is recorded) but its answer never came back: the connection broke.</summary>
    public static Answer LostAnswer() => (_, _) =>
        Task.FromException<HttpResponseMessage>(new HttpRequestException("The response ended prematurely (connection reset)."));

    /// <summary>No connection: refused before anything was sent.</summary>
    public static Answer ConnectionRefused() => (_, _) =>
        Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (mistral.test:8989)"));

    /// <summary>Never answers; only cancellation (an attempt timeout or the caller) ends the wait.</summary>
    public static Answer Never() => async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };
}
