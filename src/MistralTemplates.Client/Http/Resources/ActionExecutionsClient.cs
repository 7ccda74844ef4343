using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class ActionExecutionsClient(MistralTransport transport) : IActionExecutions
{
    private const string Path = "action_executions";

    // Not repeatable: an action run on its own has no id to make a second attempt harmless.
    public Task<ActionExecution> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        JsonObject? parameters = null;
        if (request.SaveResult is not null || request.RunSync is not null)
        {
            parameters = new JsonObject();
            if (request.SaveResult is { } save) parameters["save_result"] = save;
            if (request.RunSync is { } sync) parameters["run_sync"] = sync;
        }
        var body = new ActionRunBody(request.Name, request.Input, parameters);
        return transport.SendAsync(new MistralCall(HttpMethod.Post, Path, Body: Bodies.JsonOf(body, MistralJsonContext.Default.ActionRunBody)),
            MistralJsonContext.Default.ActionExecution, cancellationToken);
    }

    public Task<ActionExecution> GetAsync(string id, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(id)), MistralJsonContext.Default.ActionExecution, cancellationToken);

    public IAsyncEnumerable<ActionExecution> ListForTaskAsync(string taskExecutionId, ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync("tasks/" + Segment.Of(taskExecutionId) + "/" + Path, "action_executions", QueryString.From(query),
            QueryString.PageSize(query), MistralJsonContext.Default.ListActionExecution, cancellationToken);

    public Task<ActionExecution> CompleteAsync(string id, ExecutionState state, JsonNode? output, CancellationToken cancellationToken)
    {
        var body = new ActionCompleteBody(state.ToMistralName(), output?.ToJsonString());
        return transport.SendAsync(new MistralCall(HttpMethod.Put, Path + "/" + Segment.Of(id), Body: Bodies.JsonOf(body, MistralJsonContext.Default.ActionCompleteBody), Repeatable: true),
            MistralJsonContext.Default.ActionExecution, cancellationToken);
    }
}
