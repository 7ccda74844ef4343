using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// std.http and std.mistral_http: one real HTTP request with the inputs Python's requests library takes from
/// Mistral's HTTPAction, and its result in the same shape (content parsed as JSON when it is JSON, status, headers,
/// url, history, encoding, reason, cookies, elapsed). A status outside 200..306 fails the action with that result as
/// its error, as on the server. Redirects are followed only with <c>allow_redirects: true</c>, since the server's
/// action passes None (not followed) by default; <c>verify: false</c> accepts any certificate on https.
/// </summary>
internal sealed class HttpAction : IDisposable
{
    private const string ActionName = "<mistral.actions.std_actions.HTTPAction object>";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // One client per (redirects, verify) pair, so connections are reused across actions.
    private readonly Dictionary<(bool Redirects, bool Verify), HttpClient> _clients = new();
    private readonly Lock _gate = new();
    private readonly Uri? _callbackBase;

    public HttpAction(Uri? callbackBase) => _callbackBase = callbackBase;

    public async Task<ActionOutcome> RunAsync(
        IReadOnlyDictionary<string, object?> input, ActionContext context, bool callbackHeaders, CancellationToken cancellationToken)
    {
        var body = ActionInput.Get(input, "body");
        var json = ActionInput.Get(input, "json");
        if (IsSet(body) && IsSet(json))
            return ActionOutcome.InvalidInput("Only one of the parameters 'json' and 'body' can be passed");

        HttpRequestMessage request;
        try
        {
            request = BuildRequest(input, body, json);
        }
        catch (Exception problem) when (problem is UriFormatException or FormatException or ArgumentException or InvalidOperationException)
        {
            return Raised(context, problem.Message);
        }
        if (callbackHeaders) AddCallbackHeaders(request, context);

        var client = Client(ActionInput.Get(input, "allow_redirects") is true, ActionInput.Get(input, "verify") is not false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout(ActionInput.Get(input, "timeout")));
        var clock = Stopwatch.StartNew();
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, timeout.Token))
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                var result = Result(response, bytes, clock.Elapsed);
                var status = (int)response.StatusCode;
                return status is >= 200 and < 307 ? ActionOutcome.Ok(result) : ActionOutcome.Failed(ExpressionValues.Str(result));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Raised(context, "Failed to send HTTP request: the request timed out");
        }
        catch (HttpRequestException problem)
        {
            return Raised(context, "Failed to send HTTP request: " + problem.Message);
        }
    }

    private static HttpRequestMessage BuildRequest(IReadOnlyDictionary<string, object?> input, object? body, object? json)
    {
        var method = new HttpMethod((ActionInput.Get(input, "method") as string ?? "GET").ToUpperInvariant());
        var url = ActionInput.Get(input, "url") as string ?? throw new FormatException("Invalid URL: the url is not text");
        var request = new HttpRequestMessage(method, WithQuery(url, ActionInput.Get(input, "params")));

        if (IsSet(json))
        {
            request.Content = new StringContent(PythonJson.Dumps(json), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        else if (body is IDictionary<string, object?> map)
            request.Content = new StringContent(PythonJson.Dumps(map), Encoding.UTF8);
        else if (IsSet(body))
            request.Content = new StringContent(ExpressionValues.Str(body), Encoding.UTF8);
        else if (request.Content is not null) request.Content.Headers.ContentType = null;

        if (ActionInput.Get(input, "headers") is IDictionary<string, object?> headers)
            foreach (var (name, value) in headers)
                AddHeader(request, name, value is string text ? text : ExpressionValues.Str(value));

        if (ActionInput.Get(input, "auth") is string auth && auth.Split(':') is { Length: 2 } pair)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(pair[0] + ":" + pair[1])));
        return request;
    }

    private void AddCallbackHeaders(HttpRequestMessage request, ActionContext context)
    {
        // As the server's std.mistral_http; a header whose value is unknown is left out, as requests drops None.
        var headers = new (string Name, string? Value)[]
        {
            ("Mistral-Workflow-Name", context.WorkflowName),
            ("Mistral-Workflow-Execution-Id", context.WorkflowExecutionId),
            ("Mistral-Task-Id", context.TaskExecutionId),
            ("Mistral-Action-Execution-Id", context.ActionExecutionId),
            ("Mistral-Callback-URL", _callbackBase is null ? null : new Uri(_callbackBase, "v2/action_executions/" + context.ActionExecutionId).ToString()),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static void AddHeader(HttpRequestMessage request, string name, string value)
    {
        if (request.Headers.TryAddWithoutValidation(name, value)) return;
        request.Content ??= new ByteArrayContent(Array.Empty<byte>());
        request.Content.Headers.Remove(name);
        request.Content.Headers.TryAddWithoutValidation(name, value);
    }

    private static string WithQuery(string url, object? parameters)
    {
        if (parameters is not IDictionary<string, object?> map || map.Count == 0) return url;
        var query = string.Join("&", map.Where(p => p.Value is not null).SelectMany(p =>
            (p.Value is IEnumerable<object?> items ? items : new[] { p.Value })
            .Select(v => WebUtility.UrlEncode(p.Key) + "=" + WebUtility.UrlEncode(ExpressionValues.Str(v)))));
        return url + (url.Contains('?') ? "&" : "?") + query;
    }

    private static Dictionary<string, object?> Result(HttpResponseMessage response, byte[] bytes, TimeSpan elapsed)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = string.Join(", ", values);
        var encoding = ResponseEncoding(response);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["content"] = Content(bytes, encoding),
            ["status"] = (long)(int)response.StatusCode,
            ["headers"] = headers,
            ["url"] = response.RequestMessage?.RequestUri?.ToString(),
            ["history"] = new List<object?>(),
            ["encoding"] = encoding,
            ["reason"] = response.ReasonPhrase,
            ["cookies"] = new Dictionary<string, object?>(StringComparer.Ordinal),
            ["elapsed"] = elapsed.TotalSeconds,
        };
    }

    // requests: the charset of the Content-Type, ISO-8859-1 for text/* and utf-8 for JSON without one, else None.
    private static string? ResponseEncoding(HttpResponseMessage response)
    {
        var type = response.Content.Headers.ContentType;
        if (type?.CharSet is { Length: > 0 } charset) return charset.Trim('"');
        var media = type?.MediaType ?? "";
        if (media.StartsWith("text/", StringComparison.OrdinalIgnoreCase)) return "ISO-8859-1";
        return media.Contains("application/json", StringComparison.OrdinalIgnoreCase) ? "utf-8" : null;
    }

    private static object? Content(byte[] bytes, string? encoding)
    {
        var text = DecodeText(bytes, encoding);
        try
        {
            return ExpressionValues.FromJson(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string DecodeText(byte[] bytes, string? encoding)
    {
        try
        {
            return (encoding is null ? Encoding.UTF8 : Encoding.GetEncoding(encoding)).GetString(bytes);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(bytes);
        }
    }

    private static TimeSpan Timeout(object? value) =>
        value is long or double && ActionInput.Seconds(value, whole: false) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;

    private static bool IsSet(object? value) => value is not null && !(value is string { Length: 0 });

    private static ActionOutcome Raised(ActionContext context, string message) =>
        ActionOutcome.Raised(ActionName, context.ActionExecutionId, message);

    private HttpClient Client(bool redirects, bool verify)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue((redirects, verify), out var client)) return client;
            var handler = new SocketsHttpHandler { AllowAutoRedirect = redirects, UseCookies = false };
            if (!verify) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _clients[(redirects, verify)] = client;
            return client;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values) client.Dispose();
            _clients.Clear();
        }
    }
}
