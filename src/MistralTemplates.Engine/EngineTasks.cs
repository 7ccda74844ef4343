using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>The task executions of every execution, as the server's <c>/v2/tasks</c> gives them.</summary>
internal sealed class EngineTasks(EngineDatabase database) : ITaskExecutions
{
    private const string Path = "/v2/tasks";
    private readonly RecordTable<TaskExecution> _tasks = new(database, "task_executions");

    public Task<TaskExecution> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(transaction => _tasks.FindById(transaction, id)
            ?? throw EngineFaults.NotFound(HttpMethod.Get, $"{Path}/{id}", $"Task execution not found [id={id}]"), cancellationToken);

    public IAsyncEnumerable<TaskExecution> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        _tasks.ListAsync(query, Path, cancellationToken);
}
