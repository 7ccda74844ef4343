using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class CronTriggersClient(MistralTransport transport) : ICronTriggers
{
    private const string Path = "cron_triggers";

    public async Task<CronTrigger> CreateAsync(CronTriggerRequest request, CancellationToken cancellationToken)
    {
        if (request.WorkflowName is null == request.WorkflowId is null)
            throw new ArgumentException("Give the workflow's name or its id (one of the two).", nameof(request));
        var body = new CronTriggerCreateBody(request.Name, request.WorkflowName, request.WorkflowId, request.WorkflowInput,
            request.WorkflowParams, request.Pattern, FormatFirstTime(request.FirstExecutionTime), request.RemainingExecutions);
        var call = new MistralCall(HttpMethod.Post, Path, Body: Bodies.JsonOf(body, MistralJsonContext.Default.CronTriggerCreateBody), Repeatable: true);
        try
        {
            return await transport.SendAsync(call, MistralJsonContext.Default.CronTrigger, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException conflict) when (conflict.Attempts > 1)
        {
            var existing = await GetAsync(request.Name, cancellationToken).ConfigureAwait(false);
            return IsWhatWasAsked(existing, request)
                ? existing
                : throw RetriedCreate.Different(conflict, $"cron trigger '{request.Name}'", existing);
        }
    }

    /// <summary>Mistral reads the first time in whole minutes, UTC.</summary>
    internal static string? FormatFirstTime(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The same trigger, allowing for what the service fills in or changes on its own: an empty input or params for
    /// none, Mistral's placeholder pattern for a one-shot trigger, and a count that went down because it fired.
    /// </summary>
    internal static bool IsWhatWasAsked(CronTrigger existing, CronTriggerRequest asked) =>
        (asked.WorkflowName is null || existing.WorkflowName == asked.WorkflowName) &&
        (asked.WorkflowId is null || existing.WorkflowId == asked.WorkflowId) &&
        JsonNode.DeepEquals(asked.WorkflowInput ?? new JsonObject(), existing.WorkflowInput ?? new JsonObject()) &&
        JsonNode.DeepEquals(asked.WorkflowParams ?? new JsonObject(), existing.WorkflowParams ?? new JsonObject()) &&
        (asked.Pattern is null || existing.Pattern == asked.Pattern) &&
        (asked.FirstExecutionTime is null || FormatFirstTime(existing.FirstExecutionTime) == FormatFirstTime(asked.FirstExecutionTime)) &&
        (asked.RemainingExecutions is null || existing.RemainingExecutions <= asked.RemainingExecutions);

    public Task<CronTrigger> GetAsync(string name, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(name)), MistralJsonContext.Default.CronTrigger, cancellationToken);

    public IAsyncEnumerable<CronTrigger> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "cron_triggers", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListCronTrigger, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(name)), cancellationToken);
}
