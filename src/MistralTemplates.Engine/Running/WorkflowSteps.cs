using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// The decisions of a direct workflow, one step at a time, over the stored <see cref="RunState"/>: which tasks are
/// due, what a task's action gets as input, and what happens when it answers (retry, publish, wait-after,
/// transitions, joins, engine commands, the end of the run). It never runs an action; the caller runs those outside
/// the database lock and brings the outcome back. Records it changes go to <see cref="ExecutionRecords"/>.
/// </summary>
internal sealed class WorkflowSteps : IExpressionScope
{
    private readonly DslWorkflow _workflow;
    private readonly Dictionary<string, DslTask> _tasks;
    private readonly ExecutionRecords _records;
    private readonly IActionCatalog _catalog;
    private readonly DateTimeOffset _now;
    private readonly MistralExpressions _expressions;

    public WorkflowSteps(DslWorkflow workflow, Execution execution, RunState state, ExecutionRecords records, IActionCatalog catalog, DateTimeOffset now)
    {
        _workflow = workflow;
        _tasks = workflow.Tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
        ExecutionRecord = execution;
        State = state;
        _records = records;
        _catalog = catalog;
        _now = now;
        _expressions = new MistralExpressions(this);
        var parameters = ExpressionValues.FromJson(execution.Params) as Dictionary<string, object?>;
        Environment = parameters is not null && parameters.TryGetValue("env", out var env) ? env : null;
        Execution = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = execution.Id, ["name"] = execution.WorkflowName, ["input"] = ExpressionValues.FromJson(execution.Input),
            ["params"] = parameters, ["created_at"] = execution.CreatedAt?.ToString("yyyy-MM-dd HH:mm:ss"),
        };
    }

    public Execution ExecutionRecord { get; }
    public RunState State { get; }

    /// <summary>The execution in its final state once this step ended the run; null while it goes on.</summary>
    public Execution? Ended { get; private set; }

    public IReadOnlyDictionary<string, object?> Execution { get; }
    public object? Environment { get; }
    public string? CurrentTask { get; private set; }
    public IReadOnlyDictionary<string, object?>? Task(string name) =>
        State.Tasks.TryGetValue(name, out var task) ? ExpressionValues.FromJson(task) as Dictionary<string, object?> : null;

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Tasks() =>
        State.Tasks.Select(pair => ExpressionValues.FromJson(pair.Value)).OfType<Dictionary<string, object?>>().ToList();

    private Dictionary<string, object?> Context => (Dictionary<string, object?>)ExpressionValues.FromJson(State.Context)!;

    /// <summary>A paused execution finishes the actions it has running but starts nothing until it is resumed.</summary>
    private bool Paused => ExecutionRecord.State == ExecutionState.Paused || PausedNow;

    /// <summary>Set when this step paused the execution (pause-before, the pause command).</summary>
    public bool PausedNow { get; private set; }

    /// <summary>The earliest time a pending step is due, or null when none waits for a time (or the run is paused).</summary>
    public DateTimeOffset? NextDue => Paused || State.Pending.Count == 0 ? null : State.Pending.Select(p => p.DueAt ?? _now).Min();

    /// <summary>The first step: input and vars in the context, the start tasks (those no transition names) pending.</summary>
    public void Begin()
    {
        State.Context = ExecutionRecord.Input?.DeepClone().AsObject() ?? new JsonObject();
        try
        {
            if (_workflow.Vars is not null && _expressions.Evaluate(ExpressionValues.FromYaml(_workflow.Vars), Context) is Dictionary<string, object?> vars)
                foreach (var pair in vars) State.Context[pair.Key] = ExpressionValues.ToJson(pair.Value);
        }
        catch (ExpressionFailure failure)
        {
            End(ExecutionState.Error, failure.Message, null);
            return;
        }
        if (_workflow.Type == WorkflowType.Reverse)
        {
            // A reverse workflow runs only what its target task needs, starting with the tasks that need nothing.
            foreach (var task in Needed().Where(t => t.Requires.Count == 0)) StartOnce(task.Name);
            EndWhenDone();
            return;
        }
        var targets = _workflow.Tasks.SelectMany(Transitions).Where(t => !t.IsEngineCommand).Select(t => t.Target).ToHashSet(StringComparer.Ordinal);
        foreach (var task in _workflow.Tasks.Where(t => !targets.Contains(t.Name)))
            State.Pending.Add(new PendingStep { Task = task.Name, Kind = StepKind.Start });
        EndWhenDone();
    }

    /// <summary>The reverse workflow's target (start parameter <c>task_name</c>) and every task it requires, directly or not.</summary>
    private List<DslTask> Needed()
    {
        var target = Execution["params"] is Dictionary<string, object?> p && p.TryGetValue("task_name", out var name) ? name as string : null;
        var needed = new List<DslTask>();
        var queue = new Queue<string>();
        if (target is not null) queue.Enqueue(target);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!_tasks.TryGetValue(next, out var task) || needed.Contains(task)) continue;
            needed.Add(task);
            foreach (var required in task.Requires) queue.Enqueue(required);
        }
        return needed;
    }

    // A reverse task starts once every task it requires has succeeded.
    private void StartRequiring(string finished)
    {
        foreach (var task in Needed().Where(t => t.Requires.Contains(finished)))
            if (task.Requires.All(r => State.Tasks.TryGetValue(r, out var view) && view["state"]?.GetValue<string>() == "SUCCESS"))
                StartOnce(task.Name);
    }

    private void StartOnce(string task)
    {
        if (State.Joined.Contains(task)) return;
        State.Joined.Add(task);
        State.Pending.Add(new PendingStep { Task = task, Kind = StepKind.Start });
    }

    /// <summary>Takes every pending step that is due: starts their actions (stored RUNNING, returned to be run) or finishes tasks.</summary>
    public List<RunningAction> TakeDue()
    {
        var started = new List<RunningAction>();
        if (State.NotBegun)
        {
            State.NotBegun = false;
            Begin();
        }
        while (Ended is null && !Paused && State.Pending.FirstOrDefault(p => p.DueAt is null || p.DueAt <= _now) is { } step)
        {
            State.Pending.Remove(step);
            var task = _tasks[step.Task];
            if (step.Kind == StepKind.Finish)
            {
                FinishTask(task, step.TaskExecutionId!, step.Succeeded, step.Result, step.Error);
                continue;
            }
            var waitBefore = Seconds(task, "wait-before");
            if (step.Kind == StepKind.Start && !step.WaitedBefore && waitBefore > 0)
            {
                step.WaitedBefore = true;
                step.DueAt = _now.AddSeconds(waitBefore);
                State.Pending.Add(step);
                continue;
            }
            if (step.Kind == StepKind.Timeout)
            {
                TimedOut(task, step);
                continue;
            }
            if (step.Kind == StepKind.Start && !step.PausedBefore && Policy(task, "pause-before") is YamlScalar pause && pause.TryGetBool(out var pauseBefore) && pauseBefore)
            {
                // The execution pauses before the task; resuming it starts the task.
                step.PausedBefore = true;
                State.Pending.Add(step);
                PausedNow = true;
                break;
            }
            if (step.Kind == StepKind.NextItems)
            {
                if (State.Items.TryGetValue(step.TaskExecutionId!, out var progress)) started.AddRange(StartItems(task, step, progress));
                continue;
            }
            if (step.Kind == StepKind.Start && Seconds(task, "timeout") is var timeout and > 0)
            {
                step.TaskExecutionId ??= Guid.NewGuid().ToString();
                State.Pending.Add(new PendingStep { Task = task.Name, Kind = StepKind.Timeout, TaskExecutionId = step.TaskExecutionId, DueAt = _now.AddSeconds(timeout), Error = Whole(timeout) });
            }
            if (task.WithItems.Count > 0) started.AddRange(StartWithItems(task, step));
            else if (StartAction(task, step) is { Deferred: false } action) started.Add(action);
        }
        EndWhenDone();
        return started;
    }

    // Mistral's timeout: a task not finished in time fails; whatever it still runs is no longer waited for.
    private void TimedOut(DslTask task, PendingStep step)
    {
        var id = step.TaskExecutionId!;
        if (_records.FindTask(id) is not { State: ExecutionState.Running }) return;
        State.Running.RemoveAll(a => a.TaskExecutionId == id);
        State.Pending.RemoveAll(p => p.TaskExecutionId == id);
        State.Items.Remove(id);
        FinishTask(task, id, false, null, $"Task timed out [timeout(s)={step.Error}].");
    }

    private static string Whole(double seconds) =>
        Math.Floor(seconds) == seconds ? ((long)seconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // with-items: each variable's list, item by item, one action per item, at most `concurrency` at a time.
    private List<RunningAction> StartWithItems(DslTask task, PendingStep step)
    {
        var taskExecutionId = step.TaskExecutionId ??= Guid.NewGuid().ToString();
        if (_records.FindTask(taskExecutionId) is null) _records.SaveTask(NewTask(task, taskExecutionId));
        CurrentTask = task.Name;
        var progress = new ItemsProgress();
        try
        {
            var lists = task.WithItems.Select(item => (item.Variable, Values: ItemsOf(item))).ToList();
            var count = lists[0].Values.Count;
            if (lists.Any(l => l.Values.Count != count))
                throw new ExpressionFailure($"Invalid data: the with-items lists differ in length [task={task.Name}]");
            for (var i = 0; i < count; i++)
                progress.Values.Add(new JsonObject(lists.Select(l => KeyValuePair.Create(l.Variable, ExpressionValues.ToJson(l.Values[i])))));
            progress.Results = Enumerable.Repeat<JsonNode?>(null, count).ToList();
            progress.Concurrency = (int)Number(Policy(task, "concurrency"));
        }
        catch (ExpressionFailure failure)
        {
            Answered(task, taskExecutionId, step.Retries, ActionOutcome.Failed(failure.Message));
            return new List<RunningAction>();
        }
        if (progress.Values.Count == 0)
        {
            Answered(task, taskExecutionId, step.Retries, ActionOutcome.Ok(new List<object?>()));
            return new List<RunningAction>();
        }
        State.Items[taskExecutionId] = progress;
        return StartItems(task, step, progress);
    }

    private List<RunningAction> StartItems(DslTask task, PendingStep step, ItemsProgress progress)
    {
        var started = new List<RunningAction>();
        while (progress.Next < progress.Values.Count && (progress.Concurrency <= 0 || progress.Running < progress.Concurrency))
        {
            var index = progress.Next++;
            var context = Context;
            foreach (var pair in progress.Values[index]) context[pair.Key] = ExpressionValues.FromJson(pair.Value);
            if (StartAction(task, step, context, index) is not { } action) return started;
            progress.Running++;
            if (!action.Deferred) started.Add(action);
        }
        return started;
    }

    private List<object?> ItemsOf(DslWithItem item)
    {
        var source = item.Source.Trim();
        object? value;
        if (source.StartsWith("[", StringComparison.Ordinal))
        {
            try
            {
                value = ExpressionValues.FromJson(JsonNode.Parse(source));
            }
            catch (System.Text.Json.JsonException)
            {
                value = _expressions.Evaluate("<% " + source + " %>", Context);
            }
        }
        else
        {
            value = _expressions.Evaluate(source, Context);
        }
        return value as List<object?> ?? throw new ExpressionFailure($"Invalid data: with-items needs a list, {item.Source} is not one");
    }

    private RunningAction? StartAction(DslTask task, PendingStep step, Dictionary<string, object?>? itemContext = null, int? index = null)
    {
        var taskExecutionId = step.TaskExecutionId ?? Guid.NewGuid().ToString();
        if (_records.FindTask(taskExecutionId) is null) _records.SaveTask(NewTask(task, taskExecutionId));
        CurrentTask = task.Name;
        if (task.Workflow is not null) return StartSubWorkflow(task, step, taskExecutionId, itemContext ?? Context, index);
        var name = task.Action ?? "std.noop";
        if (!_records.ActionExists(_catalog, name, ExecutionRecord.WorkflowNamespace ?? ""))
        {
            // The server cannot build the task's action: the run fails at once, no retry or on-error applies.
            var reason = FailedToRun(task, $"Failed to find action [action_name={name}, namespace={ExecutionRecord.WorkflowNamespace}]");
            FailRun(task, taskExecutionId, reason, reason);
            return null;
        }
        Dictionary<string, object?> input;
        try
        {
            input = ActionInput(task, itemContext ?? Context);
        }
        catch (ExpressionFailure failure)
        {
            Answered(task, taskExecutionId, step.Retries, ActionOutcome.Failed(failure.Message));
            return null;
        }
        var action = new RunningAction
        {
            Task = task.Name, TaskExecutionId = taskExecutionId, ActionExecutionId = Guid.NewGuid().ToString(), Action = name,
            Input = ExpressionValues.ToJsonObject(input), Retries = step.Retries, Index = index,
        };
        // Stored RUNNING before it runs: after a crash it is failed, never run a second time.
        _records.SaveAction(new ActionExecution
        {
            Id = action.ActionExecutionId, Name = name, WorkflowName = ExecutionRecord.WorkflowName, WorkflowNamespace = ExecutionRecord.WorkflowNamespace,
            TaskName = task.Name, TaskExecutionId = taskExecutionId, State = ExecutionState.Running, Accepted = true, Description = "",
            Input = action.Input.DeepClone(), CreatedAt = _now, UpdatedAt = _now,
        });
        State.Running.Add(action);
        return action;
    }

    /// <summary>
    /// A sub-workflow task: a child execution in the same transaction, as the server records it (description, params
    /// with root and task execution ids and the item index, the parent's env). Its runner begins it in a step of its
    /// own; its end completes this task (see <see cref="SubWorkflows"/>).
    /// </summary>
    private RunningAction? StartSubWorkflow(DslTask task, PendingStep step, string taskExecutionId, Dictionary<string, object?> context, int? index)
    {
        var ns = ExecutionRecord.WorkflowNamespace ?? "";
        var definition = _records.FindWorkflow(ns, task.Workflow!);
        if (definition is null || WorkflowDefinitionReader.ReadWorkflow(definition.Definition ?? "", definition.Name) is not { } child)
        {
            Answered(task, taskExecutionId, step.Retries, ActionOutcome.Failed($"Workflow not found [workflow_identifier={task.Workflow}, namespace={ns}]"));
            return null;
        }
        JsonObject input;
        try
        {
            input = EngineExecutions.InputWithDefaults(child, ExpressionValues.ToJsonObject(ActionInput(task, context)));
        }
        catch (ExpressionFailure failure)
        {
            Answered(task, taskExecutionId, step.Retries, ActionOutcome.Failed(failure.Message));
            return null;
        }
        catch (MistralException refused)
        {
            Answered(task, taskExecutionId, step.Retries, ActionOutcome.Failed(refused.ServerMessage ?? refused.Message));
            return null;
        }
        var childId = Guid.NewGuid().ToString();
        var root = ExecutionRecord.RootExecutionId ?? ExecutionRecord.Id;
        var parameters = new JsonObject
        {
            ["root_execution_id"] = root, ["task_execution_id"] = taskExecutionId, ["index"] = index ?? 0,
            ["namespace"] = definition.Namespace ?? "", ["env"] = ExpressionValues.ToJson(Environment) ?? new JsonObject(),
        };
        _records.InsertExecution(new Execution
        {
            Id = childId, WorkflowId = definition.Id, WorkflowName = definition.Name, WorkflowNamespace = definition.Namespace ?? "",
            Description = "sub-workflow execution", Tags = Array.Empty<string>(), Params = parameters, TaskExecutionId = taskExecutionId,
            RootExecutionId = root, State = ExecutionState.Running, Input = input, PublishedGlobal = new JsonObject(),
            ProjectId = ExecutionRecord.ProjectId, CreatedAt = _now, UpdatedAt = _now,
        });
        _records.SaveState(childId, new RunState { Definition = definition.Definition ?? "", NotBegun = true });
        _records.StartRunner(childId);
        State.Children[taskExecutionId] = childId;
        var entry = new RunningAction
        {
            Task = task.Name, TaskExecutionId = taskExecutionId, ActionExecutionId = childId, Action = definition.Name,
            Input = input.DeepClone().AsObject(), Retries = step.Retries, Index = index, Deferred = true, ChildExecutionId = childId,
        };
        State.Running.Add(entry);
        return entry;
    }

    /// <summary>An action answered: its record is finished and its task retries, waits after, or finishes.</summary>
    public void Complete(string actionExecutionId, ActionOutcome outcome)
    {
        if (State.Running.FirstOrDefault(a => a.ActionExecutionId == actionExecutionId) is not { } action) return;
        State.Running.Remove(action);
        if (_records.FindAction(actionExecutionId) is { } record)
            _records.SaveAction(record with
            {
                State = outcome.Succeeded ? ExecutionState.Success : ExecutionState.Error, StateInfo = outcome.Error,
                Output = outcome.Succeeded ? new JsonObject { ["result"] = ExpressionValues.ToJson(outcome.Result) } : new JsonObject { ["result"] = outcome.Error },
                UpdatedAt = _now,
            });
        if (Ended is null && outcome.InputRefused) InputRefused(_tasks[action.Task], action.TaskExecutionId, outcome.Error);
        else if (Ended is null && action.Index is { } index) ItemAnswered(action, index, outcome);
        else if (Ended is null) Answered(_tasks[action.Task], action.TaskExecutionId, action.Retries, outcome);
        EndWhenDone();
    }

    // Input an action refuses is not a task failure on the server: the whole workflow fails, no handler runs.
    private void InputRefused(DslTask task, string taskExecutionId, string? error) =>
        FailRun(task, taskExecutionId, error, FailedToRun(task, error));

    private string FailedToRun(DslTask task, string? error) =>
        $"Failed to run task [error={error}, wf={ExecutionRecord.WorkflowName}, task={task.Name}]";

    // The task ends in ERROR with taskStateInfo and the whole execution with executionStateInfo, past any handler.
    private void FailRun(DslTask task, string taskExecutionId, string? taskStateInfo, string executionStateInfo)
    {
        State.Tasks[task.Name] = TaskView(task.Name, taskExecutionId, ExecutionState.Error, taskStateInfo, null, new JsonObject());
        if (_records.FindTask(taskExecutionId) is { } record)
            _records.SaveTask(record with { State = ExecutionState.Error, StateInfo = taskStateInfo, Published = new JsonObject(), Processed = true, UpdatedAt = _now, FinishedAt = _now });
        End(ExecutionState.Error, executionStateInfo, null);
    }

    // The task answers once all its items have: their results in item order, or the first error.
    private void ItemAnswered(RunningAction action, int index, ActionOutcome outcome)
    {
        if (!State.Items.TryGetValue(action.TaskExecutionId, out var progress)) return;
        progress.Running--;
        progress.Results[index] = ExpressionValues.ToJson(outcome.Result);
        if (!outcome.Succeeded) progress.Error ??= outcome.Error;
        if (progress.Next < progress.Values.Count)
        {
            State.Pending.Add(new PendingStep { Task = action.Task, Kind = StepKind.NextItems, TaskExecutionId = action.TaskExecutionId, Retries = action.Retries });
            return;
        }
        if (progress.Running > 0) return;
        State.Items.Remove(action.TaskExecutionId);
        Answered(_tasks[action.Task], action.TaskExecutionId, action.Retries, progress.Error is { } error
            ? ActionOutcome.Failed(error) : ActionOutcome.Ok(ExpressionValues.FromJson(new JsonArray(progress.Results.Select(r => r?.DeepClone()).ToArray()))));
    }

    private void Answered(DslTask task, string taskExecutionId, int retries, ActionOutcome outcome)
    {
        CurrentTask = task.Name;
        var result = ExpressionValues.ToJson(outcome.Result);
        State.Tasks[task.Name] = TaskView(task.Name, taskExecutionId, outcome.Succeeded ? ExecutionState.Success : ExecutionState.Error, outcome.Error, result, new JsonObject());
        if (ShouldRetry(task, retries, outcome.Succeeded, out var delay))
        {
            State.Pending.Add(new PendingStep
            {
                Task = task.Name, Kind = StepKind.Retry, TaskExecutionId = taskExecutionId, Retries = retries + 1,
                DueAt = delay > 0 ? _now.AddSeconds(delay) : null, WaitedBefore = true,
            });
            return;
        }
        var waitAfter = Seconds(task, "wait-after");
        if (waitAfter > 0)
        {
            State.Pending.Add(new PendingStep
            {
                Task = task.Name, Kind = StepKind.Finish, TaskExecutionId = taskExecutionId, DueAt = _now.AddSeconds(waitAfter),
                Succeeded = outcome.Succeeded, Result = result, Error = outcome.Error,
            });
            return;
        }
        FinishTask(task, taskExecutionId, outcome.Succeeded, result, outcome.Error);
    }

    // Mistral's retry policy: another run while runs remain, unless break-on holds after an error, a success has no
    // continue-on, or continue-on does not hold.
    private bool ShouldRetry(DslTask task, int retries, bool succeeded, out double delay)
    {
        delay = 0;
        if (Policy(task, "retry") is not YamlMapping retry) return false;
        try
        {
            delay = Number(retry["delay"]);
            if (retries >= Number(retry["count"])) return false;
            var continueOn = retry["continue-on"];
            if (succeeded && continueOn is null) return false;
            if (continueOn is not null && !IsTruthy(EvaluateNode(continueOn))) return false;
            return succeeded || retry["break-on"] is not { } breakOn || !IsTruthy(EvaluateNode(breakOn));
        }
        catch (ExpressionFailure)
        {
            return false;
        }
    }

    private void FinishTask(DslTask task, string taskExecutionId, bool succeeded, JsonNode? result, string? error)
    {
        CurrentTask = task.Name;
        State.Pending.RemoveAll(p => p.Kind == StepKind.Timeout && p.TaskExecutionId == taskExecutionId);
        var state = succeeded ? ExecutionState.Success : ExecutionState.Error;
        // The task is visible to task() while its publish is evaluated.
        State.Tasks[task.Name] = TaskView(task.Name, taskExecutionId, state, error, result, new JsonObject());
        var published = new JsonObject();
        if ((succeeded ? task.Publish : task.PublishOnError) is { } publish)
        {
            try
            {
                if (_expressions.Evaluate(ExpressionValues.FromYaml(publish), Context) is Dictionary<string, object?> values)
                    published = ExpressionValues.ToJsonObject(values);
            }
            catch (ExpressionFailure failure)
            {
                state = ExecutionState.Error;
                succeeded = false;
                error = failure.Message;
            }
        }
        foreach (var pair in published)
        {
            State.Context[pair.Key] = pair.Value?.DeepClone();
            State.Published[pair.Key] = pair.Value?.DeepClone();
        }
        // fail-on is judged after the publish, as Mistral's policy runs after the task completed.
        if (succeeded && Policy(task, "fail-on") is { } failOn)
        {
            State.Tasks[task.Name] = TaskView(task.Name, taskExecutionId, state, error, result, published);
            try
            {
                if (IsTruthy(EvaluateNode(failOn))) (succeeded, state, error) = (false, ExecutionState.Error, "Failed by 'fail-on' policy");
            }
            catch (ExpressionFailure failure)
            {
                (succeeded, state, error) = (false, ExecutionState.Error, failure.Message);
            }
        }
        // keep-result: false drops the result once it is published.
        if (Policy(task, "keep-result") is YamlScalar keep && keep.TryGetBool(out var keepResult) && !keepResult) result = null;
        State.Tasks[task.Name] = TaskView(task.Name, taskExecutionId, state, error, result, published);
        if (_records.FindTask(taskExecutionId) is { } record)
            _records.SaveTask(record with
            {
                State = state, StateInfo = error, Result = result?.DeepClone(), Published = published.DeepClone(),
                Processed = true, UpdatedAt = _now, FinishedAt = _now,
            });

        if (succeeded && _workflow.Type == WorkflowType.Reverse) StartRequiring(task.Name);
        var fired = 0;
        foreach (var transition in (succeeded ? OnSuccess(task) : OnError(task)).Concat(OnComplete(task)))
        {
            bool holds;
            try
            {
                holds = transition.Condition is null || IsTruthy(_expressions.Evaluate(transition.Condition, Context));
            }
            catch (ExpressionFailure failure)
            {
                End(ExecutionState.Error, failure.Message, null);
                return;
            }
            if (!holds) continue;
            fired++;
            if (transition.IsEngineCommand) Command(transition);
            else Arrive(task.Name, transition.Target);
            if (Ended is not null) return;
        }
        if (!succeeded && fired == 0)
            State.Unhandled.Add(new UnhandledFailure { TaskExecutionId = taskExecutionId, Name = task.Name, StateInfo = error, Listed = OnError(task).Count == 0 });
    }

    private void Command(DslTransition transition)
    {
        var message = transition.Parameters.FirstOrDefault(p => p.Name == "msg") is { } msg
            ? ExpressionValues.Str(_expressions.Evaluate(msg.Value, Context)) : null;
        switch (transition.Target)
        {
            case "fail":
                State.Command = "fail";
                State.CommandMessage = message;
                End(ExecutionState.Error, message, null);
                break;
            case "succeed":
                State.Command = "succeed";
                End(ExecutionState.Success, message, null);
                break;
            case "pause":
                PausedNow = true;
                break;
        }
    }

    // A joining task starts once enough of the tasks leading to it have arrived: all of them, one, or a number.
    private void Arrive(string from, string target)
    {
        var task = _tasks[target];
        if (task.Join is null)
        {
            State.Pending.Add(new PendingStep { Task = target, Kind = StepKind.Start });
            return;
        }
        if (State.Joined.Contains(target)) return;
        if (!State.Arrivals.TryGetValue(target, out var arrived)) State.Arrivals[target] = arrived = new List<string>();
        if (!arrived.Contains(from)) arrived.Add(from);
        var needed = task.Join switch
        {
            "all" => _workflow.Tasks.Count(t => Transitions(t).Any(x => !x.IsEngineCommand && x.Target == target)),
            "one" => 1,
            var n => int.TryParse(n, out var count) ? count : 1,
        };
        if (arrived.Count < needed) return;
        State.Joined.Add(target);
        State.Pending.Add(new PendingStep { Task = target, Kind = StepKind.Start });
    }

    /// <summary>
    /// Once nothing else runs, a join that some tasks reached but not enough never will: it fails as the server's
    /// does, naming the finished tasks that did not lead to it ("Failed by tasks: ['b']"), and follows its on-error.
    /// </summary>
    private void FailUnreachableJoins()
    {
        foreach (var (target, arrived) in State.Arrivals.Where(a => !State.Joined.Contains(a.Key)).ToList())
        {
            var task = _tasks[target];
            var inbound = _workflow.Tasks.Where(t => Transitions(t).Any(x => !x.IsEngineCommand && x.Target == target)).Select(t => t.Name).ToList();
            var missing = inbound.Where(n => !arrived.Contains(n)).ToList();
            var finished = missing.Where(State.Tasks.ContainsKey).ToList();
            State.Joined.Add(target);
            var id = Guid.NewGuid().ToString();
            _records.SaveTask(NewTask(task, id));
            FinishTask(task, id, false, null, $"Failed by tasks: [{string.Join(", ", (finished.Count > 0 ? finished : missing).Select(n => $"'{n}'"))}]");
            if (Ended is not null) return;
        }
    }

    private void EndWhenDone()
    {
        if (Ended is not null || Paused || State.Pending.Count > 0 || State.Running.Count > 0) return;
        FailUnreachableJoins();
        if (Ended is not null || State.Pending.Count > 0 || State.Running.Count > 0) return;
        if (State.Unhandled.Count > 0)
        {
            End(ExecutionState.Error, FailureInfo(State.Unhandled.Where(u => u.Listed).ToList(), State.Children), null);
            return;
        }
        try
        {
            // Without an output clause the server gives everything the tasks published.
            var output = _workflow.Output is null ? ExpressionValues.FromJson(State.Published) : _expressions.Evaluate(ExpressionValues.FromYaml(_workflow.Output), Context);
            End(ExecutionState.Success, null, ExpressionValues.ToJson(output));
        }
        catch (ExpressionFailure failure)
        {
            // The server's completion check fails the run this way (it prints its whole record where the engine names it).
            End(ExecutionState.Error, $"Failed to check and complete [wf_ex={ExecutionRecord.WorkflowName} {ExecutionRecord.Id}]: {failure.Message}", null);
        }
    }

    private void End(ExecutionState state, string? stateInfo, JsonNode? output)
    {
        if (state == ExecutionState.Success && State.Command == "succeed") output = new JsonObject();
        Ended = ExecutionRecord with
        {
            State = state, StateInfo = stateInfo, UpdatedAt = _now,
            Output = state == ExecutionState.Error ? ErrorOutput(stateInfo) : output ?? new JsonObject(),
        };
    }

    /// <summary>The server's output of a failed execution: the reason as <c>result</c>, with output-on-error or what was published.</summary>
    private JsonObject ErrorOutput(string? stateInfo)
    {
        var output = new JsonObject { ["result"] = stateInfo };
        var extra = State.Published;
        if (_workflow.OutputOnError is not null)
        {
            try
            {
                if (ExpressionValues.ToJson(_expressions.Evaluate(ExpressionValues.FromYaml(_workflow.OutputOnError), Context)) is JsonObject evaluated)
                    extra = evaluated;
            }
            catch (ExpressionFailure)
            {
                // The reason stays the execution's failure; an output-on-error that fails adds nothing.
            }
        }
        foreach (var pair in extra)
            if (!output.ContainsKey(pair.Key)) output[pair.Key] = pair.Value?.DeepClone();
        return output;
    }

    /// <summary>The server's summary of the tasks whose errors nothing handled.</summary>
    private static string FailureInfo(IReadOnlyList<UnhandledFailure> failed, IReadOnlyDictionary<string, string> children)
    {
        var text = new StringBuilder("Failure caused by error in tasks: ").Append(string.Join(", ", failed.Select(t => t.Name))).Append('\n');
        foreach (var task in failed)
        {
            text.Append($"\n  {task.Name} [task_ex_id={task.TaskExecutionId}] -> {task.StateInfo}\n");
            // A sub-workflow task names its child execution; an action task its action execution.
            if (children.TryGetValue(task.TaskExecutionId, out var child))
                text.Append($"    [wf_ex_id={child}, idx=0]: {task.StateInfo}\n");
            else if (task.StateInfo?.Contains("action_ex_id=", StringComparison.Ordinal) == true)
            {
                var start = task.StateInfo.IndexOf("action_ex_id=", StringComparison.Ordinal) + "action_ex_id=".Length;
                var id = task.StateInfo.Substring(start, 36);
                text.Append($"    [action_ex_id={id}, idx=0]: {task.StateInfo}\n");
            }
        }
        return text.ToString();
    }

    private Dictionary<string, object?> ActionInput(DslTask task, Dictionary<string, object?> context)
    {
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in task.InlineParameters)
            input[parameter.Name] = InlineValue(parameter);
        var declared = ExpressionValues.FromYaml(task.Input);
        if (declared is string) declared = _expressions.Evaluate(declared, context);
        if (declared is Dictionary<string, object?> map)
            foreach (var pair in map) input[pair.Key] = pair.Value;
        return (Dictionary<string, object?>)_expressions.Evaluate(input, context)!;
    }

    // Mistral reads an unquoted inline value as JSON when it is JSON (numbers, true, lists), else as text.
    private static object? InlineValue(DslInlineParameter parameter)
    {
        if (parameter.IsQuoted) return parameter.Value;
        try
        {
            return ExpressionValues.FromJson(JsonNode.Parse(parameter.Value));
        }
        catch (System.Text.Json.JsonException)
        {
            return parameter.Value;
        }
    }

    private TaskExecution NewTask(DslTask task, string id) => new()
    {
        Id = id, Name = task.Name, Type = task.Workflow is null ? "ACTION" : "WORKFLOW", State = ExecutionState.Running,
        WorkflowName = ExecutionRecord.WorkflowName, WorkflowNamespace = ExecutionRecord.WorkflowNamespace,
        WorkflowId = ExecutionRecord.WorkflowId, WorkflowExecutionId = ExecutionRecord.Id, Processed = false,
        Tags = Array.Empty<string>(), CreatedAt = _now, StartedAt = _now, UpdatedAt = _now,
    };

    private JsonObject TaskView(string name, string id, ExecutionState state, string? stateInfo, JsonNode? result, JsonObject published) => new()
    {
        ["id"] = id, ["name"] = name, ["type"] = _tasks[name].Workflow is null ? "ACTION" : "WORKFLOW", ["state"] = state.ToMistralName(),
        ["state_info"] = stateInfo, ["result"] = result?.DeepClone(), ["published"] = published.DeepClone(),
        ["workflow_execution_id"] = ExecutionRecord.Id,
    };

    // A task's own clause, else the workflow's task-defaults.
    private IReadOnlyList<DslTransition> OnSuccess(DslTask task) => task.OnSuccess.Count > 0 ? task.OnSuccess : _workflow.TaskDefaults?.OnSuccess ?? task.OnSuccess;
    private IReadOnlyList<DslTransition> OnError(DslTask task) => task.OnError.Count > 0 ? task.OnError : _workflow.TaskDefaults?.OnError ?? task.OnError;
    private IReadOnlyList<DslTransition> OnComplete(DslTask task) => task.OnComplete.Count > 0 ? task.OnComplete : _workflow.TaskDefaults?.OnComplete ?? task.OnComplete;
    private IEnumerable<DslTransition> Transitions(DslTask task) => OnSuccess(task).Concat(OnError(task)).Concat(OnComplete(task));

    private YamlNode? Policy(DslTask task, string key) => task.Node[key] ?? _workflow.TaskDefaults?.Node[key];

    private double Seconds(DslTask task, string key)
    {
        try
        {
            return Policy(task, key) is { } node ? Number(node) : 0;
        }
        catch (ExpressionFailure)
        {
            return 0;
        }
    }

    private object? EvaluateNode(YamlNode node) => _expressions.Evaluate(ExpressionValues.FromYaml(node), Context);

    private double Number(YamlNode? node) => node is null ? 0 : EvaluateNode(node) switch
    {
        long whole => whole,
        double real => real,
        string text when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 0,
    };

    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        long whole => whole != 0,
        double real => real != 0,
        string text => text.Length > 0,
        IDictionary<string, object?> map => map.Count > 0,
        IEnumerable<object?> items => items.Any(),
        _ => true,
    };
}
