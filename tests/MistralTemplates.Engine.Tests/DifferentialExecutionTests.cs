using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests;

/// <summary>The same small workflows run on the embedded engine and on the real server end the same way.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class DifferentialExecutionTests(MistralServer server, ITestOutputHelper output)
{
    private static readonly Regex Uuid = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant);

    [MistralFact]
    public async Task The_engine_and_the_real_server_end_each_workflow_with_the_same_state_output_and_published_values()
    {
        var implicitOutputs = MistralServer.UniqueName("implicit");
        var commands = MistralServer.UniqueName("commands");
        var policies = MistralServer.UniqueName("policies");
        var items = MistralServer.UniqueName("items");
        var runs = new (string Name, string? Definition, JsonObject? Input)[]
        {
            Named("chain", ExecutionWorkflows.EchoChain, new JsonObject { ["who"] = "Ann" }),
            Named("handled", ExecutionWorkflows.HandledFailure, null),
            Named("unhandled", ExecutionWorkflows.UnhandledFailure, null),
            (implicitOutputs, ExecutionWorkflows.ImplicitOutputs(implicitOutputs), new JsonObject { ["a"] = 5 }),
            (implicitOutputs + "_oe", null, null),   // declared by the text above
            (commands + "_false", ExecutionWorkflows.Commands(commands), null),
            (commands + "_fail", null, null),
            (commands + "_succeed", null, null),
            Named("waits", ExecutionWorkflows.Waits, null),
            Named("joins", ExecutionWorkflows.Joins, null),
            (policies + "_failmsg", ExecutionWorkflows.Policies(policies), null),
            (policies + "_defaults", null, null),
            (policies + "_failon", null, null),
            Named("retries", ExecutionWorkflows.Retries, null),
            (items, ExecutionWorkflows.WithItems(items), null),
            (items + "_fail", null, null),
            Named("timeout", ExecutionWorkflows.Timeout, null),
        };
        await CompareAsync(runs, []);
    }

    [MistralFact]
    public async Task The_tasks_function_lists_the_same_task_executions_as_the_server()
    {
        await CompareAsync([Named("tasks", ExecutionWorkflows.TasksFunction, null)], []);
    }

    [MistralFact]
    public async Task Mistrals_own_yaql_functions_give_the_same_values_as_on_the_server()
    {
        var input = new JsonObject
        {
            ["doc"] = new JsonObject
            {
                ["a"] = new JsonArray(1, 2.5, "x"),
                ["b"] = new JsonObject { ["c"] = null, ["d"] = true, ["e"] = new JsonArray() },
                ["s"] = "line1\nline2 ",
                ["u"] = "caf\u00e9",
            },
            ["json_text"] = "{\"k\": [1, 2.5, \"x\", null, true], \"m\": {}}",
            ["yaml_text"] = "a: 1\nb: [x, 2.5, null, true]\nc: {d: e}\n",
        };
        await CompareAsync([Named("mistralfns", ExecutionWorkflows.MistralFunctions, input)], []);
    }

    [MistralFact]
    public async Task Sub_workflow_tasks_end_the_same_on_the_engine_and_the_real_server()
    {
        var name = MistralServer.UniqueName("subwf");
        var runs = new (string Name, string? Definition, JsonObject? Input)[]
        {
            (name, ExecutionWorkflows.SubWorkflows(name), null),
            (name + "_handled", null, null),
            (name + "_failing", null, null),
        };
        await CompareAsync(runs, [name + "_child", name + "_bad"]);
    }

    [MistralFact]
    public async Task Reverse_workflows_run_what_the_target_requires_and_refuse_the_same_starts()
    {
        var name = MistralServer.UniqueName("reverse");
        using var client = new MistralClient(server.ClientOptions());
        using var engine = new TempEngine();
        var starts = new JsonObject?[]
        {
            new() { ["task_name"] = "t2" }, new() { ["task_name"] = "t3" }, new() { ["task_name"] = "other" },
            new() { ["task_name"] = "nope" }, null,
        };
        var real = new List<string>();
        var embedded = new List<string>();
        try
        {
            await client.Workflows.CreateAsync(ExecutionWorkflows.Reverse(name));
            await engine.Service.Workflows.CreateAsync(ExecutionWorkflows.Reverse(name));
            foreach (var parameters in starts)
            {
                real.Add(await OutcomeOrRefusalAsync(client, name, parameters));
                embedded.Add(await OutcomeOrRefusalAsync(engine.Service, name, parameters));
            }
        }
        finally
        {
            await DeleteQuietlyAsync(client, name);
        }
        foreach (var (first, second) in real.Zip(embedded)) output.WriteLine($"server: {first}\nengine: {second}");
        Assert.Equal(real, embedded);
    }

    private static async Task<string> OutcomeOrRefusalAsync(IWorkflowService service, string name, JsonObject? parameters)
    {
        try
        {
            return await OutcomeAsync(service, name, null, null, parameters);
        }
        catch (MistralException refused)
        {
            return $"refused: {refused.GetType().Name} {refused.ServerMessage?.Split(' ')[0]}";
        }
    }

    [MistralFact]
    public async Task Refused_action_input_fails_the_whole_workflow_with_the_same_message()
    {
        var runs = new[] { Named("refused", ExecutionWorkflows.RefusedInput, null) };
        await CompareAsync(runs, []);
    }

    [MistralFact]
    public async Task A_join_that_can_never_be_reached_fails_as_on_the_server()
    {
        var name = MistralServer.UniqueName("unreachable");
        await CompareAsync([(name, ExecutionWorkflows.UnreachableJoin(name), null), (name + "_handled", null, null)], []);
    }

    [MistralFact]
    public async Task A_task_naming_an_unknown_action_fails_the_execution_at_once_as_on_the_server()
    {
        var name = MistralServer.UniqueName("unknown");
        var @namespace = MistralServer.UniqueName("ns");
        using var client = new MistralClient(server.ClientOptions());
        using var engine = new TempEngine();
        var runs = new (string Name, string? Namespace)[] { (name, null), (name + "_later", null), (name + "_handled", null), (name, @namespace) };
        var real = new List<string>();
        var embedded = new List<string>();
        try
        {
            foreach (var target in new IWorkflowService[] { client, engine.Service })
            {
                await target.Workflows.CreateAsync(ExecutionWorkflows.UnknownAction(name));
                await target.Workflows.CreateAsync(ExecutionWorkflows.UnknownAction(name), @namespace);
            }
            foreach (var (workflow, inNamespace) in runs)
            {
                real.Add(await UnknownActionOutcomeAsync(client, workflow, inNamespace));
                embedded.Add(await Task.Run(() => UnknownActionOutcomeAsync(engine.Service, workflow, inNamespace)).WaitAsync(TimeSpan.FromSeconds(30)));
            }
        }
        finally
        {
            foreach (var (workflow, _) in runs.Take(3)) await DeleteQuietlyAsync(client, workflow);
            await DeleteInNamespaceQuietlyAsync(client, @namespace);
        }
        foreach (var (first, second) in real.Zip(embedded)) output.WriteLine($"server: {first}\nengine: {second}");
        Assert.Equal(real, embedded);
    }

    /// <summary>What <see cref="OutcomeAsync"/> gives, with each task's state_info and how many actions it ran.</summary>
    private static async Task<string> UnknownActionOutcomeAsync(IWorkflowService service, string name, string? @namespace)
    {
        var started = await service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name, Namespace = @namespace });
        var done = await EngineExecutionTests.FinishedAsync(service, started.Id);
        var taskLines = new List<string>();
        foreach (var task in (await EngineExecutionTests.ToListAsync(service.Executions.ListTasksAsync(done.Id))).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var actions = await EngineExecutionTests.ToListAsync(service.ActionExecutions.ListForTaskAsync(task.Id));
            // The server's task state_info ends in its Python traceback, which the engine has none of.
            var info = task.StateInfo?.Split(":\nTraceback", 2)[0];
            taskLines.Add($"{task.Name}={task.State.ToMistralName()} info={info} actions={actions.Count} {Canonical(task.Published)}");
        }
        var text = Blank($"{Label(name)}: {done.State.ToMistralName()} | info={done.StateInfo} | output={Canonical(done.Output)} | tasks: {string.Join("; ", taskLines)}");
        return @namespace is null ? text : text.Replace(@namespace, "<ns>", StringComparison.Ordinal) + " (in a namespace)";
    }

    private static async Task DeleteInNamespaceQuietlyAsync(IWorkflowService service, string @namespace)
    {
        try
        {
            await foreach (var execution in service.Executions.ListAsync())
                if (execution.WorkflowNamespace == @namespace) await service.Executions.DeleteAsync(execution.Id, force: true);
            await foreach (var workflow in service.Workflows.ListAsync())
                if (workflow.Namespace == @namespace) await service.Workflows.DeleteAsync(workflow.Name!, @namespace);
        }
        catch (MistralException)
        {
            // Cleanup only.
        }
    }

    private async Task CompareAsync((string Name, string? Definition, JsonObject? Input)[] runs, string[] alsoDelete)
    {
        using var client = new MistralClient(server.ClientOptions());
        using var engine = new TempEngine();

        var real = new List<string>();
        var embedded = new List<string>();
        try
        {
            foreach (var (name, definition, input) in runs)
            {
                real.Add(await OutcomeAsync(client, name, definition, input));
                embedded.Add(await OutcomeAsync(engine.Service, name, definition, input));
            }
        }
        finally
        {
            foreach (var (name, _, _) in runs.Reverse()) await DeleteQuietlyAsync(client, name);
            foreach (var name in alsoDelete) await DeleteQuietlyAsync(client, name);
        }

        var agreeing = real.Zip(embedded).Count(p => p.First == p.Second);
        output.WriteLine($"{agreeing} of {real.Count} workflows agree");
        foreach (var (first, second) in real.Zip(embedded).Where(p => p.First != p.Second))
            output.WriteLine($"server: {first}\nengine: {second}");
        Assert.Equal(real, embedded);
    }

    private static (string, string?, JsonObject?) Named(string prefix, Func<string, string> definition, JsonObject? input)
    {
        var name = MistralServer.UniqueName(prefix);
        return (name, definition(name), input);
    }

    /// <summary>State, state_info, output and each task's state and published values, ids blanked, keys sorted.</summary>
    private static async Task<string> OutcomeAsync(IWorkflowService service, string name, string? definition, JsonObject? input, JsonObject? parameters = null)
    {
        if (definition is not null) await service.Workflows.CreateAsync(definition);
        var started = await service.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name, Input = input?.DeepClone().AsObject(), Params = parameters });
        var done = await EngineExecutionTests.FinishedAsync(service, started.Id);
        var tasks = await EngineExecutionTests.ToListAsync(service.Executions.ListTasksAsync(done.Id));
        var taskLines = tasks.OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"{t.Name}={t.State.ToMistralName()} {Canonical(t.Published)}");
        return Blank($"{Label(name)}: {done.State.ToMistralName()} | info={done.StateInfo} | output={Canonical(done.Output)} | tasks: {string.Join("; ", taskLines)}");
    }

    // The name without its unique part: chain_1a2b3c4d_oe → chain_oe.
    private static string Label(string name) => Regex.Replace(name, "_[0-9a-f]{8}", "");

    // The server follows "Failed to run task [...]" with its Python traceback; the engine has none to give.
    private static readonly Regex Traceback = new(@"(Failed to run task \[.*?\]):(\n|\\n)Traceback.*?(?=\""}|\s\|)", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static string Blank(string text) => Traceback.Replace(Uuid.Replace(text, "<id>"), "$1");

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject map => "{" + string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static async Task DeleteQuietlyAsync(IWorkflowService service, string name)
    {
        try
        {
            await foreach (var execution in service.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [name] }))
                await service.Executions.DeleteAsync(execution.Id, force: true);
            await service.Workflows.DeleteAsync(name);
        }
        catch (MistralException)
        {
            // Cleanup only; a leftover on the shared server does not change any result.
        }
    }
}
