using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Deployment;
using Spectre.Console;

namespace MistralTemplates.Tests.Cli;

public sealed class StackConsoleTests
{
    private const string Workflow = "OS::Mistral::Workflow";

    /// <summary>Reports a deploy of <paramref name="count"/> resources, each from a thread of its own.</summary>
    private static async Task<int> DeployFromManyThreads(IProgress<ResourceEvent> progress, int count, string? failing = null)
    {
        for (var i = 0; i < count; i++)
            progress.Report(new ResourceEvent("r" + i, Workflow, ChangeKind.Create, ResourceEventPhase.Waiting, TimeSpan.Zero, "not deployed yet"));
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            progress.Report(new ResourceEvent("r" + i, Workflow, ChangeKind.Create, ResourceEventPhase.Started, TimeSpan.Zero, "not deployed yet"));
            await Task.Delay(i % 3);
            progress.Report("r" + i == failing
                ? new ResourceEvent("r" + i, Workflow, ChangeKind.Create, ResourceEventPhase.Failed, TimeSpan.FromMilliseconds(20), "Mistral refused it")
                : new ResourceEvent("r" + i, Workflow, ChangeKind.Create, ResourceEventPhase.Completed, TimeSpan.FromMilliseconds(20)));
        })));
        return count;
    }

    [Fact]
    public async Task Plain_output_keeps_one_whole_line_per_start_and_end_and_leaves_out_what_waits()
    {
        var output = new StringWriter();
        var console = new StackConsole(output, new StringWriter(), terminal: null, canShowLive: true);

        Assert.Equal(40, await console.ShowProgressAsync(progress => DeployFromManyThreads(progress, 40, failing: "r7")));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(80, lines.Length);
        Assert.Equal(40, lines.Count(l => l.StartsWith(".. r", StringComparison.Ordinal) && l.EndsWith($"({Workflow}) Create: not deployed yet", StringComparison.Ordinal)));
        Assert.Equal(39, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^ok r\d+ \({Workflow}\) Create \d+[.,]\d\d s$")));
        Assert.Single(lines, l => l.StartsWith("FAILED r7 (OS::Mistral::Workflow) Create", StringComparison.Ordinal) && l.EndsWith(": Mistral refused it", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interactive_terminal_gets_a_live_table_with_every_resources_state()
    {
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(screen),
        });
        terminal.Profile.Width = 160;
        terminal.Profile.Height = 60;
        var console = new StackConsole(new StringWriter(), new StringWriter(), terminal, canShowLive: true);

        await console.ShowProgressAsync(progress =>
        {
            console.Line("s: took the lock over from a holder that is gone");
            return DeployFromManyThreads(progress, 12, failing: "r3");
        });

        // The last frame drawn: one row per resource with its state, and the counts.
        var text = screen.ToString();
        var lastFrame = text[text.LastIndexOf("resource", StringComparison.Ordinal)..];
        for (var i = 0; i < 12; i++) Assert.Matches($@"r{i}\s+│ {Workflow}\s+│ Create\s+│ {(i == 3 ? "failed: Mistral refused it" : "done")}", lastFrame);
        Assert.Contains("11 done, 0 running, 0 waiting, 1 failed", lastFrame);
        // A line printed meanwhile is shown under the table, not drawn over.
        Assert.Contains("s: took the lock over from a holder that is gone", lastFrame);
    }

    [Fact]
    public async Task Json_output_ci_and_dumb_terminals_get_plain_lines()
    {
        var output = new StringWriter();
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(screen) });

        var error = new StringWriter();
        await new StackConsole(output, error, terminal, canShowLive: true).ForJson().ShowProgressAsync(p => DeployFromManyThreads(p, 2));
        Assert.DoesNotContain("│", screen.ToString());
        // Under --json stdout is for the document alone: progress goes to stderr.
        Assert.Equal("", screen.ToString());
        Assert.Equal("", output.ToString());
        Assert.Equal(4, error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.False(StackConsole.LiveAllowed(ci: "true", term: "xterm-256color"));
        Assert.False(StackConsole.LiveAllowed(ci: "1", term: "xterm"));
        Assert.False(StackConsole.LiveAllowed(ci: null, term: "dumb"));
        Assert.True(StackConsole.LiveAllowed(ci: null, term: "xterm-256color"));
        Assert.True(StackConsole.LiveAllowed(ci: "false", term: null));
    }
}
