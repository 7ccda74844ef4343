using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Engine.Tests.Corpus;

/// <summary>One corpus workflow to start, with the input and start parameters it needs.</summary>
public sealed record CorpusRun(string File, string Workflow, JsonObject Input, JsonObject? Params)
{
    /// <summary>The test's name for it: the file's name without its repository folder and extension, and the workflow.</summary>
    public string Id => $"{System.IO.Path.GetFileNameWithoutExtension(File)}:{Workflow}";

    public override string ToString() => Id;
}

/// <summary>
/// The corpus workflows that can run on both the engine and a bare Mistral: every task calls an action that ends by
/// itself without anything outside (std.echo, std.noop, std.fail, std.sleep) or a workflow of the same file.
/// std.async_noop waits for an answer nobody sends, std.http in the corpus calls hosts that do not exist here, and
/// the OpenStack actions need clouds.
/// </summary>
public static class RunnableCorpus
{
    public static readonly IReadOnlySet<string> SelfContainedActions = new HashSet<string> { "std.echo", "std.noop", "std.fail", "std.sleep" };

    /// <summary>Input for the workflows that need particular values; any other required input gets the text "&lt;name&gt;-value".</summary>
    private static readonly Dictionary<string, JsonObject> Inputs = new()
    {
        ["wf_jinja.yaml:wf1"] = new JsonObject { ["farewell"] = "Bye" },
        ["wf_v2.yaml:wf1"] = new JsonObject { ["farewell"] = "Bye" },
        ["WF_DEFINITION_WITH_INPUT.yaml:flow"] = new JsonObject { ["param1"] = "a", ["param2"] = 3 },
    };

    public static IReadOnlyList<CorpusRun> All { get; } = Find();

    public static CorpusRun Get(string id) => All.Single(r => r.Id == id);

    private static List<CorpusRun> Find()
    {
        var runs = new List<CorpusRun>();
        foreach (var file in CorpusFiles.All.Where(f => f.Kind == "workflow" && f.RecordedValid))
        {
            var loaded = YamlLoader.Load(file.File, file.ReadText());
            if (loaded.Root is null || DslParser.Parse(loaded.Root, new DiagnosticBag()) is not { } document) continue;
            var names = document.Workflows.Select(w => w.Name).ToHashSet();
            if (!document.Workflows.All(w => w.Tasks.All(t => IsSelfContained(t, names)))) continue;
            foreach (var workflow in document.Workflows)
                runs.Add(new CorpusRun(file.File, workflow.Name, InputFor(file.File, workflow), ParamsFor(workflow)));
        }
        return runs;
    }

    private static bool IsSelfContained(DslTask task, ISet<string> workflowsOfTheFile) =>
        task.Workflow is { } workflow ? workflowsOfTheFile.Contains(workflow)
        : task.Action is not { } action || SelfContainedActions.Contains(action);

    private static JsonObject InputFor(string file, DslWorkflow workflow)
    {
        var key = Inputs.Keys.FirstOrDefault(k => file.EndsWith(k.Split(':')[0], StringComparison.Ordinal) && k.EndsWith(":" + workflow.Name, StringComparison.Ordinal));
        if (key is not null) return (JsonObject)Inputs[key].DeepClone();
        var input = new JsonObject();
        foreach (var required in workflow.Inputs.Where(i => !i.HasDefault)) input[required.Name] = $"{required.Name}-value";
        return input;
    }

    // A reverse workflow runs toward a target task: the one no other task requires.
    private static JsonObject? ParamsFor(DslWorkflow workflow)
    {
        if (workflow.Type != WorkflowType.Reverse) return null;
        var required = workflow.Tasks.SelectMany(t => t.Requires).ToHashSet();
        var target = workflow.Tasks.Last(t => !required.Contains(t.Name)).Name;
        return new JsonObject { ["task_name"] = target };
    }
}
