using System;
using System.Collections.Generic;
using System.Net.Http;
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
            request.WorkflowParams, request.Pattern, CronTriggerComparison.FormatFirstTime(request.FirstExecutionTime), request.RemainingExecutions);
        var call = new MistralCall(HttpMethod.Post, Path, Body: Bodies.JsonOf(body, MistralJsonContext.Default.CronTriggerCreateBody), Repeatable: true);
        try
        {
            return await transport.SendAsync(call, MistralJsonContext.Default.CronTrigger, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException conflict) when (conflict.Attempts > 1)
        {
            var existing = await GetAsync(request.Name, cancellationToken).ConfigureAwait(false);
            return CronTriggerComparison.IsWhatWasAsked(existing, request)
                ? existing
                : throw RetriedCreate.Different(conflict, $"cron trigger '{request.Name}'", existing);
        }
    }


    public Task<CronTrigger> GetAsync(string name, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(name)), MistralJsonContext.Default.CronTrigger, cancellationToken);

    public IAsyncEnumerable<CronTrigger> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "cron_triggers", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListCronTrigger, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(name)), cancellationToken);
}
