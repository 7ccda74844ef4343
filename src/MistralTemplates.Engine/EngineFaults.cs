using System;
using System.Net;
using System.Net.Http;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// The exceptions the REST client would throw for the same refusal by the real server: the same type, method, path
/// and status, and a message in the client's shape (<c>METHOD path → status: reason</c>).
/// </summary>
internal static class EngineFaults
{
    public static MistralNotFoundException NotFound(HttpMethod method, string path, string reason) =>
        new(Message(method, path, HttpStatusCode.NotFound, reason), method, path, HttpStatusCode.NotFound, reason);

    public static MistralConflictException Conflict(HttpMethod method, string path, string reason) =>
        new(Message(method, path, HttpStatusCode.Conflict, reason), method, path, HttpStatusCode.Conflict, reason);

    public static MistralBadRequestException BadRequest(HttpMethod method, string path, string reason) =>
        new(Message(method, path, HttpStatusCode.BadRequest, reason), method, path, HttpStatusCode.BadRequest, reason);

    /// <summary>What the real server answers with a 500 (an unknown sort key, for one).</summary>
    public static MistralServerException ServerError(HttpMethod method, string path, string reason) =>
        new(Message(method, path, HttpStatusCode.InternalServerError, reason), method, path, HttpStatusCode.InternalServerError, reason);

    /// <summary>A part of Mistral's API the embedded engine does not have yet.</summary>
    public static NotSupportedException NotYet(string part) =>
        new($"The embedded engine does not provide {part}. Point the stack at a real Mistral with --endpoint or MISTRAL_URL to use them.");

    public static string Query(string path, string? @namespace) =>
        string.IsNullOrEmpty(@namespace) ? path : $"{path}?namespace={Uri.EscapeDataString(@namespace)}";

    private static string Message(HttpMethod method, string path, HttpStatusCode status, string reason) =>
        $"{method} {path} → {(int)status} {status}: {reason}";
}
