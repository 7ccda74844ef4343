using Microsoft.Data.Sqlite;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Running;

/// <summary>The tables a run writes, bound to the transaction of one step.</summary>
internal sealed class ExecutionRecords(ExecutionTables tables, SqliteTransaction transaction)
{
    public Execution? FindExecution(string id) => tables.Executions.FindById(transaction, id);

    public void SaveExecution(Execution execution) => tables.Executions.Replace(transaction, execution.Id, execution);

    public void InsertExecution(Execution execution) =>
        tables.Executions.Insert(transaction, execution.Id, execution.WorkflowNamespace ?? "", execution.WorkflowName ?? "", execution);

    /// <summary>A workflow by name in <paramref name="namespace"/>, else in the default namespace, as the server looks up a sub-workflow.</summary>
    public WorkflowDefinition? FindWorkflow(string @namespace, string name) =>
        tables.Workflows.Find(transaction, @namespace, name) ?? (@namespace.Length > 0 ? tables.Workflows.Find(transaction, "", name) : null);

    /// <summary>Whether <paramref name="catalog"/> has the action <paramref name="name"/>, read in this step's transaction.</summary>
    public bool ActionExists(IActionCatalog catalog, string name, string @namespace) => catalog.Exists(name, @namespace, transaction);

    /// <summary>Starts the runner of an execution this transaction created (it waits for the commit to see it).</summary>
    public void StartRunner(string executionId) => tables.StartRunner?.Invoke(executionId);

    /// <summary>Makes the runner of an execution look at its stored state again.</summary>
    public void WakeRunner(string executionId) => tables.WakeRunner?.Invoke(executionId);

    public TaskExecution? FindTask(string id) => tables.Tasks.FindById(transaction, id);

    public void SaveTask(TaskExecution task) => tables.Tasks.Save(transaction, task.Id, task.WorkflowExecutionId!, task.Name!, task);

    public ActionExecution? FindAction(string id) => tables.Actions.FindById(transaction, id);

    public void SaveAction(ActionExecution action) => tables.Actions.Save(transaction, action.Id!, action.TaskExecutionId ?? "", action.Name!, action);

    public RunState? FindState(string executionId) => tables.States.FindById(transaction, executionId);

    public void SaveState(string executionId, RunState state) => tables.States.Save(transaction, executionId, "", executionId, state);

    public void DeleteState(string executionId) => tables.States.DeleteById(transaction, executionId);
}

/// <summary>The record tables of executions and what they run.</summary>
internal sealed class ExecutionTables(EngineDatabase database)
{
    public RecordTable<Execution> Executions { get; } = new(database, "executions");
    public RecordTable<TaskExecution> Tasks { get; } = new(database, "task_executions");
    public RecordTable<ActionExecution> Actions { get; } = new(database, "action_executions");
    public RecordTable<RunState> States { get; } = new(database, "run_states");
    public RecordTable<WorkflowDefinition> Workflows { get; } = new(database, "workflows");

    /// <summary>Set by the executions service: starts a runner for a new (child) execution.</summary>
    public System.Action<string>? StartRunner { get; set; }

    /// <summary>Set by the executions service: wakes the runner of an execution whose state changed in another's step.</summary>
    public System.Action<string>? WakeRunner { get; set; }
}
