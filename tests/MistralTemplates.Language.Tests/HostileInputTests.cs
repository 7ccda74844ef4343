using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests;

/// <summary>Files built to hang or crash a parser get a diagnostic quickly instead.</summary>
public class HostileInputTests
{
    // A guard against hangs and blow-ups, not a speed target (the benchmarks measure speed): generous enough that a
    // loaded 2-core CI machine passes, far below what a quadratic parse of these inputs takes.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public void Alias_bomb_of_a_trillion_nodes_is_reported()
    {
        // Each level repeats the one before ten times: 10^12 nodes once expanded.
        var text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 12; i++)
            text.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");

        var result = Timed(() => YamlLoader.Load("bomb.yaml", text.ToString()));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlAliasBomb, d.Descriptor);
        Assert.Null(result.Root);
    }

    [Fact]
    public void Ten_thousand_deep_nesting_is_reported_at_the_level_that_crosses_the_limit()
    {
        var text = new string('[', 10_000) + new string(']', 10_000);

        var result = Timed(() => YamlLoader.Load("deep.yaml", text));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlTooDeep, d.Descriptor);
        Assert.Equal(YamlLimits.Default.MaxDepth, d.Span.Start.Column);
    }

    [Fact]
    public void Deep_block_nesting_is_reported_too()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 1_000; i++) text.Append(' ', i).Append("k:\n");
        var result = Timed(() => YamlLoader.Load("deep.yaml", text.ToString()));
        Assert.Contains(result.Diagnostics, d => d.Descriptor == DiagnosticCatalog.YamlTooDeep);
    }

    [Fact]
    public void Twenty_megabyte_file_is_refused_before_parsing()
    {
        var text = "heat_template_version: 2021-04-16\ndescription: " + new string('x', 20 * 1024 * 1024) + "\n";

        var result = Timed(() => YamlLoader.Load("big.yaml", text));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.FileTooLarge, d.Descriptor);
        Assert.Equal(0, d.Span.Start.Offset);
    }

    [Fact]
    public void Nul_bytes_are_a_located_syntax_error()
    {
        const string text = "heat_template_version: 2021-04-16\nresources:\n  a\0b: 1\n";

        var result = Timed(() => YamlLoader.Load("nul.yaml", text));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.Equal(2, d.Span.Start.Line);
    }

    [Theory]
    [InlineData("description: \"a\0b\"\n", 15)]
    [InlineData("description: a\0b\n", 14)]
    [InlineData("# comment \u0001\nx: 1\n", 10)]
    public void Control_characters_anywhere_are_a_syntax_error_at_the_character(string text, int column)
    {
        var result = Timed(() => YamlLoader.Load("nul.yaml", text));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.Equal((0, column), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Equal(1, d.Span.Length);
    }

    [Fact]
    public void Empty_text_loads_to_no_root_and_no_error()
    {
        var result = Timed(() => YamlLoader.Load("empty.yaml", ""));
        Assert.Null(result.Root);
        Assert.Empty(result.Diagnostics);
    }

    private static YamlLoadResult Timed(Func<YamlLoadResult> load)
    {
        var watch = Stopwatch.StartNew();
        var result = load();
        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed.TotalMilliseconds:F0} ms");
        return result;
    }
}
