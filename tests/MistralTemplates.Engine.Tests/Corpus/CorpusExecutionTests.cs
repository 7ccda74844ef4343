using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests.Corpus;

/// <summary>
/// The runnable corpus workflows (<see cref="RunnableCorpus"/>) on the real server and on the engine end the same
/// way: final state, output, the class of state_info, and each task's name, state and published values. Workflows
/// that need an engine feature not built yet are listed in <see cref="KnownGaps"/>; their test checks the gap is
/// still there, so the entry goes when the feature lands.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class CorpusExecutionTests(MistralServer server, ITestOutputHelper output)
{
    /// <summary>Runnable corpus workflows the engine cannot run yet, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownGaps = new Dictionary<string, string>
    {
    };


    private static readonly ConcurrentDictionary<string, Task<(string Server, string Engine)>> Outcomes = new();
    private static readonly Regex Uuid = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant);

    public static IEnumerable<object[]> Runs => RunnableCorpus.All.Select(r => new object[] { r.Id });

    [MistralTheory]
    [MemberData(nameof(Runs))]
    public async Task A_corpus_workflow_ends_the_same_on_the_engine_and_the_real_server(string id)
    {
        var (real, embedded) = await OutcomeAsync(server, RunnableCorpus.Get(id));
        output.WriteLine($"server: {real}\nengine: {embedded}");
        if (KnownGaps.TryGetValue(id, out var reason))
            Assert.True(real != embedded, $"{id} now agrees with the server: remove its KnownGaps entry ({reason})");
        else
            Assert.Equal(real, embedded);
    }

    [MistralFact]
    public async Task The_runnable_corpus_agrees_but_for_the_known_gaps()
    {
        var runs = RunnableCorpus.All;
        var agreeing = 0;
        foreach (var run in runs)
        {
            var (real, embedded) = await OutcomeAsync(server, run);
            if (real == embedded) agreeing++;
            else output.WriteLine($"{run.Id} ({(KnownGaps.TryGetValue(run.Id, out var why) ? why : "NOT a known gap")})\n  server: {real}\n  engine: {embedded}");
        }
        output.WriteLine($"corpus execution agreement: {agreeing} of {runs.Count} ({KnownGaps.Count} known gaps)");
        Assert.True(runs.Count >= 10, $"only {runs.Count} runnable corpus workflows found");
        Assert.Equal(runs.Count - KnownGaps.Count, agreeing);
        Assert.All(KnownGaps.Keys, id => Assert.Contains(runs, r => r.Id == id));
    }

    // Each workflow runs once per test process, whichever test asks first.
    private static Task<(string, string)> OutcomeAsync(MistralServer server, CorpusRun run) =>
        Outcomes.GetOrAdd(run.Id, _ => RunBothAsync(server, run));

    private static async Task<(string, string)> RunBothAsync(MistralServer server, CorpusRun run)
    {
        // A namespace of its own keeps the corpus' plain names apart from other runs on the shared server.
        var ns = MistralServer.UniqueName("corpus");
        using var client = new MistralClient(server.ClientOptions());
        using var engine = new TempEngine();
        try
        {
            var real = await DescribeRunAsync(client, run, ns);
            var embedded = await DescribeRunAsync(engine.Service, run, ns);
            return (real, embedded);
        }
        finally
        {
            await DeleteQuietlyAsync(client, ns);
        }
    }

    /// <summary>State, state_info class, output and each task's state and published values, ids blanked, keys sorted.</summary>
    private static async Task<string> DescribeRunAsync(IWorkflowService service, CorpusRun run, string ns)
    {
        try
        {
            await service.Workflows.CreateAsync(CorpusFiles.Find(run.File).ReadText(), ns);
            var started = await service.Executions.CreateAsync(new ExecutionRequest
            {
                WorkflowName = run.Workflow, Namespace = ns, Input = (JsonObject)run.Input.DeepClone(), Params = (JsonObject?)run.Params?.DeepClone(),
            });
            var done = await FinishedAsync(service, started.Id);
            var tasks = new List<TaskExecution>();
            await foreach (var task in service.Executions.ListTasksAsync(done.Id)) tasks.Add(task);
            var taskLines = tasks.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => $"{t.Name}={StateName(t.State)} {Canonical(t.Published)}");
            return Uuid.Replace(
                $"{StateName(done.State)} | info={InfoClass(done.StateInfo)} | output={Canonical(OutputWithoutDetails(done))} | tasks: {string.Join("; ", taskLines)}",
                "<id>").Replace(ns, "<ns>");
        }
        catch (MistralException error)
        {
            return $"refused: {error.GetType().Name}";
        }
        catch (NotSupportedException)
        {
            return "not supported";
        }
    }

    /// <summary>
    /// The execution when it has finished, or as it is after two and a half minutes (a run that never ends compares
    /// as RUNNING). The corpus's longest run waits 60 s before its task; a busy server needs a margin beyond that.
    /// </summary>
    private static async Task<Execution> FinishedAsync(IWorkflowService service, string id)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(150);
        while (true)
        {
            var execution = await service.Executions.GetAsync(id);
            if (execution.State.IsCompleted() || DateTimeOffset.UtcNow > deadline) return execution;
            await Task.Delay(100);
        }
    }

    private static string StateName(ExecutionState state) => state.ToString().ToUpperInvariant();

    // A failed run's output repeats its state_info under "result": compared by its class too.
    private static JsonNode? OutputWithoutDetails(Execution execution)
    {
        if (execution.Output is not JsonObject output || output["result"] is not JsonValue result
            || !result.TryGetValue<string>(out var text) || text != execution.StateInfo) return execution.Output;
        var copy = (JsonObject)output.DeepClone();
        copy["result"] = InfoClass(text);
        return copy;
    }

    // The kind of reason, not its details: null, or the text before the first ':' or '['.
    private static string InfoClass(string? info) =>
        info is null ? "none" : info.Split(':', '[')[0].Trim();

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject map => "{" + string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static async Task DeleteQuietlyAsync(IWorkflowService service, string ns)
    {
        try
        {
            await foreach (var execution in service.Executions.ListAsync(new ExecutionQuery()))
                if (execution.WorkflowNamespace == ns) await service.Executions.DeleteAsync(execution.Id, force: true);
            await foreach (var workflow in service.Workflows.ListAsync(new ListQuery().Where("namespace", FilterOperator.Eq, ns)))
                await service.Workflows.DeleteAsync(workflow.Name, ns);
        }
        catch (MistralException)
        {
            // Cleanup only; a leftover in a namespace of its own changes no result.
        }
    }
}
