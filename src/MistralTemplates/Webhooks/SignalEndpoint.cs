using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MistralTemplates.Webhooks;

/// <summary>
/// One signal delivery: size, media type, signature, rate, body, then the start. Callers learn only the status: a
/// refused URL answers 403 with the same body whatever the reason (unknown stack or resource, bad or expired
/// signature), so it tells nothing about which stacks exist; the log says why.
/// </summary>
internal sealed class SignalEndpoint(IStackStateStore store, Signals signals, SignalGatewayOptions options) : IDisposable
{
    /// <summary>What a URL for a stack that does not exist is checked against: random, never a stack's.</summary>
    private static readonly string UnknownStackSecret = SignalSignature.NewSecret();

    private readonly PartitionedRateLimiter<string>? rateLimit = options.MaxSignalsPerMinute is { } perMinute
        ? PartitionedRateLimiter.Create<string, string>(url => RateLimitPartition.GetFixedWindowLimiter(url, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }))
        : null;

    /// <summary>Where the handler leaves its outcome for the request log.</summary>
    public const string OutcomeKey = "signal.outcome";

    public async Task HandleAsync(HttpContext http)
    {
        var stack = http.Request.RouteValues["stack"] as string ?? "";
        var resource = http.Request.RouteValues["resource"] as string ?? "";
        var started = Stopwatch.GetTimestamp();
        var (status, body, outcome) = await DecideAsync(http, stack, resource, http.RequestAborted).ConfigureAwait(false);
        http.Items[OutcomeKey] = outcome;
        // The stack's record is read for its secret, and reading a real one takes longer than missing an unknown one.
        if (status == StatusCodes.Status403Forbidden)
        {
            try
            {
                // A timer may fire a little early: wait again until the minimum has really passed.
                while (options.MinimumRefusalTime - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(rest.TotalMilliseconds)), http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                return;   // the caller left; nobody waits for the answer
            }
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(int Status, JsonObject Body, string Outcome)> DecideAsync(HttpContext http, string stack, string resource, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > options.MaxBodyBytes) return TooLarge(http.Request.ContentLength.Value);
        // A browser posts text/plain or a form across sites without asking first; only JSON is a signal.
        if (!IsJson(http.Request.ContentType))
            return (StatusCodes.Status415UnsupportedMediaType, Error("send the signal with Content-Type: application/json."),
                "refused: content type " + (http.Request.ContentType is { Length: > 0 } type ? type : "missing"));

        var (record, refusal) = await CheckUrlAsync(http.Request.Query, stack, resource, cancellationToken).ConfigureAwait(false);
        if (record is null) return (StatusCodes.Status403Forbidden, Error("the signal URL is not valid."), "refused: " + refusal);
        // Counted only once the signature holds, so forged requests cannot use up a real URL's allowance.
        using var lease = rateLimit?.AttemptAcquire(stack + "/" + resource);
        if (lease is { IsAcquired: false })
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return (StatusCodes.Status429TooManyRequests, Error($"this signal URL takes at most {options.MaxSignalsPerMinute} signals a minute; retry in {seconds} s."),
                "refused: rate limit");
        }

        var bytes = await ReadBodyAsync(http.Request.Body, cancellationToken).ConfigureAwait(false);
        if (bytes is null) return TooLarge(null);
        JsonNode? data;
        try
        {
            data = bytes.Length == 0 ? null : JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            return (StatusCodes.Status400BadRequest, Error("the body is not valid JSON: " + e.Message), "bad JSON");
        }

        var id = DeliveryId.Of(record.StackId, stack, resource, bytes, options.Clock.GetUtcNow(), options.DeliveryWindow);
        try
        {
            var execution = await signals.SignalAsync(stack, resource, data, executionId: id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (StatusCodes.Status202Accepted,
                new JsonObject { ["execution_id"] = execution.Id, ["workflow_name"] = execution.WorkflowName, ["state"] = execution.State.ToMistralName() },
                $"started execution {execution.Id} of {execution.WorkflowName}");
        }
        catch (DeploymentException e)
        {
            return (StatusCodes.Status400BadRequest, Error(e.Message), "not started: " + e.Message);
        }
        catch (MistralBadRequestException e)
        {
            return (StatusCodes.Status400BadRequest, Error(e.Message), "not started, Mistral refused: " + e.Message);
        }
        catch (MistralException e)
        {
            return (StatusCodes.Status502BadGateway, Error("the workflow service failed: " + e.Message), "not started, Mistral failed: " + e.Message);
        }
    }

    /// <summary>
    /// The stack's record when the URL is signed with its secret for one of its workflow resources and has not expired.
    /// The form of the query is checked before anything is looked up, and an unknown stack is checked against a
    /// secret of this process's own, so a made-up URL costs the same work, and gets the same answer, whether or not
    /// the stack exists.
    /// </summary>
    private async Task<(StackRecord? Record, string Refusal)> CheckUrlAsync(IQueryCollection query, string stack, string resource,
        CancellationToken cancellationToken)
    {
        long? expires = null;
        if (query.TryGetValue("expires", out var given))
        {
            if (given.Count != 1 || !long.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return (null, "malformed expires");
            expires = seconds;
        }
        var signature = query.TryGetValue("signature", out var signatures) && signatures.Count == 1 ? signatures[0] : null;
        var form = SignalSignature.CheckForm(signature);
        if (form != SignatureCheck.Valid) return (null, "signature " + form.ToString().ToLowerInvariant());
        try
        {
            StackNames.Validate(stack);
        }
        catch (ArgumentException)
        {
            return (null, "not a stack name");
        }
        var record = await store.GetAsync(stack, cancellationToken).ConfigureAwait(false);
        var check = SignalSignature.Verify(record?.SignalSecret ?? UnknownStackSecret, stack, resource, expires, signature, options.Clock.GetUtcNow());
        if (record is null) return (null, "no such stack");
        if (record.SignalSecret is null) return (null, "the stack has no signal secret (deploy it again)");
        if (check != SignatureCheck.Valid) return (null, "signature " + check.ToString().ToLowerInvariant());
        // Only a holder of the secret gets this far, so telling a wrong resource apart tells nothing new.
        if (!record.Resources.TryGetValue(resource, out var recorded) || recorded.Type != MistralWorkflowResource.ResourceType)
            return (null, "no such workflow resource");
        return (record, "");
    }

    /// <summary>Whether the request's media type is JSON (<c>application/json</c>, any parameters such as <c>charset</c>).</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) &&
        string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body, or null when it is longer than allowed (read no further than one byte past the limit).</summary>
    private async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > options.MaxBodyBytes) return null;
        }
        return copy.ToArray();
    }

    private (int, JsonObject, string) TooLarge(long? length) =>
        (StatusCodes.Status413PayloadTooLarge, Error($"the body is larger than {options.MaxBodyBytes} bytes."),
            "refused: body too large" + (length is { } l ? $" ({l} bytes)" : ""));

    private static JsonObject Error(string message) => new() { ["error"] = message };

    public void Dispose() => rateLimit?.Dispose();
}
