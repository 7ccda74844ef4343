using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Running;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// Workflow executions in the engine's database. A start checks the input as the server does, stores the execution
/// as RUNNING and runs it on a background task of its own; the final state, output and each finished task are
/// stored as they happen. Direct workflows with std.echo, std.noop and std.fail tasks run today.
/// </summary>
internal sealed class EngineExecutions(EngineDatabase database, TimeProvider time) : IExecutions, IDisposable
{
    private const string Path = "/v2/executions";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly RecordTable<Execution> _table = new(database, "executions");
    private readonly RecordTable<TaskExecution> _tasks = new(database, "task_executions");
    private readonly RecordTable<WorkflowDefinition> _workflows = new(database, "workflows");
    private readonly ConcurrentDictionary<string, (Task Run, CancellationTokenSource Stop)> _running = new();
    private readonly CancellationTokenSource _closing = new();

    public async Task<Execution> CreateAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        if (request.WorkflowName is null == request.WorkflowId is null)
            throw new ArgumentException("Give the workflow's name or its id (one of the two).", nameof(request));
        var id = request.Id ?? Guid.NewGuid().ToString();
        var (execution, workflow, isNew) = await database.InTransactionAsync(transaction =>
        {
            // A start repeated with the same id gets the execution the first one made.
            if (_table.FindById(transaction, id) is { } existing) return (existing, (Language.Dsl.DslWorkflow?)null, false);
            var definition = FindWorkflow(transaction, request);
            var parsed = WorkflowDefinitionReader.ReadWorkflow(definition.Definition ?? "", definition.Name)
                ?? throw EngineFaults.ServerError(HttpMethod.Post, Path, $"The stored definition of {definition.Name} does not parse.");
            if (parsed.Type == Language.Dsl.WorkflowType.Reverse)
                throw EngineFaults.NotYet("reverse workflow executions");
            var record = new Execution
            {
                Id = id, WorkflowId = definition.Id, WorkflowName = definition.Name, WorkflowNamespace = definition.Namespace ?? "",
                Description = request.Description ?? "", Tags = Array.Empty<string>(),
                Params = StartParameters(request, definition.Namespace ?? ""), State = ExecutionState.Running,
                Input = InputWithDefaults(parsed, request.Input), PublishedGlobal = new JsonObject(),
                ProjectId = "<default-project>", CreatedAt = EngineClock.Now(time), UpdatedAt = EngineClock.Now(time),
            };
            _table.Insert(transaction, id, record.WorkflowNamespace!, record.WorkflowName!, record);
            return (record, (Language.Dsl.DslWorkflow?)parsed, true);
        }, cancellationToken).ConfigureAwait(false);
        if (isNew) Start(execution, workflow!);
        return execution;
    }

    public Task<Execution> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(transaction => _table.FindById(transaction, id) ?? throw NotFound(HttpMethod.Get, id), cancellationToken);

    public async IAsyncEnumerable<Execution> ListAsync(ExecutionQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var all = await database.InTransactionAsync(_table.All, cancellationToken).ConfigureAwait(false);
        foreach (var record in ListQueryEvaluator.Apply(all, Filters(query), Path))
            yield return query?.IncludeOutput == true ? record : record with { Output = null };
    }

    public Task<Execution> UpdateStateAsync(string id, ExecutionState state, string? stateInfo = null, CancellationToken cancellationToken = default) =>
        throw EngineFaults.NotYet("pause, resume or cancel of executions");

    public async Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default)
    {
        var path = $"{Path}/{id}";
        var existing = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!existing.State.IsCompleted())
        {
            if (!force)
                throw new MistralForbiddenException($"DELETE {path} → 403 Forbidden: Only completed executions can be deleted; add force to delete a running one.",
                    HttpMethod.Delete, path, System.Net.HttpStatusCode.Forbidden, "Only completed executions can be deleted.");
            await StopAsync(id).ConfigureAwait(false);
        }
        await database.InTransactionAsync(transaction =>
        {
            _tasks.DeleteNamespace(transaction, id);
            return _table.DeleteById(transaction, id) ? true : throw NotFound(HttpMethod.Delete, id);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<TaskExecution> ListTasksAsync(string executionId, ListQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tasks = await database.InTransactionAsync(transaction =>
        {
            if (_table.FindById(transaction, executionId) is null) throw NotFound(HttpMethod.Get, executionId);
            return _tasks.InNamespace(transaction, executionId);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var task in ListQueryEvaluator.Apply(tasks, query, $"{Path}/{executionId}/tasks"))
            yield return task;
    }

    public Task<ExecutionReport> GetReportAsync(string id, CancellationToken cancellationToken = default) =>
        throw EngineFaults.NotYet("execution reports");

    /// <summary>Waits until no execution started by this engine is still running, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task WaitForRunningAsync(CancellationToken cancellationToken)
    {
        while (_running.Values.Select(r => r.Run).ToArray() is { Length: > 0 } runs)
            await Task.WhenAny(runs).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every run (they stay RUNNING in the database) and waits for them to let go of it.</summary>
    public void Dispose()
    {
        _closing.Cancel();
        try
        {
            Task.WaitAll(_running.Values.Select(r => r.Run).ToArray(), StopGrace);
        }
        catch (AggregateException)
        {
            // Each run handles its own faults; nothing is left to report while closing.
        }
        _closing.Dispose();
    }

    private void Start(Execution execution, Language.Dsl.DslWorkflow workflow)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        var run = new DirectWorkflowRun(workflow, execution, SaveTaskAsync, time);
        var task = Task.Run(async () =>
        {
            try
            {
                var finished = await run.RunAsync(stop.Token).ConfigureAwait(false);
                await database.InTransactionAsync(transaction =>
                {
                    // A forced delete may have removed it meanwhile; nothing to finish then.
                    if (_table.FindById(transaction, finished.Id) is null) return false;
                    _table.Replace(transaction, finished.Id, finished);
                    return true;
                }, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped by a forced delete or by closing the engine.
            }
            catch (Exception failure) when (!stop.IsCancellationRequested)
            {
                // A fault of the engine itself ends the execution in ERROR instead of leaving it RUNNING unseen.
                await FailQuietlyAsync(execution, failure).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(execution.Id, out _);
                stop.Dispose();
            }
        });
        _running[execution.Id] = (task, stop);
    }

    private async Task FailQuietlyAsync(Execution execution, Exception failure)
    {
        var reason = $"The embedded engine failed while running this execution: {failure.GetType().Name}: {failure.Message}";
        try
        {
            await database.InTransactionAsync(transaction =>
            {
                if (_table.FindById(transaction, execution.Id) is not { } current) return false;
                _table.Replace(transaction, execution.Id, current with
                {
                    State = ExecutionState.Error, StateInfo = reason, Output = new JsonObject { ["result"] = reason },
                    UpdatedAt = EngineClock.Now(time),
                });
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The database itself is gone (the engine is closing); the execution stays as it was stored.
        }
    }

    private async Task StopAsync(string id)
    {
        if (!_running.TryGetValue(id, out var running)) return;
        try { running.Stop.Cancel(); } catch (ObjectDisposedException) { return; }
        await running.Run.ConfigureAwait(false);
    }

    private Task SaveTaskAsync(TaskExecution task, CancellationToken cancellationToken) =>
        database.InTransactionAsync(transaction =>
        {
            _tasks.Insert(transaction, task.Id, task.WorkflowExecutionId!, task.Name!, task);
            return true;
        }, cancellationToken);

    private WorkflowDefinition FindWorkflow(Microsoft.Data.Sqlite.SqliteTransaction transaction, ExecutionRequest request)
    {
        var ns = request.Namespace ?? "";
        var found = request.WorkflowId is not null ? _workflows.FindById(transaction, request.WorkflowId)
            : _workflows.Find(transaction, ns, request.WorkflowName!);
        // The server answers an unknown workflow with a 500, not a 404.
        return found ?? throw EngineFaults.ServerError(HttpMethod.Post, Path,
            $"DBEntityNotFoundError: 404: Workflow not found [workflow_identifier={request.WorkflowId ?? request.WorkflowName}, namespace={ns}]");
    }

    /// <summary>The input with each missing optional input's default; missing or unknown names are refused as the server refuses them.</summary>
    private static JsonObject InputWithDefaults(Language.Dsl.DslWorkflow workflow, JsonObject? given)
    {
        given ??= new JsonObject();
        var declared = workflow.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var missing = workflow.Inputs.Where(i => !i.HasDefault && !given.ContainsKey(i.Name)).Select(i => i.Name).ToList();
        var unexpected = given.Select(p => p.Key).Where(k => !declared.Contains(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var reason = $"Invalid input [name={workflow.Name}, class=DirectWorkflowSpec"
                + (missing.Count > 0 ? $", missing=[{string.Join(", ", missing.Select(n => $"'{n}'"))}]" : "")
                + (unexpected.Count > 0 ? $", unexpected=[{string.Join(", ", unexpected.Select(n => $"'{n}'"))}]" : "") + "]";
            throw EngineFaults.BadRequest(HttpMethod.Post, Path, reason);
        }
        var input = new JsonObject();
        foreach (var parameter in workflow.Inputs)
            input[parameter.Name] = given.TryGetPropertyValue(parameter.Name, out var value)
                ? value?.DeepClone()
                : ExpressionValues.ToJson(ExpressionValues.FromYaml(parameter.Default));
        return input;
    }

    private static JsonObject StartParameters(ExecutionRequest request, string ns)
    {
        var parameters = request.Params?.DeepClone().AsObject() ?? new JsonObject();
        parameters["namespace"] = ns;
        if (!parameters.ContainsKey("env")) parameters["env"] = new JsonObject();
        return parameters;
    }

    private static ListQuery? Filters(ExecutionQuery? query)
    {
        if (query is null) return null;
        ListQuery filtered = query;
        if (query.WorkflowNames is { Count: > 0 } names) filtered = filtered.Where("workflow_name", FilterOperator.In, names.ToArray());
        if (query.States is { Count: > 0 } states) filtered = filtered.Where("state", FilterOperator.In, states.Select(s => s.ToMistralName()).ToArray());
        if (query.CreatedSince is { } since) filtered = filtered.Where("created_at", FilterOperator.Gte, since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"));
        return filtered;
    }

    private static MistralNotFoundException NotFound(HttpMethod method, string id) =>
        EngineFaults.NotFound(method, $"{Path}/{id}", $"WorkflowExecution not found [id={id}]");
}
