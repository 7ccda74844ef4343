using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MistralTemplates.Engine.Triggers;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests.Triggers;

/// <summary>
/// Engines on one temporary folder sharing a fake clock, each running its cron scheduler. The clock moves in
/// one-second steps while the test waits for a fire, so every fire happens at the second it is due.
/// </summary>
public sealed class CronClock : IAsyncDisposable
{
    public const string Workflow = """
        version: "2.0"
        ticker:
          input:
            - who
          tasks:
            say:
              action: std.echo output=<% $.who %>
        """;

    private static readonly TimeSpan RealDeadline = TimeSpan.FromSeconds(30);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _schedulers = [];
    private readonly List<EmbeddedWorkflowService> _others = [];
    private readonly Channel<CronTriggerFire> _fires = Channel.CreateUnbounded<CronTriggerFire>();

    public CronClock(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        Folder = Path.Combine(Path.GetTempPath(), "mt-cron-" + Guid.NewGuid().ToString("N")[..8]);
        Engine = EmbeddedWorkflowService.Open(Folder, time: Time);
    }

    public FakeTimeProvider Time { get; }
    public string Folder { get; }

    /// <summary>The engine tests create triggers with (its scheduler runs only after <see cref="StartScheduler"/>).</summary>
    public EmbeddedWorkflowService Engine { get; }

    /// <summary>Every fire any scheduler reported, in order.</summary>
    public List<CronTriggerFire> Fires { get; } = [];

    public static async Task<CronClock> WithWorkflowAsync(DateTimeOffset start)
    {
        var clock = new CronClock(start);
        await clock.Engine.Workflows.CreateAsync(Workflow);
        return clock;
    }

    public static CronTriggerRequest Request(string name) => new(name)
    {
        WorkflowName = "ticker", WorkflowInput = new JsonObject { ["who"] = name },
    };

    /// <summary>Runs the scheduler of <paramref name="engine"/> (default: <see cref="Engine"/>) until disposal.</summary>
    public Task StartScheduler(EmbeddedWorkflowService? engine = null)
    {
        engine ??= Engine;
        var stop = new CancellationTokenSource();
        var run = engine.RunCronTriggersAsync(fire => _fires.Writer.TryWrite(fire), stop.Token);
        _schedulers.Add((stop, run));
        return run;
    }

    /// <summary>A second engine on the same folder and clock, as a second process would open it.</summary>
    public EmbeddedWorkflowService OpenAnother()
    {
        var other = EmbeddedWorkflowService.Open(Folder, time: Time);
        _others.Add(other);
        return other;
    }

    /// <summary>Moves the clock to one second before <paramref name="due"/>, then a second at a time until a fire arrives.</summary>
    public async Task<CronTriggerFire> NextFireAsync(DateTimeOffset due)
    {
        if (Time.GetUtcNow() < due.AddSeconds(-1)) Time.SetUtcNow(due.AddSeconds(-1));
        var deadline = DateTime.UtcNow + RealDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (_fires.Reader.TryRead(out var fire))
            {
                Fires.Add(fire);
                return fire;
            }
            // Let the scheduler see the current second before the next one comes.
            using var pause = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            try { await _fires.Reader.WaitToReadAsync(pause.Token); } catch (OperationCanceledException) { Time.Advance(TimeSpan.FromSeconds(1)); }
        }
        throw new TimeoutException($"No cron trigger fired by {Time.GetUtcNow():u} (waited {RealDeadline.TotalSeconds} s).");
    }

    /// <summary>Moves the clock a second at a time through <paramref name="span"/>; collects the fires on the way.</summary>
    public async Task RunForAsync(TimeSpan span)
    {
        var end = Time.GetUtcNow() + span;
        while (Time.GetUtcNow() < end)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        await Task.Delay(100);
        while (_fires.Reader.TryRead(out var fire)) Fires.Add(fire);
    }

    public async Task<List<Execution>> ExecutionsAsync()
    {
        var list = new List<Execution>();
        await foreach (var execution in Engine.Executions.ListAsync()) list.Add(execution);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, _) in _schedulers) await stop.CancelAsync();
        await Task.WhenAll(_schedulers.Select(s => s.Run));
        foreach (var (stop, _) in _schedulers) stop.Dispose();
        foreach (var other in _others) other.Dispose();
        Engine.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
