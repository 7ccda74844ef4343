using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// Everything a running execution needs to go on after a restart, stored as one JSON row (table <c>run_states</c>)
/// and rewritten in the same transaction as the task and action records each step changes.
/// </summary>
internal sealed class RunState
{
    /// <summary>The workflow's DSL text as it was when the execution started; later updates do not change a run.</summary>
    public string Definition { get; set; } = "";

    /// <summary>The data context: input, vars and everything published so far.</summary>
    public JsonObject Context { get; set; } = new();

    /// <summary>What tasks published: the output of a workflow without an output clause.</summary>
    public JsonObject Published { get; set; } = new();

    /// <summary>What <c>task(name)</c> gives, by task name (the latest execution of each task).</summary>
    public Dictionary<string, JsonObject> Tasks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tasks waiting to start, to retry or to finish their wait-after, each with its due time.</summary>
    public List<PendingStep> Pending { get; set; } = new();

    /// <summary>Actions stored RUNNING: started and not yet answered.</summary>
    public List<RunningAction> Running { get; set; } = new();

    /// <summary>For each joining task, the tasks whose transitions have reached it.</summary>
    public Dictionary<string, List<string>> Arrivals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The with-items progress of each task execution running its items, by task execution id.</summary>
    public Dictionary<string, ItemsProgress> Items { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Joining tasks already started, so later arrivals do not start them again.</summary>
    public List<string> Joined { get; set; } = new();

    /// <summary>Failed tasks no transition handled, in the order they failed.</summary>
    public List<UnhandledFailure> Unhandled { get; set; } = new();

    /// <summary>An engine command that ends the run (<c>fail</c>, <c>succeed</c>), once one fired.</summary>
    public string? Command { get; set; }

    public string? CommandMessage { get; set; }

    /// <summary>
    /// True for a sub-workflow's execution until its own runner takes its first step: the child begins in its own
    /// transaction, never inside its parent's step.
    /// </summary>
    public bool NotBegun { get; set; }

    /// <summary>The child execution each sub-workflow task execution started, by task execution id.</summary>
    public Dictionary<string, string> Children { get; set; } = new(StringComparer.Ordinal);
}

internal enum StepKind
{
    /// <summary>Start the task (after its wait-before, when it has one).</summary>
    Start,
    /// <summary>Run the task's action again (retry).</summary>
    Retry,
    /// <summary>Fail the task if it has not finished by now (timeout).</summary>
    Timeout,
    /// <summary>Start more with-items actions, now that a slot of the task's concurrency is free.</summary>
    NextItems,
    /// <summary>The action has answered; finish the task once its wait-after is over.</summary>
    Finish,
}

internal sealed class PendingStep
{
    public string Task { get; set; } = "";
    public StepKind Kind { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public string? TaskExecutionId { get; set; }
    /// <summary>How many retries have run so far.</summary>
    public int Retries { get; set; }
    public bool WaitedBefore { get; set; }
    public bool PausedBefore { get; set; }
    /// <summary>For <see cref="StepKind.Finish"/>: the outcome being held through wait-after.</summary>
    public bool Succeeded { get; set; }
    public JsonNode? Result { get; set; }
    public string? Error { get; set; }
}

internal sealed class RunningAction
{
    public string Task { get; set; } = "";
    public string TaskExecutionId { get; set; } = "";
    public string ActionExecutionId { get; set; } = "";
    public string Action { get; set; } = "";
    public JsonObject Input { get; set; } = new();
    public int Retries { get; set; }
    /// <summary>The with-items index this action runs, or null for a task without with-items.</summary>
    public int? Index { get; set; }
    /// <summary>Completed later from outside (an asynchronous action): no runner of this process owns it.</summary>
    public bool Deferred { get; set; }
    /// <summary>For a sub-workflow task: the child execution whose end completes this entry (it is also <see cref="Deferred"/>).</summary>
    public string? ChildExecutionId { get; set; }
}

internal sealed class UnhandledFailure
{
    public string TaskExecutionId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? StateInfo { get; set; }
    /// <summary>False for a task with on-error clauses that were all false: the server leaves it out of its summary.</summary>
    public bool Listed { get; set; }
}

/// <summary>How far a with-items task has got: each item's variables, the results so far, the first error.</summary>
internal sealed class ItemsProgress
{
    public List<JsonObject> Values { get; set; } = new();
    public List<JsonNode?> Results { get; set; } = new();
    public int Next { get; set; }
    public int Running { get; set; }
    public int Concurrency { get; set; }
    public string? Error { get; set; }
}
