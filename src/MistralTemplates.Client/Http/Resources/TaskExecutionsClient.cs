using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class TaskExecutionsClient(MistralTransport transport) : ITaskExecutions
{
    public Task<TaskExecution> GetAsync(string id, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get("tasks/" + Segment.Of(id)), MistralJsonContext.Default.TaskExecution, cancellationToken);

    public IAsyncEnumerable<TaskExecution> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync("tasks", "tasks", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListTaskExecution, cancellationToken);
}
