using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class EventTriggersClient(MistralTransport transport) : IEventTriggers
{
    private const string Path = "event_triggers";

    // Not repeatable: event triggers are addressed by a server-made id, so a retry after a lost answer could make two.
    public Task<EventTrigger> CreateAsync(EventTriggerRequest request, CancellationToken cancellationToken)
    {
        var body = new EventTriggerCreateBody(request.Name, request.WorkflowId, request.WorkflowInput, request.WorkflowParams,
            request.Exchange, request.Topic, request.Event);
        return transport.SendAsync(new MistralCall(HttpMethod.Post, Path, Body: Bodies.JsonOf(body, MistralJsonContext.Default.EventTriggerCreateBody)),
            MistralJsonContext.Default.EventTrigger, cancellationToken);
    }

    public Task<EventTrigger> GetAsync(string id, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(id)), MistralJsonContext.Default.EventTrigger, cancellationToken);

    public IAsyncEnumerable<EventTrigger> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "event_triggers", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListEventTrigger, cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(id)), cancellationToken);
}
