using Microsoft.Data.Sqlite;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Running;

/// <summary>The tables a run writes, bound to the transaction of one step.</summary>
internal sealed class ExecutionRecords(ExecutionTables tables, SqliteTransaction transaction)
{
    public Execution? FindExecution(string id) => tables.Executions.FindById(transaction, id);

    public void SaveExecution(Execution execution) => tables.Executions.Replace(transaction, execution.Id, execution);

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
}
