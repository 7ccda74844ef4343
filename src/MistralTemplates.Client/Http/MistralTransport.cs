using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MistralTemplates.Mistral.Http;

/// <summary>One call to the API: what to send and whether it may be sent again after a failure.</summary>
internal sealed record MistralCall(HttpMethod Method, string Path, QueryString? Query = null, HttpContent? Body = null, bool Repeatable = false)
{
    public static MistralCall Get(string path, QueryString? query = null) => new(HttpMethod.Get, path, query, Repeatable: true);

    public static MistralCall Delete(string path, QueryString? query = null) => new(HttpMethod.Delete, path, query, Repeatable: true);
}

/// <summary>
/// Sends calls through the handler chain and turns every failure into a <see cref="MistralException"/>: error answers
/// via <see cref="FaultReader"/>, and no answer at all (after the retries) as <see cref="MistralUnavailableException"/>.
/// Caller cancellation is never wrapped.
/// </summary>
internal sealed class MistralTransport(Func<HttpClient> httpClient, MistralApiRoot apiRoot, int maxServerMessageLength)
{
    private const int MaxErrorBodyBytes = 1 << 20;

    /// <summary>The API root, or null while it waits to be looked up in the service catalog.</summary>
    public Uri? ApiRoot => apiRoot.Known;

    public async Task<T> SendAsync<T>(MistralCall call, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var value = await JsonSerializer.DeserializeAsync(stream, answer, cancellationToken).ConfigureAwait(false);
        return value ?? throw new JsonException($"{call.Method} {call.Path}: the answer was JSON null.");
    }

    /// <summary>An answer of the form <c>{"workflows": [...]}</c>, as creates and updates of definitions give.</summary>
    public async Task<IReadOnlyList<T>> ListAnswerAsync<T>(MistralCall call, string collection, JsonTypeInfo<List<T>> items, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty(collection, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.Deserialize(items) ?? []
            : throw new JsonException($"{call.Method} {call.Path}: the answer has no '{collection}' list.");
    }

    /// <summary>
    /// Deletes; a 404 on a retry counts as done, because the attempt whose answer was lost is what deleted it.
    /// </summary>
    public async Task DeleteAsync(MistralCall call, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException notFound) when (notFound.Attempts > 1)
        {
        }
    }

    /// <summary>POSTs a definition to <c>{path}/validate</c>; the verdict is in the answer, never an error status.</summary>
    public async Task<DefinitionValidation> ValidateAsync(string path, string definition, CancellationToken cancellationToken)
    {
        var call = new MistralCall(HttpMethod.Post, path + "/validate", Body: Bodies.Definition(definition), Repeatable: true);
        var answer = await SendAsync(call, Json.MistralJsonContext.Default.ValidationAnswer, cancellationToken).ConfigureAwait(false);
        return new DefinitionValidation(answer.Valid,
            answer.Error is null ? null : FaultText.Summarize(answer.Error, maxServerMessageLength));
    }

    /// <summary>Sends the call; the answer is a success (2xx) the caller must dispose.</summary>
    public async Task<HttpResponseMessage> SendAsync(MistralCall call, CancellationToken cancellationToken)
    {
        var root = await apiRoot.GetAsync(cancellationToken).ConfigureAwait(false);
        // No canonicalisation: it would unescape "%2E%2E" and collapse a name of dots into a parent path.
        var uri = new Uri(root.AbsoluteUri + call.Path + (call.Query?.ToString() ?? ""),
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(call.Method, uri) { Content = call.Body };
        var attempts = new AttemptCounter();
        request.Options.Set(AttemptCountingHandler.Key, attempts);
        request.Options.Set(MistralResilience.Repeatable, call.Repeatable);
        var path = uri.PathAndQuery;

        HttpResponseMessage response;
        try
        {
            response = await httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or OperationCanceledException or IOException)
        {
            throw Unreachable(call.Method, path, e, Math.Max(1, attempts.Count), root);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            throw FaultReader.ToException(call.Method, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                body, Math.Max(1, attempts.Count), maxServerMessageLength);
        }
    }

    /// <summary>
    /// Streams every item of a list, page by page. The service's own <c>next</c> link is not followed as is: it
    /// mangles <c>in:</c> filters (<c>state=in:['SUCCESS', 'ERROR']</c>), so only its marker and sort are taken.
    /// </summary>
    public async IAsyncEnumerable<T> ListAsync<T>(string path, string collection, QueryString query, int pageSize,
        JsonTypeInfo<List<T>> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = query.With("limit", limit);
        while (true)
        {
            using var response = await SendAsync(MistralCall.Get(path, page), cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.TryGetProperty(collection, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.Deserialize(items) ?? [])
                    yield return item;
            }
            if (!root.TryGetProperty("next", out var next) || next.ValueKind != JsonValueKind.String ||
                NextPageLink.Parse(next.GetString()!) is not { } link)
                yield break;
            page = link.ApplyTo(query).With("limit", limit);
        }
    }

    private static MistralUnavailableException Unreachable(HttpMethod method, string path, Exception failure, int attempts, Uri apiRoot)
    {
        var reason = failure switch
        {
            BrokenCircuitException => "the circuit is open after repeated failures; calls are refused until it closes",
            TimeoutRejectedException => "no answer in time",
            OperationCanceledException => "no answer in time",
            _ => failure.GetBaseException().Message,
        };
        // The address is what a user most often got wrong; name it.
        var message = $"{method} {path}: the Mistral API at {apiRoot.GetLeftPart(UriPartial.Authority)} could not be reached: {reason}" +
                      (attempts > 1 ? $" (after {attempts} attempts)" : "") + ". Check the address and that the server runs.";
        return new MistralUnavailableException(message, method, path, null, null, failure) { Attempts = attempts };
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
