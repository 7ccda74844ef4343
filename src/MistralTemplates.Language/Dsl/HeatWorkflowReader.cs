using System;
using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// Reads the structured form of OS::Mistral::Workflow (heat/engine/resources/openstack/mistral/workflow.py):
/// properties <c>type</c>, <c>input</c>, <c>output</c>, <c>tasks</c> (a list with snake_case keys),
/// <c>task_defaults</c>, <c>tags</c>. Heat turns them into a DSL workflow; this checks them with Heat's own
/// rules (both/neither action and workflow, requires in direct, concurrency without with_items, a policy set
/// twice) and then with Mistral's. Resource-level rules (<c>params.task_name</c>) belong to the resource checks.
/// </summary>
internal sealed class HeatWorkflowReader
{
    private readonly DslChecker _checker;
    private readonly TaskReader _tasks;

    public HeatWorkflowReader(DiagnosticBag diagnostics)
    {
        _checker = new DslChecker(diagnostics);
        _tasks = new TaskReader(_checker, heatStyle: true);
    }

    public DslDocument Read(YamlMapping properties, string? resourceName)
    {
        var name = properties["name"] is YamlScalar { Kind: YamlScalarKind.String } n && n.Value.Length > 0 ? n.Value : resourceName ?? "workflow";
        var nameSpan = properties.GetEntry("name")?.Value.Span ?? properties.Span;
        var type = ReadType(properties);
        var description = properties["description"] is YamlScalar { Kind: YamlScalarKind.String } d ? d.Value : null;

        var inputs = new List<DslInput>();
        if (properties["input"] is YamlMapping input)
            foreach (var entry in input.Entries)
                if (entry.KeyText is { } key) inputs.Add(new DslInput(key, entry.Key.Span, entry.Value, hasDefault: true));

        var tags = properties.GetEntry("tags") is { } tagEntry && !_tasks.IsIntrinsic(tagEntry.Value)
            ? WorkflowReader.Names(_checker.ExpectStringList(tagEntry))
            : new List<string>();
        if (properties["output"] is YamlMapping output)
        {
            _checker.ScanExpressions(output);
            _checker.CheckJunoValues(output);
        }

        DslTaskDefaults? defaults = null;
        if (properties["task_defaults"] is YamlMapping defaultsMap)
        {
            _checker.CheckKeys(defaultsMap, DslKeys.HeatTaskDefaults, "'task_defaults'");
            defaults = _tasks.ReadDefaults(defaultsMap);
        }

        var tasks = ReadTasks(properties, type, name);
        var workflow = new DslWorkflow(name, nameSpan, type, description, inputs, tasks, tags, properties)
        {
            Output = properties["output"],
            TaskDefaults = defaults,
        };
        WorkflowGraphChecks.Check(workflow, _checker.Diagnostics);
        return new DslDocument(DslDocumentKind.Workflows, "2.0", null, new[] { workflow }, new DslAction[0], properties.Span);
    }

    private WorkflowType ReadType(YamlMapping properties)
    {
        if (properties.GetEntry("type") is not { } entry || _tasks.IsIntrinsic(entry.Value)) return WorkflowType.Direct;
        if (entry.Value is YamlScalar { Value: "reverse" }) return WorkflowType.Reverse;
        if (entry.Value is not YamlScalar { Value: "direct" })
            _checker.Report(DiagnosticCatalog.DslUnknownWorkflowType, entry.Value, DslValues.Describe(entry.Value).Trim('\''),
            NameSuggestions.Hint(DslValues.Describe(entry.Value).Trim('\''), DslKeys.WorkflowTypes));
        return WorkflowType.Direct;
    }

    private List<DslTask> ReadTasks(YamlMapping properties, WorkflowType type, string workflowName)
    {
        var tasks = new List<DslTask>();
        var entry = properties.GetEntry("tasks");
        if (entry is null || entry.Value is YamlSequence { Count: 0 } || entry.Value is YamlScalar { IsNull: true })
        {
            _checker.Report(DiagnosticCatalog.DslNoTasks, entry?.Key ?? (YamlNode)properties, workflowName);
            return tasks;
        }
        if (!_checker.Expect(entry, v => v is YamlSequence, "a list of tasks, each with a 'name'")) return tasks;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in ((YamlSequence)entry.Value).Items)
        {
            if (!_checker.ExpectNode(item, "tasks", v => v is YamlMapping, "a task: a mapping with 'name'")) continue;
            var map = (YamlMapping)item;
            if (map.GetEntry("name") is not { } nameEntry || !DslValues.IsNonEmptyString(nameEntry.Value))
            {
                _checker.ExpectNode(map.GetEntry("name")?.Value ?? map, "name", DslValues.IsNonEmptyString, "the task's name, a non-empty string");
                continue;
            }
            var taskName = ((YamlScalar)nameEntry.Value).Value;
            if (!seen.Add(taskName)) _checker.Report(DiagnosticCatalog.DslDuplicateName, nameEntry.Value, taskName, "tasks");
            CheckHeatRules(map, nameEntry, taskName, type);
            tasks.Add(_tasks.Read(taskName, nameEntry.Value, map, type, workflowName));
        }
        return tasks;
    }

    private void CheckHeatRules(YamlMapping task, YamlEntry nameEntry, string taskName, WorkflowType type)
    {
        _checker.CheckKeys(task, DslKeys.HeatTask, $"task '{taskName}'");
        if (task.GetEntry("action") is null && task.GetEntry("workflow") is null)
            _checker.Report(DiagnosticCatalog.HeatWorkflowTaskWithoutCommand, nameEntry.Value, taskName);
        if (type == WorkflowType.Direct && task.GetEntry("requires") is { } requires)
            _checker.Report(DiagnosticCatalog.DslRequiresInDirectWorkflow, requires.Key, taskName);
        if (type == WorkflowType.Reverse)
            foreach (var key in new[] { "on_success", "on_error", "on_complete", "join" })
                if (task.GetEntry(key) is { } directOnly)
                    _checker.Report(DiagnosticCatalog.DslUnknownKey, directOnly.Key, key, $"task '{taskName}' of a reverse workflow",
                        "requires and the policies (on_* and join are for direct workflows)", string.Empty);

        if (task.GetEntry("policies") is not { } policies || policies.Value is not YamlMapping policyMap) return;
        foreach (var policy in policyMap.Entries)
            if (policy.KeyText is { } key && task.GetEntry(key) is not null)
                _checker.Report(DiagnosticCatalog.HeatWorkflowPolicyConflict, policy.Key, taskName, key);
    }
}
