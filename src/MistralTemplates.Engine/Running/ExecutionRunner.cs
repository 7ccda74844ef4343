using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// Drives one execution: each step is one transaction over its stored <see cref="RunState"/> (see
/// <see cref="WorkflowSteps"/>); actions run between steps, outside the database lock, in parallel up to the
/// engine's bound. It sleeps until an action answers, a wait or retry is due, or it is woken from outside.
/// </summary>
internal sealed class ExecutionRunner
{
    private readonly EngineDatabase _database;
    private readonly ExecutionTables _tables;
    private readonly IActionCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _actionSlots;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly string _executionId;
    private DslWorkflow? _workflow;
    private string? _workflowName;
    private string _workflowNamespace = "";

    public ExecutionRunner(string executionId, EngineDatabase database, ExecutionTables tables, IActionCatalog catalog, TimeProvider time, SemaphoreSlim actionSlots)
    {
        _executionId = executionId;
        _database = database;
        _tables = tables;
        _catalog = catalog;
        _time = time;
        _actionSlots = actionSlots;
    }

    /// <summary>The message Mistral's heartbeat check gives an action whose runner is gone.</summary>
    public const string LostRunner = "Heartbeat wasn't received.";

    /// <summary>Makes the runner look at its stored state again (an asynchronous action was completed from outside).</summary>
    public void Wake() => _wake.Release();

    /// <summary>Inside a transaction: applies <paramref name="change"/> to the stored run, saving its state or, once it ended, the final execution.</summary>
    public static T Step<T>(ExecutionRecords records, string executionId, IActionCatalog catalog, DateTimeOffset now, ref DslWorkflow? workflow,
        Func<WorkflowSteps, T> change, T whenGone)
    {
        if (records.FindExecution(executionId) is not { State: ExecutionState.Running or ExecutionState.Paused } execution) return whenGone;
        if (records.FindState(executionId) is not { } state) return whenGone;
        return Step(records, execution, state, catalog, now, ref workflow, change);
    }

    /// <summary>As <see cref="Step{T}(ExecutionRecords, string, IActionCatalog, DateTimeOffset, ref DslWorkflow?, Func{WorkflowSteps, T}, T)"/>, for a run whose records the caller has in hand (it has just made them).</summary>
    public static T Step<T>(ExecutionRecords records, Execution execution, RunState state, IActionCatalog catalog, DateTimeOffset now, ref DslWorkflow? workflow,
        Func<WorkflowSteps, T> change)
    {
        var executionId = execution.Id;
        workflow ??= ParsedWorkflows.Read(state.Definition, execution.WorkflowName ?? "")
            ?? throw new InvalidOperationException($"The stored definition of {execution.WorkflowName} does not parse.");
        var steps = new WorkflowSteps(workflow, execution, state, records, catalog, now);
        var result = change(steps);
        if (steps.Ended is { } ended)
        {
            records.SaveExecution(ended);
            records.DeleteState(executionId);
            SubWorkflows.ChildEnded(records, ended, catalog, now);
        }
        else
        {
            if (steps.PausedNow) records.SaveExecution(execution with { State = ExecutionState.Paused, UpdatedAt = now });
            records.SaveState(executionId, state);
        }
        return result;
    }

    /// <remarks>
    /// A step that found the database busy past the bound (another process held the write lock) is tried again: nothing
    /// of it was stored, and failing the run for another process's slowness would lose an execution this engine owns.
    /// Only stopping the runner (closing the engine, a forced delete) ends the retries.
    /// </remarks>
    private async Task<T> StepAsync<T>(Func<WorkflowSteps, T> change, T whenGone, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await _database.InTransactionAsync(transaction =>
                    Step(new ExecutionRecords(_tables, transaction), _executionId, _catalog, EngineClock.Now(_time), ref _workflow, s =>
                    {
                        // The workflow's name and namespace never change; the actions' context takes them from here.
                        (_workflowName, _workflowNamespace) = (s.ExecutionRecord.WorkflowName, s.ExecutionRecord.WorkflowNamespace ?? "");
                        return change(s);
                    }, whenGone), cancellationToken).ConfigureAwait(false);
            }
            catch (StateFolderBusyException) when (!cancellationToken.IsCancellationRequested)
            {
                // Try again at once: the write lock is waited for inside, within the bound.
            }
        }
    }

    /// <summary>
    /// Drives the run until it ends or <paramref name="stop"/> fires. <paramref name="first"/> is what the start's own
    /// transaction already took (its actions stored RUNNING there), so the runner begins by running them.
    /// </summary>
    public async Task RunAsync(CancellationToken stop, FirstStep? first = null)
    {
        var inFlight = new Dictionary<Task<ActionOutcome>, RunningAction>();
        Task? woken = null;
        List<RunningAction> started;
        bool ended;
        DateTimeOffset? nextDue;
        if (first is not null)
        {
            (_workflowName, _workflowNamespace) = (first.WorkflowName, first.WorkflowNamespace);
            (started, ended, nextDue) = (first.Started, first.Ended, first.NextDue);
        }
        else
        {
            (started, ended, nextDue) = await StepAsync(TakeDue, Gone, stop).ConfigureAwait(false);
        }
        while (true)
        {
            if (ended) return;
            foreach (var action in started) inFlight[RunActionAsync(action, stop)] = action;
            started = new List<RunningAction>();

            // One wait on the wake signal at a time, so no abandoned waiter swallows a release.
            if (woken is null || woken.IsCompleted) woken = _wake.WaitAsync(stop);
            var waits = new List<Task>(inFlight.Keys) { woken };
            if (nextDue is { } due)
            {
                var delay = due - _time.GetUtcNow();
                waits.Add(Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, stop));
            }
            await Task.WhenAny(waits).ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();

            var answered = inFlight.Where(p => p.Key.IsCompleted).ToList();
            foreach (var (run, _) in answered) inFlight.Remove(run);
            // Each answer is stored in its own step; the last of them also takes what is due next in the same
            // transaction, so an execution costs no extra transaction per action. Without answers (woken, or a wait
            // is over) only what is due is taken.
            if (answered.Count == 0) (started, ended, nextDue) = await StepAsync(TakeDue, Gone, stop).ConfigureAwait(false);
            for (var i = 0; i < answered.Count; i++)
            {
                var (run, action) = answered[i];
                var outcome = await run.ConfigureAwait(false);
                var last = i == answered.Count - 1;
                (started, ended, nextDue) = await StepAsync(s =>
                {
                    // A Later outcome stays RUNNING until IActionExecutions completes it.
                    if (outcome.Pending) Defer(s, action.ActionExecutionId);
                    else s.Complete(action.ActionExecutionId, outcome);
                    return last ? TakeDue(s) : (new List<RunningAction>(), s.Ended is not null, s.NextDue);
                }, Gone, stop).ConfigureAwait(false);
                if (ended) break;
            }
        }
    }

    private static readonly (List<RunningAction> Started, bool Ended, DateTimeOffset? NextDue) Gone = (new List<RunningAction>(), true, null);

    private static (List<RunningAction> Started, bool Ended, DateTimeOffset? NextDue) TakeDue(WorkflowSteps steps) =>
        (steps.TakeDue(), steps.Ended is not null, steps.NextDue);

    /// <summary>Inside a start's transaction, after <see cref="WorkflowSteps.Begin"/>: takes what is due at once.</summary>
    public static FirstStep TakeFirst(WorkflowSteps steps) =>
        new(steps.ExecutionRecord.WorkflowName, steps.ExecutionRecord.WorkflowNamespace ?? "", steps.TakeDue(), steps.Ended is not null, steps.NextDue);

    private static bool Defer(WorkflowSteps steps, string actionExecutionId)
    {
        if (steps.State.Running.FirstOrDefault(a => a.ActionExecutionId == actionExecutionId) is { } action) action.Deferred = true;
        return true;
    }

    private async Task<ActionOutcome> RunActionAsync(RunningAction action, CancellationToken stop)
    {
        await _actionSlots.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            var context = new ActionContext(action.ActionExecutionId, action.TaskExecutionId, _executionId, _workflowName, _workflowNamespace);
            var input = (Dictionary<string, object?>)ExpressionValues.FromJson(action.Input)!;
            return await _catalog.RunAsync(action.Action, input, context, stop).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // An action that throws instead of answering fails its task, as a raising action does on the server.
            return ActionOutcome.Failed($"The action raised an exception [action_ex_id={action.ActionExecutionId}, msg='{failure.Message}']");
        }
        finally
        {
            _actionSlots.Release();
        }
    }
}

/// <summary>What a start's transaction took for its runner: the actions it stored RUNNING and when the run is next due.</summary>
internal sealed record FirstStep(string? WorkflowName, string WorkflowNamespace, List<RunningAction> Started, bool Ended, DateTimeOffset? NextDue);
