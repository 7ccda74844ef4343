using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Deployment;
using Spectre.Console;

namespace MistralTemplates.Cli;

/// <summary>
/// Everything the command line prints. On a terminal: colours and a table; redirected: plain lines, so scripts and
/// logs read the same facts.
/// </summary>
internal sealed class StackConsole
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly IAnsiConsole? _terminal;
    private readonly object _gate = new();

    public StackConsole(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
            _terminal = AnsiConsole.Console;
    }

    public void Line(string text)
    {
        lock (_gate) _output.WriteLine(text);
    }

    public void Error(string text)
    {
        lock (_gate) _error.WriteLine("error: " + text);
    }

    public void Json(JsonNode? value) => Line(value?.ToJsonString(Indented) ?? "null");

    public void Step(ResourceEvent step)
    {
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

    private static string Short(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "(none)";
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
