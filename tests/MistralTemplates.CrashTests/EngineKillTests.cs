using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Engine;
using MistralTemplates.Mistral;
using Xunit.Abstractions;

namespace MistralTemplates.CrashTests;

/// <summary>
/// The embedded engine's host is killed (SIGKILL) at random moments while executions run: chains, parallel branches
/// with a join, with-items, retry and waits. Reopening resumes them; in the end every execution is final exactly
/// once, no action ran twice, and an action cut off by a kill failed with the heartbeat message instead of running
/// again. The host's <c>test.log</c> action writes a line each time it runs, which is how runs are counted. The first
/// kill waits for the host's <c>test.hold</c> action to create its marker file, so at least one kill certainly cuts an
/// action off however slow the machine is; the others land at random.
/// </summary>
public sealed class EngineKillTests(ITestOutputHelper output) : IDisposable
{
    private const string SeedVariable = "CRASH_SEED";
    private const string KillsVariable = "CRASH_KILLS";
    private const string Heartbeat = "Heartbeat wasn't received.";
    private const int ExecutionsPerBatch = 10;

    /// <summary>The host's one execution of kill_hold (EngineKillHost.HoldExecutionId).</summary>
    private const string HoldExecutionId = "ffffffff-0000-4000-8000-000000000000";
    private static readonly TimeSpan OpenDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MarkerDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestRunBeforeKill = TimeSpan.FromMilliseconds(1500);

    /// <summary>The tasks a successful execution of each of the host's workflows has, by name.</summary>
    private static readonly Dictionary<string, string[]> TasksOfSuccess = new()
    {
        ["kill_chain"] = ["one", "three", "two"],
        ["kill_parallel"] = ["joined", "left", "right", "right_log"],
        ["kill_items"] = ["after", "each"],
        ["kill_retry"] = ["flaky", "recovered"],
        ["kill_waits"] = ["first", "last", "waited"],
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mt-enginekill-" + Guid.NewGuid().ToString("N")[..8]);

    private sealed record ActionKey(string Execution, string Task, string Item);

    [Fact]
    public async Task Killed_at_random_moments_every_execution_ends_once_and_no_action_runs_twice()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var kills = int.TryParse(Environment.GetEnvironmentVariable(KillsVariable), CultureInfo.InvariantCulture, out var k) ? k : 25;
        output.WriteLine($"seed {seed} ({SeedVariable}={seed} repeats these kill moments), {kills} kills");
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var engineFolder = Path.Combine(_folder, "engine");
        var log = Path.Combine(_folder, "actions.log");
        var marker = Path.Combine(_folder, "hold.marker");
        Directory.CreateDirectory(_folder);

        // A new batch of executions at every start, so there is always work in flight to cut.
        var killed = 0;
        var batches = 1;
        for (var round = 0; round < kills; round++)
        {
            batches = 1 + round;
            var after = TimeSpan.FromMilliseconds(random.Next((int)LongestRunBeforeKill.TotalMilliseconds));
            // The first run also starts the action that never ends, and is killed as soon as that action runs.
            var onMarker = round == 0;
            var host = ExampleProcess.Start(CrashHostRunner.HostPath, onMarker ? [.. EngineKillHost(engineFolder, log, batches), marker] : EngineKillHost(engineFolder, log, batches));
            bool wasRunning;
            string seen;
            try
            {
                await UntilOpenedAsync(host);
                if (onMarker) await UntilMarkerAsync(host, marker);
                else await Task.Delay(after);
                wasRunning = !host.HasExited;
                seen = host.ToString();
            }
            finally
            {
                // Process.Kill: SIGKILL to the host, as a crash or an OOM kill ends it.
                await host.DisposeAsync();
            }
            if (wasRunning) killed++;
            output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  batches {batches}: " +
                             (!wasRunning ? $"ended first: {seen}" : onMarker ? "killed as test.hold ran" : $"killed {after.TotalMilliseconds:0} ms after opening"));
        }

        var last = await ExampleProcess.RunAsync(CrashHostRunner.HostPath, EngineKillHost(engineFolder, log, batches));
        Assert.True(last.ExitCode == 0, last.ToString());
        var expected = Enumerable.Range(0, batches).SelectMany(b => Enumerable.Range(0, ExecutionsPerBatch).Select(i => ExecutionId(b, i))).ToList();
        Assert.Contains($"final {expected.Count}", last.Output);
        expected.Add(HoldExecutionId);

        // The records, read by a fresh engine on the same folder: nothing is running, so opening resumes nothing.
        var actions = new List<(ActionKey Key, ActionExecution Action)>();
        var heartbeatFailures = 0;
        var holdCutOff = false;
        var states = new Dictionary<ExecutionState, int>();
        using (var engine = EmbeddedWorkflowService.Open(engineFolder))
        {
            var executions = new List<Execution>();
            await foreach (var execution in engine.Executions.ListAsync()) executions.Add(execution);
            Assert.Equal(expected.Order(), executions.Select(e => e.Id).Order());

            foreach (var execution in executions)
            {
                Assert.True(execution.State is ExecutionState.Success or ExecutionState.Error, $"{execution.Id}: {execution.State}");
                states[execution.State] = states.GetValueOrDefault(execution.State) + 1;
                var tasks = new List<TaskExecution>();
                await foreach (var task in engine.Executions.ListTasksAsync(execution.Id)) tasks.Add(task);
                // Every task of these workflows is reached once at most (a retry reruns the action, not the task).
                Assert.True(tasks.Select(t => t.Name).Distinct().Count() == tasks.Count, $"{execution.Id}: a task ran twice: {string.Join(", ", tasks.Select(t => t.Name))}");

                // A run that succeeded went all the way: none of its tasks was lost across the restarts.
                if (execution.State == ExecutionState.Success)
                    Assert.Equal(TasksOfSuccess[execution.WorkflowName!], tasks.Select(t => t.Name!).Order());

                var cutOff = 0;
                foreach (var task in tasks)
                    await foreach (var action in engine.ActionExecutions.ListForTaskAsync(task.Id))
                    {
                        if (action.State == ExecutionState.Error && action.StateInfo == Heartbeat) cutOff++;
                        if (action.Name == "test.hold") holdCutOff = action.State == ExecutionState.Error && action.StateInfo == Heartbeat;
                        Assert.True(action.State.IsCompleted(), $"{execution.Id} {task.Name}: an action left {action.State}");
                        if (action.Name == "test.log") actions.Add((KeyOf(action), action));
                    }
                heartbeatFailures += cutOff;
                // ERROR only where a kill cut an action off: nothing else in these workflows fails unhandled.
                if (execution.State == ExecutionState.Error)
                    Assert.True(cutOff > 0, $"{execution.Id} ({execution.WorkflowName}) ended in ERROR without a cut-off action: {execution.StateInfo}");
            }
        }

        var lines = File.ReadAllLines(log).Select(l => l.Split(' ')).Select(p => new ActionKey(p[0], p[1], p[2])).ToList();
        var ran = lines.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var recorded = actions.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Select(a => a.Action).ToList());
        foreach (var (key, count) in ran)
        {
            // Each action execution matches one line at most: never more runs than records.
            var records = recorded.GetValueOrDefault(key) ?? [];
            Assert.True(count <= records.Count, $"{key} ran {count} times for {records.Count} action executions");
        }
        foreach (var (key, records) in recorded)
        {
            var count = ran.GetValueOrDefault(key);
            // An action that ended by itself (not by the heartbeat rule) certainly ran.
            var endedByItself = records.Count(a => a.StateInfo != Heartbeat);
            Assert.True(count >= endedByItself, $"{key}: {endedByItself} action executions ended by themselves, {count} runs logged");
            if (key.Task == "flaky")
            {
                Assert.True(records.Count <= 3, $"{key}: {records.Count} action executions for retry count 2");
                continue;
            }
            // Tasks Mistral runs once: one action execution, run once at most; a cut-off one stays failed, not rerun.
            Assert.True(records.Count == 1, $"{key}: {records.Count} action executions ({string.Join(", ", records.Select(a => $"{a.State} {a.StateInfo}"))})");
            Assert.True(count <= 1, $"{key} ran {count} times");
        }

        output.WriteLine($"{killed} kills; {expected.Count} executions ({string.Join(", ", states.Select(s => $"{s.Value} {s.Key}"))}); " +
                         $"{actions.Count} test.log action executions, {lines.Count} runs logged; {heartbeatFailures} actions failed by the heartbeat rule; " +
                         $"{clock.Elapsed.TotalSeconds:0} s in all");
        Assert.True(killed >= kills * 4 / 5, $"only {killed} of {kills} runs were still running when killed");
        Assert.True(holdCutOff, "the action running when the first kill landed did not fail by the heartbeat rule");
        Assert.True(heartbeatFailures > 0, "no kill cut an action off, so the heartbeat rule was never exercised");
    }

    private static string[] EngineKillHost(string folder, string log, int batches) =>
        ["engine-kill", folder, log, batches.ToString(CultureInfo.InvariantCulture)];

    /// <summary>The host's fixed execution ids (EngineKillHost.ExecutionId): five workflows, two executions each, per batch.</summary>
    private static string ExecutionId(int batch, int index) => string.Create(CultureInfo.InvariantCulture, $"{batch:x8}-0000-4000-8000-{index:x12}");

    private static ActionKey KeyOf(ActionExecution action)
    {
        var input = action.Input ?? throw new Xunit.Sdk.XunitException($"action execution {action.Id} has no input");
        return new ActionKey(input["execution"]!.GetValue<string>(), input["task"]!.GetValue<string>(), input["item"]?.GetValue<string>() ?? "-");
    }

    private static async Task UntilOpenedAsync(ExampleProcess host)
    {
        var clock = Stopwatch.StartNew();
        while (!host.ToString().Contains("opened", StringComparison.Ordinal))
        {
            Assert.False(host.HasExited && !host.ToString().Contains("opened", StringComparison.Ordinal), $"the host ended before it opened the engine: {host}");
            Assert.True(clock.Elapsed < OpenDeadline, $"the host did not open the engine within {OpenDeadline}: {host}");
            await Task.Delay(20);
        }
    }

    /// <summary>Until the host's never-ending action has created <paramref name="marker"/>: it is running now.</summary>
    private static async Task UntilMarkerAsync(ExampleProcess host, string marker)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(marker))
        {
            Assert.False(host.HasExited, $"the host ended before test.hold ran: {host}");
            Assert.True(clock.Elapsed < MarkerDeadline, $"test.hold did not run within {MarkerDeadline}: {host}");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
