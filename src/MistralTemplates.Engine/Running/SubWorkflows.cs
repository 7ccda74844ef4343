using System;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// The link from a sub-workflow's execution back to the task that started it: when the child ends, in the same
/// transaction, its parent's task gets the child's output as its result (or fails with the child's state_info).
/// </summary>
internal static class SubWorkflows
{
    public static void ChildEnded(ExecutionRecords records, Execution child, IActionCatalog catalog, DateTimeOffset now)
    {
        if (child.TaskExecutionId is not { } taskExecutionId || records.FindTask(taskExecutionId) is not { WorkflowExecutionId: { } parentId }) return;
        var outcome = child.State == ExecutionState.Success
            ? ActionOutcome.Ok(ExpressionValues.FromJson(child.Output))
            : ActionOutcome.Failed(child.StateInfo ?? $"Sub-workflow execution {child.Id} ended {child.State.ToMistralName()}");
        DslWorkflow? workflow = null;
        ExecutionRunner.Step(records, parentId, catalog, now, ref workflow, s => { s.Complete(child.Id, outcome); return true; }, false);
        records.WakeRunner(parentId);
    }
}
