using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine;
using MistralTemplates.Mistral;

namespace CrashHost;

/// <summary>
/// The host the engine kill test kills: <c>engine-kill FOLDER LOG BATCHES [MARKER]</c> opens the embedded engine on
/// FOLDER (which resumes what a killed run left), defines the workflows, starts the executions of batches
/// 0..BATCHES-1 with fixed ids (a repeated start returns the first one's execution) and waits until every one is final.
/// Its action <c>test.log</c> appends "execution task item" to LOG, synced to disk, each time it runs. With MARKER it
/// also starts <c>kill_hold</c>, whose action <c>test.hold</c> creates MARKER and then never ends: a kill after
/// MARKER appears certainly cuts an action off.
/// </summary>
public static class EngineKillHost
{
    public const string Verb = "engine-kill";
    public static readonly string[] WorkflowNames = ["kill_chain", "kill_parallel", "kill_items", "kill_retry", "kill_waits"];

    /// <summary>The fixed id of the one <c>kill_hold</c> execution (started only when a marker is given).</summary>
    public const string HoldExecutionId = "ffffffff-0000-4000-8000-000000000000";
    private const int ExecutionsPerWorkflow = 2;
    private static readonly TimeSpan FinishDeadline = TimeSpan.FromSeconds(60);
    private static readonly Lock LogLock = new();

    /// <summary>The input of <c>test.log</c>: who runs it, how long it lasts after logging, and whether it then fails.</summary>
    public sealed record LogInput(string Execution, string Task, string? Item = null, int DelayMs = 300, bool Fail = false);

    /// <summary>The fixed id of the <paramref name="index"/>-th execution of <paramref name="batch"/> (a GUID, as the engine's own).</summary>
    public static string ExecutionId(int batch, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{batch:x8}-0000-4000-8000-{index:x12}");

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is not (4 or 5) || !int.TryParse(args[3], CultureInfo.InvariantCulture, out var batches) || batches < 1)
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} FOLDER LOG BATCHES [MARKER] (BATCHES a whole number from 1)");
            return 2;
        }
        var log = Path.GetFullPath(args[2]);
        var marker = args.Length == 5 ? Path.GetFullPath(args[4]) : null;
        var options = new EngineOptions()
            .AddAction<LogInput, string>("test.log", (input, ct) => LogAsync(log, input, ct))
            .AddAction<HoldInput, string>("test.hold", (_, ct) => HoldAsync(marker, ct));
        using var engine = EmbeddedWorkflowService.Open(args[1], options);
        Console.WriteLine("opened");

        try
        {
            await engine.Workflows.CreateAsync(Definitions);
        }
        catch (MistralConflictException)
        {
            // Defined by an earlier run: a create is all or nothing, so they are all there.
        }

        // Not among the ids waited for below: it ends only when a kill cuts it off and a later run fails it.
        if (marker is not null) await engine.Executions.CreateAsync(new ExecutionRequest { Id = HoldExecutionId, WorkflowName = "kill_hold" });

        var ids = new List<string>();
        for (var batch = 0; batch < batches; batch++)
            for (var w = 0; w < WorkflowNames.Length; w++)
                for (var n = 0; n < ExecutionsPerWorkflow; n++)
                {
                    var id = ExecutionId(batch, w * ExecutionsPerWorkflow + n);
                    await engine.Executions.CreateAsync(new ExecutionRequest { Id = id, WorkflowName = WorkflowNames[w] });
                    ids.Add(id);
                }
        Console.WriteLine($"started {ids.Count}");

        using var deadline = new CancellationTokenSource(FinishDeadline);
        while (true)
        {
            var running = 0;
            foreach (var id in ids)
                if (!(await engine.Executions.GetAsync(id, deadline.Token)).State.IsCompleted()) running++;
            if (running == 0) break;
            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"{running} executions still running after {FinishDeadline}.");
                return 1;
            }
        }
        Console.WriteLine($"final {ids.Count}");
        return 0;
    }

    private static async Task<string> LogAsync(string log, LogInput input, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes($"{input.Execution} {input.Task} {input.Item ?? "-"}\n");
        lock (LogLock)
        {
            using var file = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
        // Still running after the line is on disk, so a kill often lands between the run and its result.
        await Task.Delay(input.DelayMs, cancellationToken);
        if (input.Fail) throw new InvalidOperationException($"{input.Task} fails as asked");
        return input.Task;
    }

    /// <summary>The input of <c>test.hold</c>: none.</summary>
    public sealed record HoldInput;

    /// <summary>Creates the marker once it runs, then runs until the process dies.</summary>
    private static async Task<string> HoldAsync(string? marker, CancellationToken cancellationToken)
    {
        if (marker is null) throw new InvalidOperationException("test.hold runs only in a host given a marker file.");
        await File.WriteAllTextAsync(marker, "running", cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "held";
    }

    /// <summary>Chains, parallel branches with a join, with-items, retry and waits, each task logging through test.log.</summary>
    public const string Definitions = """
        version: '2.0'
        kill_chain:
          tasks:
            one:
              action: test.log
              input:
                execution: <% execution().id %>
                task: one
              on-success: two
            two:
              action: test.log
              input:
                execution: <% execution().id %>
                task: two
              on-success: three
            three:
              action: test.log
              input:
                execution: <% execution().id %>
                task: three
        kill_parallel:
          tasks:
            left:
              action: test.log
              input:
                execution: <% execution().id %>
                task: left
              on-success: joined
            right:
              action: std.sleep seconds=0.3
              on-success: right_log
            right_log:
              action: test.log
              input:
                execution: <% execution().id %>
                task: right_log
              on-success: joined
            joined:
              join: all
              action: test.log
              input:
                execution: <% execution().id %>
                task: joined
        kill_items:
          tasks:
            each:
              with-items: x in <% ['a', 'b', 'c', 'd'] %>
              concurrency: 2
              action: test.log
              input:
                execution: <% execution().id %>
                task: each
                item: <% $.x %>
              on-success: after
            after:
              action: test.log
              input:
                execution: <% execution().id %>
                task: after
        kill_retry:
          tasks:
            flaky:
              action: test.log
              input:
                execution: <% execution().id %>
                task: flaky
                delay_ms: 100
                fail: true
              retry:
                count: 2
                delay: 1
              on-error: recovered
            recovered:
              action: test.log
              input:
                execution: <% execution().id %>
                task: recovered
        kill_hold:
          tasks:
            hold:
              action: test.hold
        kill_waits:
          tasks:
            first:
              action: std.sleep seconds=0.5
              on-success: waited
            waited:
              wait-before: 1
              action: test.log
              input:
                execution: <% execution().id %>
                task: waited
              on-success: last
            last:
              action: test.log
              input:
                execution: <% execution().id %>
                task: last
        """;
}
