using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// The checks on a workflow's task graph (mistral/lang/v2/workflows.py validate_semantics): transitions and
/// requires name existing tasks, a direct workflow has a start task, joins have enough inbound tasks, and
/// (past Mistral, which would only hang at run time) requires do not form a cycle.
/// </summary>
internal static class WorkflowGraphChecks
{
    public static void Check(DslWorkflow workflow, DiagnosticBag diagnostics)
    {
        var names = new HashSet<string>(workflow.Tasks.Select(t => t.Name), StringComparer.Ordinal);
        var listed = string.Join(", ", workflow.Tasks.Select(t => t.Name));
        if (workflow.Type == WorkflowType.Direct) CheckDirect(workflow, names, listed, diagnostics);
        else CheckReverse(workflow, names, listed, diagnostics);
    }

    private static void CheckDirect(DslWorkflow workflow, HashSet<string> names, string listed, DiagnosticBag diagnostics)
    {
        var defaults = workflow.TaskDefaults;
        foreach (var transition in AllTransitions(workflow.Tasks, defaults))
            if (!names.Contains(transition.Target) && !transition.IsEngineCommand)
                diagnostics.Add(DiagnosticCatalog.DslUnknownTransitionTarget, transition.Span, transition.Target, workflow.Name, listed,
                    NameSuggestions.Hint(transition.Target, names));

        // Inbound transitions per task, with task-defaults applying where a task has no clause of its own.
        // A duplicated task name (the loader already warned) counts once.
        var inbound = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in workflow.Tasks) inbound[task.Name] = 0;
        foreach (var task in workflow.Tasks)
        {
            var targets = new HashSet<string>(StringComparer.Ordinal);
            AddTargets(targets, task.OnSuccess, defaults?.OnSuccess, task.Name);
            AddTargets(targets, task.OnError, defaults?.OnError, task.Name);
            AddTargets(targets, task.OnComplete, defaults?.OnComplete, task.Name);
            AddTargets(targets, task.OnSkip, defaults?.OnSkip, task.Name);
            foreach (var target in targets)
                if (inbound.ContainsKey(target)) inbound[target]++;
        }

        if (workflow.Tasks.Count > 0 && inbound.Values.All(n => n > 0))
            diagnostics.Add(DiagnosticCatalog.DslNoStartTask, workflow.NameSpan, workflow.Name);

        foreach (var task in workflow.Tasks)
        {
            if (task.Join is null || task.Node.GetEntry("join") is not { } joinEntry) continue;
            var needed = task.Join == "all" ? 1 : task.Join == "one" ? 1 : long.Parse(task.Join, System.Globalization.CultureInfo.InvariantCulture);
            var count = inbound.TryGetValue(task.Name, out var c) ? c : 0;
            if (count < needed)
                diagnostics.Add(DiagnosticCatalog.DslJoinInboundTasks, joinEntry.Value.Span, task.Name, task.Join, count);
        }
    }

    private static IEnumerable<DslTransition> AllTransitions(IReadOnlyList<DslTask> tasks, DslTaskDefaults? defaults)
    {
        foreach (var task in tasks)
            foreach (var t in task.OnSuccess.Concat(task.OnError).Concat(task.OnComplete).Concat(task.OnSkip))
                yield return t;
        if (defaults is null) yield break;
        foreach (var t in defaults.OnSuccess.Concat(defaults.OnError).Concat(defaults.OnComplete).Concat(defaults.OnSkip))
            yield return t;
    }

    private static void AddTargets(HashSet<string> targets, IReadOnlyList<DslTransition> own, IReadOnlyList<DslTransition>? defaults, string self)
    {
        if (own.Count > 0)
        {
            foreach (var t in own) targets.Add(t.Target);
            return;
        }
        if (defaults is null) return;
        foreach (var t in defaults)
            if (t.Target != self) targets.Add(t.Target);
    }

    private static void CheckReverse(DslWorkflow workflow, HashSet<string> names, string listed, DiagnosticBag diagnostics)
    {
        var defaults = workflow.TaskDefaults?.Requires ?? new DslTaskReference[0];
        foreach (var reference in workflow.Tasks.SelectMany(t => t.RequiredTasks).Concat(defaults))
            if (!names.Contains(reference.Name))
                diagnostics.Add(DiagnosticCatalog.DslUnknownRequiredTask, reference.Span, reference.Name, workflow.Name, listed,
                    NameSuggestions.Hint(reference.Name, names));

        var edges = new Dictionary<string, List<DslTaskReference>>(StringComparer.Ordinal);
        foreach (var task in workflow.Tasks)
        {
            var list = new List<DslTaskReference>();
            foreach (var r in task.RequiredTasks.Concat(defaults))
                if (r.Name != task.Name && names.Contains(r.Name)) list.Add(r);
            edges[task.Name] = list;
        }
        ReportCycles(workflow, edges, diagnostics);
    }

    /// <summary>An iterative depth-first search; each back edge closes one cycle, reported at that reference.</summary>
    private static void ReportCycles(DslWorkflow workflow, Dictionary<string, List<DslTaskReference>> edges, DiagnosticBag diagnostics)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in edges.Keys)
        {
            if (state.ContainsKey(root)) continue;
            var path = new List<string>();
            var stack = new Stack<(string Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var outgoing = edges[node];
                if (next >= outgoing.Count)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                stack.Push((node, next + 1));
                var reference = outgoing[next];
                if (!state.TryGetValue(reference.Name, out var s))
                {
                    state[reference.Name] = 1;
                    path.Add(reference.Name);
                    stack.Push((reference.Name, 0));
                }
                else if (s == 1)
                {
                    var members = path.Skip(path.IndexOf(reference.Name)).ToList();
                    var key = string.Join(",", members.OrderBy(m => m, StringComparer.Ordinal));
                    if (reported.Add(key))
                        diagnostics.Add(DiagnosticCatalog.DslRequiresCycle, reference.Span, workflow.Name,
                            string.Join(" requires ", members.Concat(new[] { reference.Name })));
                }
            }
        }
    }
}
