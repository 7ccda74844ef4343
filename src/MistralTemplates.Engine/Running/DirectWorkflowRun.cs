using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// Runs one direct workflow to its end: start tasks (those no transition leads to) first, then the tasks their
/// on-success / on-error / on-complete transitions name, one at a time. Each finished task is handed to
/// <c>saveTask</c>; the result is the execution record in its final state.
/// </summary>
internal sealed class DirectWorkflowRun : IExpressionScope
{
    private readonly DslWorkflow _workflow;
    private readonly Execution _execution;
    private readonly Func<TaskExecution, CancellationToken, Task> _saveTask;
    private readonly TimeProvider _time;
    private readonly MistralExpressions _expressions;
    private readonly Dictionary<string, object?> _context = new(StringComparer.Ordinal);
    // Everything tasks published: the output of a workflow without an output clause, as on the server.
    private readonly Dictionary<string, object?> _published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, object?>> _finishedTasks = new(StringComparer.Ordinal);

    public DirectWorkflowRun(DslWorkflow workflow, Execution execution, Func<TaskExecution, CancellationToken, Task> saveTask, TimeProvider time)
    {
        _workflow = workflow;
        _execution = execution;
        _saveTask = saveTask;
        _time = time;
        _expressions = new MistralExpressions(this);
        var parameters = ExpressionValues.FromJson(execution.Params) as Dictionary<string, object?>;
        Environment = parameters is not null && parameters.TryGetValue("env", out var env) ? env : null;
        Execution = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = execution.Id, ["name"] = execution.WorkflowName, ["input"] = ExpressionValues.FromJson(execution.Input),
            ["params"] = parameters, ["created_at"] = execution.CreatedAt?.ToString("yyyy-MM-dd HH:mm:ss"),
        };
    }

    public IReadOnlyDictionary<string, object?> Execution { get; }
    public object? Environment { get; }
    public string? CurrentTask { get; private set; }
    public IReadOnlyDictionary<string, object?>? Task(string name) => _finishedTasks.TryGetValue(name, out var task) ? task : null;

    public async Task<Execution> RunAsync(CancellationToken cancellationToken)
    {
        if (ExpressionValues.FromJson(_execution.Input) is Dictionary<string, object?> input)
            foreach (var pair in input) _context[pair.Key] = pair.Value;

        var tasks = _workflow.Tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var targets = _workflow.Tasks.SelectMany(t => t.OnSuccess.Concat(t.OnError).Concat(t.OnComplete))
            .Where(t => !t.IsEngineCommand).Select(t => t.Target).ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<DslTask>(_workflow.Tasks.Where(t => !targets.Contains(t.Name)));
        var unhandled = new List<(TaskExecution Task, bool Listed)>();
        var failed = false;       // set by the fail command
        var succeeded = false;    // set by the succeed command

        try
        {
            if (_workflow.Vars is not null && _expressions.Evaluate(ExpressionValues.FromYaml(_workflow.Vars), _context) is Dictionary<string, object?> vars)
                foreach (var pair in vars) _context[pair.Key] = pair.Value;

            while (queue.Count > 0 && !failed && !succeeded)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var task = queue.Dequeue();
                var record = RunTask(task);
                await _saveTask(record, cancellationToken).ConfigureAwait(false);

                var ok = record.State == ExecutionState.Success;
                var fired = 0;
                foreach (var transition in (ok ? task.OnSuccess : task.OnError).Concat(task.OnComplete))
                {
                    if (!Holds(transition.Condition, task.Name)) continue;
                    fired++;
                    if (!transition.IsEngineCommand) queue.Enqueue(tasks[transition.Target]);
                    else if (transition.Target == "fail") failed = true;
                    else if (transition.Target == "succeed") succeeded = true;
                }
                // The server fails such a run but leaves a task that has on-error clauses out of its summary.
                if (!ok && fired == 0) unhandled.Add((record, task.OnError.Count == 0));
            }
        }
        catch (ExpressionFailure failure)
        {
            return Finish(ExecutionState.Error, failure.Message, null);
        }

        // The fail command gives no reason on the server.
        if (failed) return Finish(ExecutionState.Error, null, null);
        if (unhandled.Count > 0 && !succeeded)
            return Finish(ExecutionState.Error, FailureInfo(unhandled.Where(u => u.Listed).Select(u => u.Task).ToList()), null);
        try
        {
            // Without an output clause the server gives what the last tasks saw published; after succeed, nothing.
            var output = _workflow.Output is null ? (succeeded ? new Dictionary<string, object?>() : _published)
                : _expressions.Evaluate(ExpressionValues.FromYaml(_workflow.Output), _context);
            return Finish(ExecutionState.Success, null, ExpressionValues.ToJson(output));
        }
        catch (ExpressionFailure failure)
        {
            return Finish(ExecutionState.Error, failure.Message, null);
        }
    }

    private bool Holds(string? condition, string taskName)
    {
        if (condition is null) return true;
        CurrentTask = taskName;
        return IsTruthy(_expressions.Evaluate(condition, _context));
    }

    private TaskExecution RunTask(DslTask task)
    {
        CurrentTask = task.Name;
        var started = EngineClock.Now(_time);
        var record = new TaskExecution
        {
            Id = Guid.NewGuid().ToString(), Name = task.Name, Type = task.Workflow is null ? "ACTION" : "WORKFLOW",
            WorkflowName = _execution.WorkflowName, WorkflowNamespace = _execution.WorkflowNamespace,
            WorkflowId = _execution.WorkflowId, WorkflowExecutionId = _execution.Id, Processed = true,
            Tags = Array.Empty<string>(), CreatedAt = started, StartedAt = started,
        };

        ActionOutcome outcome;
        try
        {
            outcome = RunAction(task);
        }
        catch (ExpressionFailure failure)
        {
            outcome = ActionOutcome.Failed(failure.Message);
        }

        // The task is visible to task() while its publish is evaluated.
        var state = outcome.Succeeded ? ExecutionState.Success : ExecutionState.Error;
        Remember(record with { State = state, StateInfo = outcome.Error }, outcome.Result, new Dictionary<string, object?>());
        var published = new Dictionary<string, object?>(StringComparer.Ordinal);
        var publish = outcome.Succeeded ? task.Publish : task.PublishOnError;
        if (publish is not null)
        {
            try
            {
                if (_expressions.Evaluate(ExpressionValues.FromYaml(publish), _context) is Dictionary<string, object?> values)
                    foreach (var pair in values) published[pair.Key] = pair.Value;
            }
            catch (ExpressionFailure failure)
            {
                state = ExecutionState.Error;
                outcome = ActionOutcome.Failed(failure.Message);
            }
        }
        foreach (var pair in published) _context[pair.Key] = _published[pair.Key] = pair.Value;

        var finished = EngineClock.Now(_time);
        record = record with
        {
            State = state, StateInfo = outcome.Error, Result = ExpressionValues.ToJson(outcome.Result),
            Published = ExpressionValues.ToJsonObject(published), UpdatedAt = finished, FinishedAt = finished,
        };
        Remember(record, outcome.Result, published);
        return record;
    }

    private ActionOutcome RunAction(DslTask task)
    {
        var name = task.Action ?? task.Workflow ?? "std.noop";
        if (task.Workflow is not null || !StandardActions.Exists(name))
            return ActionOutcome.Failed($"Failed to find action [action_name={name}, namespace={_execution.WorkflowNamespace}]");
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in task.InlineParameters)
            input[parameter.Name] = InlineValue(parameter);
        var declared = ExpressionValues.FromYaml(task.Input);
        if (declared is string) declared = _expressions.Evaluate(declared, _context);
        if (declared is Dictionary<string, object?> map)
            foreach (var pair in map) input[pair.Key] = pair.Value;
        var evaluated = (Dictionary<string, object?>)_expressions.Evaluate(input, _context)!;
        return StandardActions.Run(name, evaluated, Guid.NewGuid().ToString());
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

    private void Remember(TaskExecution record, object? result, Dictionary<string, object?> published) =>
        _finishedTasks[record.Name!] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = record.Id, ["name"] = record.Name, ["type"] = record.Type, ["state"] = record.State.ToMistralName(),
            ["state_info"] = record.StateInfo, ["result"] = result, ["published"] = published,
            ["workflow_execution_id"] = record.WorkflowExecutionId,
        };

    private Execution Finish(ExecutionState state, string? stateInfo, JsonNode? output) => _execution with
    {
        State = state, StateInfo = stateInfo, UpdatedAt = EngineClock.Now(_time),
        Output = state == ExecutionState.Error ? ErrorOutput(stateInfo) : output ?? new JsonObject(),
    };

    /// <summary>
    /// The server's output of a failed execution: the reason as <c>result</c>, with output-on-error evaluated, or
    /// without that clause everything the tasks published.
    /// </summary>
    private JsonObject ErrorOutput(string? stateInfo)
    {
        var output = new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = stateInfo };
        IDictionary<string, object?> extra = _published;
        if (_workflow.OutputOnError is not null)
        {
            try
            {
                extra = _expressions.Evaluate(ExpressionValues.FromYaml(_workflow.OutputOnError), _context) as Dictionary<string, object?> ?? extra;
            }
            catch (ExpressionFailure)
            {
                // The reason stays the execution's failure; an output-on-error that fails adds nothing.
            }
        }
        foreach (var pair in extra) output.TryAdd(pair.Key, pair.Value);
        return ExpressionValues.ToJsonObject(output);
    }

    /// <summary>The server's summary of the tasks whose errors nothing handled.</summary>
    private static string FailureInfo(IReadOnlyList<TaskExecution> failed)
    {
        var text = new StringBuilder("Failure caused by error in tasks: ").Append(string.Join(", ", failed.Select(t => t.Name))).Append('\n');
        foreach (var task in failed)
        {
            text.Append($"\n  {task.Name} [task_ex_id={task.Id}] -> {task.StateInfo}\n");
            if (task.StateInfo?.Contains("action_ex_id=", StringComparison.Ordinal) == true)
            {
                var start = task.StateInfo.IndexOf("action_ex_id=", StringComparison.Ordinal) + "action_ex_id=".Length;
                var id = task.StateInfo.Substring(start, 36);
                text.Append($"    [action_ex_id={id}, idx=0]: {task.StateInfo}\n");
            }
        }
        return text.ToString();
    }

    private static bool IsTruthy(object? value) => value switch
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
