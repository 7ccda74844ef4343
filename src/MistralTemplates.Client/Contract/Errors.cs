using System;
using System.Net;
using System.Net.Http;

namespace MistralTemplates.Mistral;

/// <summary>
/// The service refused or could not complete a call. Carries the request (method and path), the HTTP status when
/// there was an answer, and the service's own message, shortened when it embeds a whole schema.
/// </summary>
public class MistralException : Exception
{
    public MistralException(string message, HttpMethod method, string path, HttpStatusCode? statusCode,
        string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    public HttpMethod Method { get; }

    /// <summary>The request path and query, e.g. <c>/v2/executions/42</c>.</summary>
    public string Path { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>Mistral's <c>faultstring</c>, shortened to stay readable; null when the answer had none.</summary>
    public string? ServerMessage { get; }

    /// <summary>How many times the request was sent (more than one when a lost or refused answer was retried).</summary>
    public int Attempts { get; init; } = 1;
}

/// <summary>The object does not exist (404, or Mistral's 500 that wraps "not found").</summary>
public sealed class MistralNotFoundException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage)
    : MistralException(message, method, path, statusCode, serverMessage);

/// <summary>
/// An object with that name exists (409). <see cref="Existing"/> is set when the client compared it with what was
/// asked for after a retried create, and they differ.
/// </summary>
public sealed class MistralConflictException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage)
    : MistralException(message, method, path, statusCode, serverMessage)
{
    public object? Existing { get; init; }
}

/// <summary>The service refused the request as invalid (400): a bad definition, input or pattern. The message says why.</summary>
public sealed class MistralBadRequestException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage)
    : MistralException(message, method, path, statusCode, serverMessage);

/// <summary>Not allowed (401, 403): missing credentials, policy, or an operation the state forbids (deleting a running execution).</summary>
public sealed class MistralForbiddenException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage)
    : MistralException(message, method, path, statusCode, serverMessage);

/// <summary>
/// The service could not be reached or did not answer in time (connection refused or reset, 502-504, timeouts, an
/// open circuit), after the retries the options allow. <see cref="Attempts"/> says how many were made.
/// </summary>
public sealed class MistralUnavailableException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage, Exception? innerException = null)
    : MistralException(message, method, path, statusCode, serverMessage, innerException);

/// <summary>The service failed (500 and other statuses it should not send).</summary>
public sealed class MistralServerException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage)
    : MistralException(message, method, path, statusCode, serverMessage);
