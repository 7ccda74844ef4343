using System.Collections.Generic;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// The keys Mistral's schemas allow at each level (mistral/lang/v2/*.py, "additionalProperties": false).
/// <c>name</c>, <c>version</c> and <c>type</c> are injected by Mistral itself into workflows and tasks,
/// so they pass but are not advertised.
/// </summary>
internal static class DslKeys
{
    /// <summary>The values of a workflow's 'type'.</summary>
    public static readonly string[] WorkflowTypes = { "direct", "reverse" };

    public static readonly string[] Workbook = { "version", "name", "description", "tags", "workflows", "actions" };

    public static readonly string[] Workflow =
        { "type", "description", "tags", "input", "output", "output-on-error", "vars", "task-defaults", "tasks" };

    private static readonly string[] WorkflowInjected = { "name", "version" };

    public static readonly string[] Action = { "base", "base-input", "input", "output", "description", "tags" };

    private static readonly string[] ActionInjected = { "name", "version" };

    private static readonly string[] TaskCommon =
    {
        "description", "tags", "action", "workflow", "input", "with-items", "publish", "publish-on-error",
        "publish-on-skip", "retry", "wait-before", "wait-after", "timeout", "pause-before", "concurrency", "fail-on",
        "target", "keep-result", "safe-rerun",
    };

    public static readonly string[] DirectTask = Concat(TaskCommon, "join", "on-success", "on-error", "on-complete", "on-skip");

    public static readonly string[] ReverseTask = Concat(TaskCommon, "requires");

    private static readonly string[] TaskInjected = { "name", "version", "type" };

    public static readonly string[] TaskDefaults =
    {
        "retry", "wait-before", "wait-after", "timeout", "pause-before", "concurrency", "fail-on", "on-success",
        "on-error", "on-complete", "on-skip", "safe-rerun", "requires", "description", "tags",
    };

    public static readonly string[] Retry = { "count", "delay", "break-on", "continue-on" };

    public static readonly string[] OnClauseMapping = { "publish", "next" };

    public static readonly string[] PublishScopes = { "branch", "global", "atomic" };

    /// <summary>Heat's structured OS::Mistral::Workflow task keys (heat/engine/resources/openstack/mistral/workflow.py).</summary>
    public static readonly string[] HeatTask =
    {
        "name", "description", "on_error", "on_complete", "on_success", "policies", "action", "workflow", "publish",
        "input", "requires", "retry", "wait_before", "wait_after", "pause_before", "timeout", "with_items",
        "keep_result", "target", "join", "concurrency",
    };

    public static readonly string[] HeatTaskDefaults =
        { "on_error", "on_complete", "on_success", "requires", "retry", "wait_before", "wait_after", "pause_before", "timeout", "concurrency" };

    /// <summary>The policies Heat moves out of a task's legacy <c>policies</c> map.</summary>
    public static readonly string[] HeatPolicies = { "pause_before", "wait_after", "wait_before", "timeout", "concurrency", "retry" };

    public static readonly string[] EngineCommands = { "fail", "succeed", "pause", "noop" };

    public static bool IsInjected(string key, string[] allowed)
    {
        if (ReferenceEquals(allowed, DirectTask) || ReferenceEquals(allowed, ReverseTask)) return Contains(TaskInjected, key);
        if (ReferenceEquals(allowed, Workflow)) return Contains(WorkflowInjected, key);
        if (ReferenceEquals(allowed, Action)) return Contains(ActionInjected, key);
        return false;
    }

    public static bool Contains(string[] keys, string key)
    {
        foreach (var k in keys)
            if (k == key) return true;
        return false;
    }

    private static string[] Concat(string[] first, params string[] more)
    {
        var all = new List<string>(first);
        all.AddRange(more);
        return all.ToArray();
    }
}
