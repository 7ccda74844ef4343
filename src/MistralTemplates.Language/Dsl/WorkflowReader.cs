using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>Reads one workflow of a DSL document (mistral/lang/v2/workflows.py) and checks its task graph.</summary>
internal sealed class WorkflowReader
{
    private static readonly Regex UuidLike = new(
        "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant);

    private readonly DslChecker _checker;
    private readonly TaskReader _tasks;

    public WorkflowReader(DslChecker checker)
    {
        _checker = checker;
        _tasks = new TaskReader(checker, heatStyle: false);
    }

    public DslWorkflow? Read(YamlEntry entry)
    {
        var name = entry.KeyText ?? string.Empty;
        if (!_checker.ExpectNode(entry.Value, name, DslValues.IsNonEmptyMapping, "a workflow: a mapping with 'tasks'")) return null;
        var map = (YamlMapping)entry.Value;
        if (name.Length <= 36 && UuidLike.IsMatch(name))
            _checker.Report(DiagnosticCatalog.DslInvalidName, entry.Key, name, "workflow", "Mistral reserves UUID-like names for workflow ids");

        _checker.CheckKeys(map, DslKeys.Workflow, name, DiagnosticCatalog.DslIgnoredWorkflowKey);
        var type = ReadType(map);
        var inputs = map.GetEntry("input") is { } input ? InputReader.Read(_checker, input) : new List<DslInput>();
        var tags = map.GetEntry("tags") is { } tagEntry ? Names(_checker.ExpectStringList(tagEntry)) : new List<string>();
        foreach (var key in new[] { "output", "output-on-error", "vars" })
        {
            if (map.GetEntry(key) is not { } e) continue;
            if (!_checker.Expect(e, DslValues.IsNonEmptyMapping, DslValues.NonEmptyMapping)) continue;
            _checker.ScanExpressions(e.Value);
            if (key != "vars") _checker.CheckJunoValues(e.Value);
        }

        DslTaskDefaults? defaults = null;
        if (map.GetEntry("task-defaults") is { } defaultsEntry &&
            _checker.Expect(defaultsEntry, DslValues.IsNonEmptyMapping, DslValues.NonEmptyMapping))
        {
            var defaultsMap = (YamlMapping)defaultsEntry.Value;
            _checker.CheckKeys(defaultsMap, DslKeys.TaskDefaults, "'task-defaults'");
            defaults = _tasks.ReadDefaults(defaultsMap);
        }

        var tasks = new List<DslTask>();
        var tasksEntry = map.GetEntry("tasks");
        if (tasksEntry is null || tasksEntry.Value is YamlMapping { Count: 0 } || tasksEntry.Value is YamlScalar { IsNull: true })
            _checker.Report(DiagnosticCatalog.DslNoTasks, tasksEntry?.Key ?? entry.Key, name);
        else if (_checker.Expect(tasksEntry, v => v is YamlMapping, "a mapping of task names to tasks"))
            foreach (var taskEntry in ((YamlMapping)tasksEntry.Value).Entries)
            {
                var taskName = taskEntry.KeyText ?? string.Empty;
                if (!_checker.ExpectNode(taskEntry.Value, taskName, DslValues.IsNonEmptyMapping, "a task: a non-empty mapping")) continue;
                var taskMap = (YamlMapping)taskEntry.Value;
                _checker.CheckKeys(taskMap, type == WorkflowType.Direct ? DslKeys.DirectTask : DslKeys.ReverseTask, taskName);
                tasks.Add(_tasks.Read(taskName, taskEntry.Key, taskMap, type, name));
            }

        var description = map["description"] is YamlScalar { Kind: YamlScalarKind.String } d ? d.Value : null;
        var workflow = new DslWorkflow(name, entry.Key.Span, type, description, inputs, tasks, tags, map)
        {
            Output = map["output"],
            OutputOnError = map["output-on-error"],
            Vars = map["vars"],
            TaskDefaults = defaults,
        };
        WorkflowGraphChecks.Check(workflow, _checker.Diagnostics);
        return workflow;
    }

    private WorkflowType ReadType(YamlMapping map)
    {
        if (map.GetEntry("type") is not { } entry) return WorkflowType.Direct;
        if (entry.Value is YamlScalar { Value: "reverse", Kind: YamlScalarKind.String }) return WorkflowType.Reverse;
        if (entry.Value is YamlScalar { Value: "direct", Kind: YamlScalarKind.String }) return WorkflowType.Direct;
        _checker.Report(DiagnosticCatalog.DslUnknownWorkflowType, entry.Value, DslValues.Describe(entry.Value).Trim('\''),
            NameSuggestions.Hint(DslValues.Describe(entry.Value).Trim('\''), DslKeys.WorkflowTypes));
        return WorkflowType.Direct;
    }

    internal static List<string> Names(List<YamlScalar> scalars)
    {
        var names = new List<string>(scalars.Count);
        foreach (var s in scalars) names.Add(s.Value);
        return names;
    }
}

/// <summary>Reads an <c>input</c> list: <c>- name</c> or <c>- name: default</c>, unique names.</summary>
internal static class InputReader
{
    public static List<DslInput> Read(DslChecker checker, YamlEntry entry)
    {
        var inputs = new List<DslInput>();
        if (entry.Value is not YamlSequence { Count: > 0 } list)
        {
            checker.Expect(entry, _ => false, "a non-empty list of names or 'name: default' entries");
            return inputs;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            DslInput input;
            if (DslValues.IsNonEmptyString(item))
            {
                input = new DslInput(((YamlScalar)item).Value, item.Span, null, hasDefault: false);
            }
            else if (item is YamlMapping { Count: 1 } one && one.Entries[0].KeyText is { Length: > 0 } key)
            {
                input = new DslInput(key, one.Entries[0].Key.Span, one.Entries[0].Value, hasDefault: true);
                checker.ScanExpressions(one.Entries[0].Value);
            }
            else
            {
                checker.Report(DiagnosticCatalog.DslBadInputItem, item, DslValues.Describe(item));
                continue;
            }
            if (!seen.Add(input.Name))
            {
                checker.Diagnostics.Add(DiagnosticCatalog.DslDuplicateName, input.Span, input.Name, entry.KeyText);
                continue;
            }
            inputs.Add(input);
        }
        return inputs;
    }
}
