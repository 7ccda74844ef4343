using System;
using System.Collections.Generic;
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
/// Action executions: those tasks ran (stored RUNNING before they run), asynchronous ones completed from outside,
/// and actions run on their own through the same <see cref="IActionCatalog"/>.
/// </summary>
internal sealed class EngineActionExecutions(EngineDatabase database, TimeProvider time, IActionCatalog catalog, EngineExecutions executions) : IActionExecutions
{
    private const string Path = "/v2/action_executions";
    private readonly ExecutionTables _records = new(database);

    public Task<ActionExecution> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(transaction => _records.Actions.FindById(transaction, id) ?? throw NotFound(HttpMethod.Get, id), cancellationToken);

    public async IAsyncEnumerable<ActionExecution> ListForTaskAsync(string taskExecutionId, ListQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var actions = await database.ReadAsync(transaction => _records.Actions.InNamespace(transaction, taskExecutionId), cancellationToken).ConfigureAwait(false);
        foreach (var action in ListQueryEvaluator.Apply(actions, query, $"/v2/tasks/{taskExecutionId}/action_executions"))
            yield return action;
    }

    /// <summary>
    /// Gives a RUNNING action its result (SUCCESS: <paramref name="output"/> is the result; ERROR: it is the error).
    /// The task it belongs to then goes on in the same transaction, and its execution's runner is woken.
    /// </summary>
    public async Task<ActionExecution> CompleteAsync(string id, ExecutionState state, JsonNode? output, CancellationToken cancellationToken = default)
    {
        if (state is not (ExecutionState.Success or ExecutionState.Error))
            throw EngineFaults.BadRequest(HttpMethod.Put, $"{Path}/{id}", $"An action execution is completed with SUCCESS or ERROR, not {state.ToMistralName()}.");
        var outcome = state == ExecutionState.Success ? ActionOutcome.Ok(ExpressionValues.FromJson(output))
            : ActionOutcome.Failed(output is JsonValue text && text.TryGetValue(out string? message) ? message : output?.ToJsonString() ?? "");
        var (record, executionId) = await database.InTransactionAsync(transaction =>
        {
            var action = _records.Actions.FindById(transaction, id) ?? throw NotFound(HttpMethod.Put, id);
            if (action.State != ExecutionState.Running)
                throw EngineFaults.BadRequest(HttpMethod.Put, $"{Path}/{id}", $"Action execution {id} is {action.State.ToMistralName()}; only a RUNNING one can be completed.");
            var records = new ExecutionRecords(_records, transaction);
            var task = action.TaskExecutionId is { Length: > 0 } taskId ? records.FindTask(taskId) : null;
            if (task?.WorkflowExecutionId is { } executionId)
            {
                Language.Dsl.DslWorkflow? workflow = null;
                ExecutionRunner.Step(records, executionId, catalog, EngineClock.Now(time), ref workflow, s => { s.Complete(id, outcome); return true; }, false);
            }
            var completed = records.FindAction(id)!;
            if (completed.State == ExecutionState.Running)
            {
                // Not (or no longer) part of a running workflow: only the record changes.
                completed = Finished(completed, outcome);
                records.SaveAction(completed);
            }
            return (completed, task?.WorkflowExecutionId);
        }, cancellationToken).ConfigureAwait(false);
        if (executionId is not null) executions.Wake(executionId);
        return record;
    }

    /// <summary>Runs an action on its own; saved (with an id) when asked, or when it runs without waiting for it.</summary>
    public async Task<ActionExecution> RunAsync(ActionRunRequest request, CancellationToken cancellationToken = default)
    {
        if (!await catalog.ExistsAsync(request.Name, "", cancellationToken).ConfigureAwait(false))
            throw EngineFaults.BadRequest(HttpMethod.Post, Path, $"Action not found [action_name={request.Name}, namespace=]");
        var id = Guid.NewGuid().ToString();
        var now = EngineClock.Now(time);
        var running = new ActionExecution
        {
            Id = id, Name = request.Name, State = ExecutionState.Running, Accepted = true, Description = "",
            Input = request.Input?.DeepClone() ?? new JsonObject(), CreatedAt = now, UpdatedAt = now, TaskExecutionId = "",
        };
        var save = request.SaveResult == true || request.RunSync == false;
        if (save) await database.InTransactionAsync(t => { _records.Actions.Insert(t, id, "", request.Name, running); return true; }, cancellationToken).ConfigureAwait(false);
        var input = (Dictionary<string, object?>)ExpressionValues.FromJson(running.Input)!;
        var run = catalog.RunAsync(request.Name, input, new ActionContext(id, null, null, null, ""), CancellationToken.None);
        if (request.RunSync == false)
        {
            _ = run.ContinueWith(async done =>
            {
                if (done.IsCompletedSuccessfully && !done.Result.Pending) await SaveAsync(Finished(running, done.Result)).ConfigureAwait(false);
            }, TaskScheduler.Default);
            return running;
        }
        var outcome = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (outcome.Pending) return running;
        var finished = Finished(running, outcome);
        if (save) await SaveAsync(finished).ConfigureAwait(false);
        return save ? finished : finished with { Id = null };
    }

    private Task<bool> SaveAsync(ActionExecution action) =>
        database.InTransactionAsync(t => { _records.Actions.Replace(t, action.Id!, action); return true; }, CancellationToken.None);

    private ActionExecution Finished(ActionExecution action, ActionOutcome outcome) => action with
    {
        State = outcome.Succeeded ? ExecutionState.Success : ExecutionState.Error, StateInfo = outcome.Error,
        Output = new JsonObject { ["result"] = outcome.Succeeded ? ExpressionValues.ToJson(outcome.Result) : outcome.Error },
        UpdatedAt = EngineClock.Now(time),
    };

    private static MistralNotFoundException NotFound(HttpMethod method, string id) =>
        EngineFaults.NotFound(method, $"{Path}/{id}", $"ActionExecution not found [id={id}]");
}
