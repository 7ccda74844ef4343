using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// Turns an error answer into the matching <see cref="MistralException"/>. This is where the server's error quirks
/// are handled: <c>{"faultstring"}</c>-only bodies from text/plain endpoints, HTML or plain-text 404s for unknown URLs, and 500s
/// that wrap another status ("DBEntityNotFoundError: 404: Workflow not found" when starting an unknown workflow).
/// </summary>
internal static partial class FaultReader
{
    [GeneratedRegex(@"^\w+Error: (?<status>[1-5]\d\d): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex WrappedStatus();

    public static MistralException ToException(HttpMethod method, string path, HttpStatusCode status, string? contentType,
        string body, int attempts, int maxMessageLength)
    {
        var serverMessage = ReadFaultString(contentType, body);
        var effective = status;
        if (status == HttpStatusCode.InternalServerError && serverMessage is not null &&
            WrappedStatus().Match(serverMessage) is { Success: true } wrapped)
        {
            effective = (HttpStatusCode)int.Parse(wrapped.Groups["status"].Value);
            serverMessage = wrapped.Groups["message"].Value;
        }
        if (serverMessage is not null) serverMessage = FaultText.Summarize(serverMessage, maxMessageLength);

        var reason = serverMessage ?? DescribeWithoutFault(status, contentType);
        var message = $"{method} {path} → {(int)status} {status}: {reason}";
        if (attempts > 1) message += $" (after {attempts} attempts)";
        return Create(effective, message, method, path, status, serverMessage, attempts);
    }

    private static MistralException Create(HttpStatusCode effective, string message, HttpMethod method, string path,
        HttpStatusCode status, string? serverMessage, int attempts) => (int)effective switch
    {
        404 => new MistralNotFoundException(message, method, path, status, serverMessage) { Attempts = attempts },
        409 => new MistralConflictException(message, method, path, status, serverMessage) { Attempts = attempts },
        400 or 422 => new MistralBadRequestException(message, method, path, status, serverMessage) { Attempts = attempts },
        401 or 403 => new MistralForbiddenException(message, method, path, status, serverMessage) { Attempts = attempts },
        408 or 429 or 502 or 503 or 504 => new MistralUnavailableException(message, method, path, status, serverMessage) { Attempts = attempts },
        _ => new MistralServerException(message, method, path, status, serverMessage) { Attempts = attempts },
    };

    /// <summary>The <c>faultstring</c> of a JSON error body, or null for HTML and other bodies.</summary>
    public static string? ReadFaultString(string? contentType, string body)
    {
        if (contentType is null || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("faultstring", out var fault) &&
                   fault.ValueKind == JsonValueKind.String
                ? fault.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Mistral's own 404s are JSON faults; the web server's 404 for a path no API serves is HTML or plain text
    // (depending on Accept), which usually means the endpoint is not a Mistral API root.
    private static string DescribeWithoutFault(HttpStatusCode status, string? contentType) =>
        status == HttpStatusCode.NotFound
            ? $"the server has no such API path ({contentType ?? "no"} answer, not a Mistral fault); check that the endpoint is a Mistral v2 API (http://host:8989)"
            : "the server gave no error message";
}
