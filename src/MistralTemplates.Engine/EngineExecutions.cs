using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Engine.Running;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// Workflow executions in the engine's database. A start checks the input as the server does and stores the
/// execution RUNNING with its first step; an <see cref="ExecutionRunner"/> per execution then drives it step by
/// step. Opening the engine resumes the executions a previous process left running.
/// </summary>
internal sealed class EngineExecutions : IExecutions, IDisposable
{
    private const string Path = "/v2/executions";
    // Actions of all executions running at once; more wait for a slot.
    private const int ParallelActions = 8;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly EngineDatabase database;
    private readonly TimeProvider time;
    private readonly IActionCatalog _catalog;
    private readonly ExecutionTables _records;
    private readonly RecordTable<Execution> _table;
    private readonly RecordTable<TaskExecution> _tasks;
    private readonly RecordTable<WorkflowDefinition> _workflows;
    private readonly SemaphoreSlim _actionSlots = new(ParallelActions, ParallelActions);
    private readonly ConcurrentDictionary<string, (Task Run, CancellationTokenSource Stop, ExecutionRunner Runner)> _running = new();
    private readonly CancellationTokenSource _closing = new();

    public EngineExecutions(EngineDatabase database, TimeProvider time, IActionCatalog catalog)
    {
        this.database = database;
        this.time = time;
        _catalog = catalog;
        _records = new ExecutionTables(database);
        _table = _records.Executions;
        _tasks = _records.Tasks;
        _workflows = new RecordTable<WorkflowDefinition>(database, "workflows");
        // Sub-workflow tasks start child executions and wake their parents from inside a step.
        _records.StartRunner = id => Start(id);
        _records.WakeRunner = Wake;
    }

    private ExecutionOwners? _owners;

    public async Task<Execution> CreateAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        if (request.WorkflowName is null == request.WorkflowId is null)
            throw new ArgumentException("Give the workflow's name or its id (one of the two).", nameof(request));
        var id = request.Id ?? Guid.NewGuid().ToString();
        await PrepareOutsideTheLockAsync(id, request, cancellationToken).ConfigureAwait(false);
        var (execution, first) = await database.InTransactionAsync(transaction =>
        {
            // A start repeated with the same id gets the execution the first one made.
            if (_table.FindById(transaction, id) is { } existing) return (existing, (FirstStep?)null);
            var definition = FindWorkflow(transaction, request);
            var (record, parsed) = NewExecution(id, request, definition);
            _table.Insert(transaction, id, record.WorkflowNamespace!, record.WorkflowName!, record);
            // The run's first step (context, vars, start tasks, their actions stored RUNNING) is stored with the
            // execution itself, as the server does; the runner then runs those actions.
            var records = new ExecutionRecords(_records, transaction);
            Language.Dsl.DslWorkflow? workflow = parsed;
            var first = ExecutionRunner.Step(records, record, new RunState { Definition = definition.Definition ?? "" }, _catalog, EngineClock.Now(time), ref workflow,
                s => { s.Begin(); return ExecutionRunner.TakeFirst(s); });
            Owners(transaction).Claim(transaction, id);
            return (record, first);
        }, cancellationToken).ConfigureAwait(false);
        if (first is not null) Start(execution.Id, first);
        return execution;
    }

    public Task<Execution> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(transaction => _table.FindById(transaction, id) ?? throw NotFound(HttpMethod.Get, id), cancellationToken);

    public async IAsyncEnumerable<Execution> ListAsync(ExecutionQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var all = await database.ReadAsync(_table.AllStored, cancellationToken).ConfigureAwait(false);
        foreach (var record in ListQueryEvaluator.ApplyToStored<Execution>(all, Filters(query), Path))
            yield return query?.IncludeOutput == true ? record : record with { Output = null };
    }

    /// <summary>
    /// Pauses (running actions finish, nothing new starts), resumes, cancels, or ends an execution by hand with
    /// SUCCESS or ERROR, as the server's PUT does.
    /// </summary>
    public async Task<Execution> UpdateStateAsync(string id, ExecutionState state, string? stateInfo = null, CancellationToken cancellationToken = default)
    {
        var path = $"{Path}/{id}";
        var updated = await database.InTransactionAsync(transaction =>
        {
            var current = _table.FindById(transaction, id) ?? throw NotFound(HttpMethod.Put, id);
            var allowed = state switch
            {
                ExecutionState.Paused => current.State == ExecutionState.Running,
                ExecutionState.Running => current.State == ExecutionState.Paused,
                ExecutionState.Cancelled or ExecutionState.Success or ExecutionState.Error => !current.State.IsCompleted(),
                _ => false,
            };
            if (!allowed)
                throw EngineFaults.BadRequest(HttpMethod.Put, path,
                    $"Can not change the state of execution {id} from {current.State.ToMistralName()} to {state.ToMistralName()}: pause a RUNNING one, resume a PAUSED one, end one that is not finished.");
            if (state.IsCompleted()) _records.States.DeleteById(transaction, id);
            var next = current with { State = state, StateInfo = stateInfo ?? current.StateInfo, UpdatedAt = EngineClock.Now(time) };
            // The server's output of an execution failed or cancelled by hand is its reason (null when none was given).
            if (state.IsCompleted()) next = next with { Output = state is ExecutionState.Error or ExecutionState.Cancelled ? new JsonObject { ["result"] = stateInfo } : next.Output ?? new JsonObject() };
            _table.Replace(transaction, id, next);
            // A child ended by hand ends its parent's task too.
            if (state.IsCompleted()) SubWorkflows.ChildEnded(new ExecutionRecords(_records, transaction), next, _catalog, EngineClock.Now(time));
            return next;
        }, cancellationToken).ConfigureAwait(false);

        if (state == ExecutionState.Running)
        {
            if (_running.ContainsKey(id)) Wake(id);
            else Start(id);
        }
        else if (state.IsCompleted())
        {
            await StopAsync(id).ConfigureAwait(false);
        }
        return updated;
    }

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
            foreach (var task in _tasks.InNamespace(transaction, id)) _records.Actions.DeleteNamespace(transaction, task.Id);
            _tasks.DeleteNamespace(transaction, id);
            _records.States.DeleteById(transaction, id);
            Owners(transaction).Release(transaction, id);
            return _table.DeleteById(transaction, id) ? true : throw NotFound(HttpMethod.Delete, id);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<TaskExecution> ListTasksAsync(string executionId, ListQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tasks = await database.ReadAsync(transaction =>
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
        // All at once, then again for runs started meanwhile: waiting for any one of thousands each time is quadratic.
        while (_running.Values.Select(r => r.Run).ToArray() is { Length: > 0 } runs)
        {
            await Task.WhenAll(runs).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Stops every run (they stay RUNNING in the database) and waits for them to let go of it.</summary>
    public void Dispose()
    {
        _closing.Cancel();
        try
        {
            // A bounded wait for cancelled runs, from outside any transaction: their database work runs on the
            // writer's own thread or the thread pool, never on this one, so the wait cannot wait on itself.
            Task.WaitAll(_running.Values.Select(r => r.Run).ToArray(), StopGrace);
        }
        catch (AggregateException)
        {
            // Each run handles its own faults; nothing is left to report while closing.
        }
        _closing.Dispose();
        _actionSlots.Dispose();
        _owners?.Dispose();
    }

    /// <summary>This engine's record of the executions it runs (its table is made on first use).</summary>
    private ExecutionOwners Owners(Microsoft.Data.Sqlite.SqliteTransaction transaction) => _owners ??= new ExecutionOwners(database, transaction);

    /// <summary>
    /// Resumes every execution a previous process left RUNNING. An action it had stored RUNNING has no runner any
    /// more: it fails as Mistral's heartbeat check fails it (never run a second time) and its task follows its
    /// retry and on-error rules; waits and retries keep their stored due times.
    /// </summary>
    /// <remarks>
    /// Called while the engine opens, before anything else uses its database, so it reads at once. The write lock is
    /// taken only when a read finds an execution to resume: opening for a read waits for no other process's writes.
    /// A database opened read-only resumes nothing; its owner's next process does.
    /// </remarks>
    public void ResumeAll()
    {
        if (database.IsReadOnly) return;
        var anyToResume = database.ReadAsync(transaction =>
            ExecutionOwners.AnyOrphaned(database, transaction, Unfinished(transaction).Select(e => e.RootExecutionId ?? e.Id).ToHashSet(StringComparer.Ordinal)),
            CancellationToken.None).GetAwaiter().GetResult();
        if (!anyToResume) return;
        var resumed = database.InOpeningTransaction(transaction =>
        {
            var records = new ExecutionRecords(_records, transaction);
            var ids = new List<string>();
            var owners = Owners(transaction);
            var adopted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var execution in Unfinished(transaction))
            {
                // Another open engine (this process or another one) may be running it: that one finishes it.
                // A tree is judged once: its other executions follow the root this engine has just claimed.
                var root = execution.RootExecutionId ?? execution.Id;
                if (!adopted.Contains(root))
                {
                    if (!owners.IsOrphaned(transaction, root)) continue;
                    owners.Claim(transaction, root);
                    adopted.Add(root);
                }
                if (records.FindState(execution.Id) is not { } state) continue;
                Language.Dsl.DslWorkflow? workflow = null;
                foreach (var lost in state.Running.Where(a => !a.Deferred).Select(a => a.ActionExecutionId).ToList())
                    ExecutionRunner.Step(records, execution.Id, _catalog, EngineClock.Now(time), ref workflow,
                        s => { s.Complete(lost, ActionOutcome.Failed(ExecutionRunner.LostRunner)); return true; }, false);
                ids.Add(execution.Id);
            }
            return ids;
        });
        foreach (var id in resumed) Start(id);
    }

    /// <summary>The executions stored RUNNING or PAUSED: those a runner may still have to finish.</summary>
    private IEnumerable<Execution> Unfinished(Microsoft.Data.Sqlite.SqliteTransaction transaction) =>
        _table.All(transaction).Where(e => e.State is ExecutionState.Running or ExecutionState.Paused);

    private void Start(string executionId, FirstStep? first = null)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        var runner = new ExecutionRunner(executionId, database, _records, _catalog, time, _actionSlots);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            // Registered before it runs, so a run that ends at once still unregisters itself.
            await started.Task.ConfigureAwait(false);
            try
            {
                await runner.RunAsync(stop.Token, first).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped by a forced delete or by closing the engine; the stored state stays for the next open.
            }
            catch (Exception failure) when (!stop.IsCancellationRequested)
            {
                // A fault of the engine itself ends the execution in ERROR instead of leaving it RUNNING unseen.
                await FailQuietlyAsync(executionId, failure).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(executionId, out _);
                stop.Dispose();
            }
        });
        _running[executionId] = (task, stop, runner);
        started.SetResult();
    }

    /// <summary>Wakes the runner of <paramref name="executionId"/> to look at its stored state again.</summary>
    internal void Wake(string executionId)
    {
        if (_running.TryGetValue(executionId, out var running)) running.Runner.Wake();
    }

    private async Task FailQuietlyAsync(string executionId, Exception failure)
    {
        var reason = $"The embedded engine failed while running this execution: {failure.GetType().Name}: {failure.Message}";
        try
        {
            await database.InTransactionAsync(transaction =>
            {
                if (_table.FindById(transaction, executionId) is not { } current) return false;
                _records.States.DeleteById(transaction, executionId);
                _table.Replace(transaction, executionId, current with
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

    /// <summary>The record of a new execution of <paramref name="definition"/> and its parsed workflow, the request checked against it.</summary>
    private (Execution Record, Language.Dsl.DslWorkflow Parsed) NewExecution(string id, ExecutionRequest request, WorkflowDefinition definition)
    {
        var parsed = ParsedWorkflows.Read(definition.Definition ?? "", definition.Name)
            ?? throw EngineFaults.ServerError(HttpMethod.Post, Path, $"The stored definition of {definition.Name} does not parse.");
        if (parsed.Type == Language.Dsl.WorkflowType.Reverse) CheckTargetTask(parsed, request.Params);
        var record = new Execution
        {
            Id = id, WorkflowId = definition.Id, WorkflowName = definition.Name, WorkflowNamespace = definition.Namespace ?? "",
            Description = request.Description ?? "", Tags = Array.Empty<string>(),
            Params = StartParameters(request, definition.Namespace ?? ""), State = ExecutionState.Running,
            Input = InputWithDefaults(parsed, request.Input), PublishedGlobal = new JsonObject(),
            ProjectId = "<default-project>", CreatedAt = EngineClock.Now(time), UpdatedAt = EngineClock.Now(time),
        };
        return (record, parsed);
    }

    /// <summary>
    /// Does, on a snapshot and without the write lock, the part of a start that needs none: finding and parsing the
    /// workflow (kept in <see cref="ParsedWorkflows"/>) and a first JSON form of the record. In a new process (a
    /// <c>signal</c> verb) the first parse and serialisation cost most of a start (compiling code on first use), and
    /// other processes would wait for it. The transaction then does it all again, from the cache and warmed code, on
    /// what it reads itself, so a definition changed in between is still the one used, and its errors are the ones
    /// reported: any failure here is left for it.
    /// </summary>
    private async Task PrepareOutsideTheLockAsync(string id, ExecutionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var definition = await database.ReadAsync(transaction => FindWorkflow(transaction, request), cancellationToken).ConfigureAwait(false);
            RecordTable<Execution>.Serialize(NewExecution(id, request, definition).Record);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Reported by the transaction, which meets the same failure (or none, if the folder changed meanwhile).
        }
    }

    private WorkflowDefinition FindWorkflow(Microsoft.Data.Sqlite.SqliteTransaction transaction, ExecutionRequest request)
    {
        var ns = request.Namespace ?? "";
        var found = request.WorkflowId is not null ? _workflows.FindById(transaction, request.WorkflowId)
            : _workflows.Find(transaction, ns, request.WorkflowName!);
        // The server answers an unknown workflow with a 500, not a 404.
        return found ?? throw EngineFaults.ServerError(HttpMethod.Post, Path,
            $"DBEntityNotFoundError: 404: Workflow not found [workflow_identifier={request.WorkflowId ?? request.WorkflowName}, namespace={ns}]");
    }

    /// <summary>A reverse workflow starts with the name of the task to reach (params <c>task_name</c>), one it declares.</summary>
    private static void CheckTargetTask(Language.Dsl.DslWorkflow workflow, JsonObject? parameters)
    {
        var target = parameters?["task_name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (target is not null && workflow.Tasks.Any(t => t.Name == target)) return;
        // The server prints its whole spec here; the engine names the workflow and the tasks it could be.
        throw EngineFaults.BadRequest(HttpMethod.Post, Path,
            $"Invalid task name [wf_spec=ReverseWorkflowSpec {workflow.Name} (tasks: {string.Join(", ", workflow.Tasks.Select(t => t.Name))}), task_name={target ?? "None"}]");
    }

    /// <summary>The input with each missing optional input's default; missing or unknown names are refused as the server refuses them.</summary>
    internal static JsonObject InputWithDefaults(Language.Dsl.DslWorkflow workflow, JsonObject? given)
    {
        given ??= new JsonObject();
        var declared = workflow.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var missing = workflow.Inputs.Where(i => !i.HasDefault && !given.ContainsKey(i.Name)).Select(i => i.Name).ToList();
        var unexpected = given.Select(p => p.Key).Where(k => !declared.Contains(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var spec = workflow.Type == Language.Dsl.WorkflowType.Reverse ? "ReverseWorkflowSpec" : "DirectWorkflowSpec";
            var reason = $"Invalid input [name={workflow.Name}, class={spec}"
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
