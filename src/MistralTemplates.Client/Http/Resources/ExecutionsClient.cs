using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class ExecutionsClient(MistralTransport transport) : IExecutions
{
    private const string Path = "executions";

    public Task<Execution> CreateAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        if (request.WorkflowName is null == request.WorkflowId is null)
            throw new ArgumentException("Give the workflow's name or its id (one of the two).", nameof(request));
        // The id makes the start idempotent: a retry of a start whose answer was lost returns that execution.
        var body = new ExecutionCreateBody(request.Id ?? Guid.NewGuid().ToString(), request.WorkflowName, request.WorkflowId,
            request.Namespace, request.Input, request.Description, request.Params);
        return transport.SendAsync(new MistralCall(HttpMethod.Post, Path, Body: Bodies.JsonOf(body, MistralJsonContext.Default.ExecutionCreateBody), Repeatable: true),
            MistralJsonContext.Default.Execution, cancellationToken);
    }

    public Task<Execution> GetAsync(string id, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(id)), MistralJsonContext.Default.Execution, cancellationToken);

    public IAsyncEnumerable<Execution> ListAsync(ExecutionQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "executions", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListExecution, cancellationToken);

    public Task<Execution> UpdateStateAsync(string id, ExecutionState state, string? stateInfo, CancellationToken cancellationToken)
    {
        var body = new ExecutionStateBody(state.ToMistralName(), stateInfo);
        return transport.SendAsync(new MistralCall(HttpMethod.Put, Path + "/" + Segment.Of(id), Body: Bodies.JsonOf(body, MistralJsonContext.Default.ExecutionStateBody), Repeatable: true),
            MistralJsonContext.Default.Execution, cancellationToken);
    }

    public Task DeleteAsync(string id, bool force, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(id), force ? QueryString.Empty.With("force", "true") : null), cancellationToken);

    public IAsyncEnumerable<TaskExecution> ListTasksAsync(string executionId, ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path + "/" + Segment.Of(executionId) + "/tasks", "tasks", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListTaskExecution, cancellationToken);

    public async Task<ExecutionReport> GetReportAsync(string id, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(id) + "/report"), MistralJsonContext.Default.ReportAnswer, cancellationToken).ConfigureAwait(false);
        return new ExecutionReport(answer.Statistics ?? new ExecutionReportStatistics(), answer.RootWorkflowExecution);
    }
}
