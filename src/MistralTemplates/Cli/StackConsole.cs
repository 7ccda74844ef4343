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
/// redirected: plain lines, so scripts and logs read the same facts. For <c>--json</c> (<see cref="ForJson"/>) stdout
/// holds only the JSON document; every line for people goes to stderr. Safe to call from several threads.
/// </summary>
internal sealed class StackConsole
{
    // Relaxed escaping: a '+' or a non-ASCII letter is printed as itself, not as \u002B.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly IAnsiConsole? _terminal;
    private readonly bool _canShowLive;
    private readonly bool _json;
    private readonly object _gate = new();
    private ProgressTable? _live;

    public StackConsole(TextWriter output, TextWriter error)
        : this(output, error, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiConsole.Console : null,
            LiveAllowed(Environment.GetEnvironmentVariable("CI"), Environment.GetEnvironmentVariable("TERM")))
    {
    }

    /// <param name="terminal">Where colours and tables go; null for plain lines on <paramref name="output"/>.</param>
    /// <param name="canShowLive">Whether progress may be a live table on <paramref name="terminal"/>.</param>
    /// <param name="json">Only <see cref="Json"/> writes to <paramref name="output"/>; lines go to <paramref name="error"/>.</param>
    internal StackConsole(TextWriter output, TextWriter error, IAnsiConsole? terminal, bool canShowLive, bool json = false)
    {
        _output = output;
        _error = error;
        _terminal = terminal;
        _json = json;
        _canShowLive = !json && terminal is not null && canShowLive && terminal.Profile.Capabilities.Interactive;
    }

    /// <summary>The same console for <c>--json</c>: the one JSON document on stdout, progress and notices as plain lines on stderr.</summary>
    public StackConsole ForJson() => new(_output, _error, _terminal, _canShowLive, json: true);

    /// <summary>A live table redraws the screen: not under CI (logs keep every frame) nor on a terminal without cursor control.</summary>
    internal static bool LiveAllowed(string? ci, string? term) =>
        !(ci is not null && (ci.Trim() == "1" || ci.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))) &&
        !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>
    /// Runs a deploy or destroy and shows its progress: a live table (one row per resource: change, state, time) on
    /// an interactive terminal, else a plain line as each resource starts and ends (on stderr for <c>--json</c>).
    /// </summary>
    public async Task<T> ShowProgressAsync<T>(Func<IProgress<ResourceEvent>, Task<T>> work)
    {
        if (!_canShowLive || _terminal is not { } terminal) return await work(new Reporter(Step)).ConfigureAwait(false);
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

    public Task ShowProgressAsync(Func<IProgress<ResourceEvent>, Task> work) =>
        ShowProgressAsync(async progress =>
        {
            await work(progress).ConfigureAwait(false);
            return true;
        });

    /// <summary>A line for people: on stdout, or on stderr when stdout is for JSON.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            // A line written while the live table is drawn would be drawn over: it goes under the table instead.
            if (_live is { } table) table.Note(text);
            else (_json ? _error : _output).WriteLine(text);
        }
    }

    public void Error(string text)
    {
        lock (_gate) _error.WriteLine("error: " + text);
    }

    /// <summary>A warning on stderr: the command goes on.</summary>
    public void Warning(string text)
    {
        lock (_gate) _error.WriteLine("warning: " + text);
    }

    /// <summary>Lines on stderr after an error that explain it further (<c>--verbose</c>).</summary>
    public void Detail(string text)
    {
        lock (_gate) _error.WriteLine(text);
    }

    /// <summary>A JSON value on stdout, indented; under <c>--json</c> the one thing stdout gets.</summary>
    public void Json(JsonNode? value)
    {
        var text = value?.ToJsonString(Indented) ?? "null";
        if (!_json) { Line(text); return; }
        lock (_gate) _output.WriteLine(text);
    }

    /// <summary>One plain line per resource that starts, ends or fails; what waits is not printed.</summary>
    public void Step(ResourceEvent step)
    {
        if (step.Phase == ResourceEventPhase.Waiting) return;
        var time = step.Phase == ResourceEventPhase.Started ? "" : $" {step.Elapsed.TotalSeconds:0.00} s";
        var text = $"{step.Phase switch { ResourceEventPhase.Started => "..", ResourceEventPhase.Completed => "ok", _ => "FAILED" }} " +
                   $"{step.Resource} ({step.Type}) {step.Change}{time}{(step.Detail is null ? "" : ": " + step.Detail)}";
        if (_terminal is null || _json) { Line(text); return; }
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

    /// <summary>One output whose value a deploy changes, as <c>~ output NAME: before → after</c>.</summary>
    public void Plan(OutputChange change) =>
        Line($"~ output {change.Output}: {(change.Before is null ? "(new)" : Short(change.Before))} → {(change.After is null ? "(removed)" : Short(change.After))}");

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
