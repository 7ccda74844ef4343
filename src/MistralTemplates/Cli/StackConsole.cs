using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using Spectre.Console;

namespace MistralTemplates.Cli;

/// <summary>
/// Everything the command line prints. On a terminal: colours, tables and a live table of a deploy's resources;
/// redirected: plain lines, so scripts and logs read the same facts. Safe to call from several threads.
/// </summary>
internal sealed class StackConsole
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly IAnsiConsole? _terminal;
    private readonly bool _canShowLive;
    private readonly object _gate = new();
    private ProgressTable? _live;

    public StackConsole(TextWriter output, TextWriter error)
        : this(output, error, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiConsole.Console : null,
            LiveAllowed(Environment.GetEnvironmentVariable("CI"), Environment.GetEnvironmentVariable("TERM")))
    {
    }

    /// <param name="terminal">Where colours and tables go; null for plain lines on <paramref name="output"/>.</param>
    /// <param name="canShowLive">Whether progress may be a live table on <paramref name="terminal"/>.</param>
    internal StackConsole(TextWriter output, TextWriter error, IAnsiConsole? terminal, bool canShowLive)
    {
        _output = output;
        _error = error;
        _terminal = terminal;
        _canShowLive = terminal is not null && canShowLive && terminal.Profile.Capabilities.Interactive;
    }

    /// <summary>A live table redraws the screen: not under CI (logs keep every frame) nor on a terminal without cursor control.</summary>
    internal static bool LiveAllowed(string? ci, string? term) =>
        !(ci is not null && (ci.Trim() == "1" || ci.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))) &&
        !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>
    /// Runs a deploy or destroy and shows its progress: a live table (one row per resource: change, state, time) on
    /// an interactive terminal, else a plain line as each resource starts and ends. <paramref name="json"/> output is
    /// never live, so what a script reads stays line by line.
    /// </summary>
    public async Task<T> ShowProgressAsync<T>(bool json, Func<IProgress<ResourceEvent>, Task<T>> work)
    {
        if (!_canShowLive || json || _terminal is not { } terminal) return await work(new Reporter(Step)).ConfigureAwait(false);
        var table = new ProgressTable();
        lock (_gate) _live = table;
        try
        {
            return await ShowLiveAsync(terminal, table, work).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _live = null;
        }
    }

    private static async Task<T> ShowLiveAsync<T>(IAnsiConsole terminal, ProgressTable table, Func<IProgress<ResourceEvent>, Task<T>> work) =>
        await terminal.Live(table.Render(terminal.Profile.Height, finished: false)).AutoClear(false).StartAsync(async live =>
        {
            var running = work(new Reporter(table.Apply));
            while (await Task.WhenAny(running, Task.Delay(RefreshPeriod)).ConfigureAwait(false) != running)
            {
                live.UpdateTarget(table.Render(terminal.Profile.Height, finished: false));
                live.Refresh();
            }
            live.UpdateTarget(table.Render(terminal.Profile.Height, finished: true));
            live.Refresh();
            return await running.ConfigureAwait(false);
        }).ConfigureAwait(false);

    public Task ShowProgressAsync(bool json, Func<IProgress<ResourceEvent>, Task> work) =>
        ShowProgressAsync(json, async progress =>
        {
            await work(progress).ConfigureAwait(false);
            return true;
        });

    public void Line(string text)
    {
        lock (_gate)
        {
            // A line written while the live table is drawn would be drawn over: it goes under the table instead.
            if (_live is { } table) table.Note(text);
            else _output.WriteLine(text);
        }
    }

    public void Error(string text)
    {
        lock (_gate) _error.WriteLine("error: " + text);
    }

    public void Json(JsonNode? value) => Line(value?.ToJsonString(Indented) ?? "null");

    /// <summary>One plain line per resource that starts, ends or fails; what waits is not printed.</summary>
    public void Step(ResourceEvent step)
    {
        if (step.Phase == ResourceEventPhase.Waiting) return;
        var time = step.Phase == ResourceEventPhase.Started ? "" : $" {step.Elapsed.TotalSeconds:0.00} s";
        var text = $"{step.Phase switch { ResourceEventPhase.Started => "..", ResourceEventPhase.Completed => "ok", _ => "FAILED" }} " +
                   $"{step.Resource} ({step.Type}) {step.Change}{time}{(step.Detail is null ? "" : ": " + step.Detail)}";
        if (_terminal is null) { Line(text); return; }
        var colour = step.Phase switch { ResourceEventPhase.Started => "grey", ResourceEventPhase.Completed => "green", _ => "red" };
        lock (_gate) _terminal.MarkupLine($"[{colour}]{Markup.Escape(text)}[/]");
    }

    public void Plan(PlannedChange change)
    {
        var symbol = change.Kind switch
        {
            ChangeKind.Create => "+", ChangeKind.Delete => "-", ChangeKind.Update => "~", ChangeKind.Replace => "-/+", _ => "=",
        };
        Line($"{symbol} {change.Resource} ({change.Type}): {change.Kind} — {change.Reason}");
        foreach (var difference in change.Differences)
            Line($"    {difference.Property}: {Short(difference.Before)} → {Short(difference.After)}{(difference.ForcesReplacement ? "  (forces replacement)" : "")}");
    }

    public void Executions(JsonArray executions)
    {
        if (_terminal is null)
        {
            foreach (var e in executions)
                Line($"{e?["id"]} {e?["workflow_name"]} {e?["state"]} {e?["created_at"]} {Short(e?["output"])}");
            return;
        }
        var table = new Table().AddColumns("id", "workflow", "state", "created", "output");
        foreach (var e in executions)
            table.AddRow(Markup.Escape($"{e?["id"]}"), Markup.Escape($"{e?["workflow_name"]}"), Markup.Escape($"{e?["state"]}"),
                Markup.Escape($"{e?["created_at"]}"), Markup.Escape(Short(e?["output"])));
        lock (_gate) _terminal.Write(table);
    }

    /// <summary>
    /// Hands each event on at once, on the thread that reports it (System.Progress would post it elsewhere and could
    /// reorder a resource's start and end); the displays lock.
    /// </summary>
    private sealed class Reporter(Action<ResourceEvent> show) : IProgress<ResourceEvent>
    {
        public void Report(ResourceEvent value) => show(value);
    }

    private static string Short(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "(none)";
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
