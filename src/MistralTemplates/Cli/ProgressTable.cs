using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using MistralTemplates.Deployment;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MistralTemplates.Cli;

/// <summary>
/// The state of every resource of a running deploy or destroy, as its events arrive (from several threads), drawn
/// as a table: resource, type, change, state (waiting, running, done, failed) and time.
/// </summary>
internal sealed class ProgressTable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<string> _notes = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Apply(ResourceEvent step)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(step.Resource, out var row))
            {
                _rows[step.Resource] = row = new Row();
                _order.Add(step.Resource);
            }
            row.Type = step.Type;
            row.Change = step.Change;
            row.Phase = step.Phase;
            row.Detail = step.Phase == ResourceEventPhase.Failed ? step.Detail : null;
            row.StartedAt = step.Phase == ResourceEventPhase.Started ? _clock.Elapsed : row.StartedAt;
            row.Elapsed = step.Elapsed;
        }
    }

    /// <summary>A line to show under the table (a notice about the stack's lock, say).</summary>
    public void Note(string text)
    {
        lock (_gate) _notes.Add(text);
    }

    /// <summary>
    /// The table as it stands. Taller than <paramref name="height"/> lines, it shows what runs or failed and counts the
    /// rest. <paramref name="finished"/>: the run is over, so what still waits was never started.
    /// </summary>
    public IRenderable Render(int height, bool finished)
    {
        lock (_gate)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("resource", "type", "change", "state", "time");
            var shown = _order.Count <= Math.Max(5, height - 8)
                ? _order
                : _order.Where(n => _rows[n].Phase is ResourceEventPhase.Started or ResourceEventPhase.Failed).Take(Math.Max(5, height - 8)).ToList();
            foreach (var name in shown)
            {
                var row = _rows[name];
                var (state, colour) = row.Phase switch
                {
                    ResourceEventPhase.Waiting => (finished ? "not started" : "waiting", "grey"),
                    ResourceEventPhase.Started => ("running", "yellow"),
                    ResourceEventPhase.Completed => ("done", "green"),
                    _ => ("failed" + (row.Detail is null ? "" : ": " + row.Detail), "red"),
                };
                var time = row.Phase switch
                {
                    ResourceEventPhase.Waiting => "",
                    ResourceEventPhase.Started => Seconds(_clock.Elapsed - row.StartedAt),
                    _ => Seconds(row.Elapsed),
                };
                table.AddRow(Markup.Escape(name), Markup.Escape(row.Type), row.Change.ToString(), $"[{colour}]{Markup.Escape(state)}[/]", time);
            }
            table.Caption(Markup.Escape(Summary()));
            return _notes.Count == 0 ? table : new Rows([table, .. _notes.Select(n => new Text(n))]);
        }
    }

    private string Summary()
    {
        var counts = _rows.Values.GroupBy(r => r.Phase).ToDictionary(g => g.Key, g => g.Count());
        int Count(ResourceEventPhase phase) => counts.GetValueOrDefault(phase);
        return $"{Count(ResourceEventPhase.Completed)} done, {Count(ResourceEventPhase.Started)} running, " +
               $"{Count(ResourceEventPhase.Waiting)} waiting, {Count(ResourceEventPhase.Failed)} failed — {Seconds(_clock.Elapsed)}";
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public string Type { get; set; } = "";
        public ChangeKind Change { get; set; }
        public ResourceEventPhase Phase { get; set; }
        public string? Detail { get; set; }
        public TimeSpan StartedAt { get; set; }
        public TimeSpan Elapsed { get; set; }
    }
}
