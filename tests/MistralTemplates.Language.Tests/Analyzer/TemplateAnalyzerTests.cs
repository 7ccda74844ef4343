using System;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Analyzer;

public class TemplateAnalyzerTests
{
    private static TemplateAnalysis Analyze(string text, ITemplateFileProvider? files = null) =>
        TemplateAnalyzer.Analyze("t.yaml", text, files ?? InMemoryFileProvider.Empty);

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    public void Empty_file_is_a_warning_at_its_start(string text)
    {
        var analysis = Analyze(text);
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.EmptyTemplate, d.Descriptor);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal((0, 0, 0, 0), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
        Assert.Equal(TemplateFileKind.None, analysis.Kind);
    }

    [Theory]
    [InlineData("name: app\nreplicas: 3\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("just text\n")]
    [InlineData("items: [a, b\n")]
    public void Other_yaml_is_ignored_silently_even_when_broken(string text)
    {
        var analysis = Analyze(text);
        Assert.Equal(TemplateFileKind.None, analysis.Kind);
        Assert.Empty(analysis.Diagnostics);
    }

    [Fact]
    public void Broken_yaml_in_a_heat_template_is_reported_where_it_breaks()
    {
        var analysis = Analyze("heat_template_version: 2018-08-31\nresources:\n  a: {type: [x\n");
        Assert.Equal(TemplateFileKind.HeatTemplate, analysis.Kind);
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.True(d.Span.Start.Line >= 2, d.ToString());
    }

    [Fact]
    public void Broken_yaml_in_a_dsl_file_is_reported()
    {
        var analysis = Analyze("version: '2.0'\nwf:\n  input: [a, b\n");
        Assert.Equal(TemplateFileKind.MistralWorkflows, analysis.Kind);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, Assert.Single(analysis.Diagnostics).Descriptor);
    }

    [Fact]
    public void Nesting_and_alias_limits_are_reported_in_any_yaml_file()
    {
        var deep = Analyze("a: " + new string('[', 10000) + new string(']', 10000) + "\n");
        Assert.Equal(DiagnosticCatalog.YamlTooDeep, Assert.Single(deep.Diagnostics).Descriptor);
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"{(char)('a' + i)}: &{(char)('a' + i)} [" + string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10)) + "]\n"));
        var started = DateTime.UtcNow;
        var analysis = Analyze(bomb);
        Assert.Equal(DiagnosticCatalog.YamlAliasBomb, Assert.Single(analysis.Diagnostics).Descriptor);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Heat_environment_is_recognised_without_diagnostics()
    {
        var analysis = Analyze("parameters:\n  key_name: heat_key\nresource_registry:\n  My::Server: server.yaml\nparameter_defaults: {}\n");
        Assert.Equal(TemplateFileKind.HeatEnvironment, analysis.Kind);
        Assert.Empty(analysis.Diagnostics);
        Assert.Null(analysis.Template);
    }

    [Fact]
    public void Too_large_template_is_reported_at_its_start_and_other_large_files_are_ignored()
    {
        var padding = new string('#', YamlLimits.Default.MaxCharacters);
        var template = Analyze("heat_template_version: 2018-08-31\n" + padding);
        var d = Assert.Single(template.Diagnostics);
        Assert.Equal(DiagnosticCatalog.FileTooLarge, d.Descriptor);
        Assert.Equal((0, 0), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Equal(TemplateFileKind.HeatTemplate, template.Kind);

        var other = Analyze("data: 1\n" + padding);
        Assert.Empty(other.Diagnostics);
        Assert.Equal(TemplateFileKind.None, other.Kind);
    }

    [Fact]
    public void An_internal_fault_becomes_a_diagnostic_at_the_file_start()
    {
        var analysis = Analyze("heat_template_version: 2018-08-31\noutputs:\n  o: {value: {get_file: x.txt}}\n", new ThrowingProvider());
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.InternalError, d.Descriptor);
        Assert.Equal((0, 0), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Contains("disk on fire", d.Message);
    }

    [Fact]
    public void Yaml_warnings_of_a_template_are_kept()
    {
        var analysis = Analyze("heat_template_version: 2018-08-31\nresources: {}\nresources: {}\n");
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DuplicateKey, d.Descriptor);
        Assert.Equal(2, d.Span.Start.Line);
    }

    [Fact]
    public void Hostile_inputs_give_a_diagnostic_quickly()
    {
        var deep = "heat_template_version: 2018-08-31\nresources: " + new string('[', 10000) + new string(']', 10000) + "\n";
        var started = DateTime.UtcNow;
        var analysis = Analyze(deep);
        Assert.Contains(analysis.Diagnostics, d => d.Descriptor == DiagnosticCatalog.YamlTooDeep);
        var nul = Analyze("heat_template_version: 2018-08-31\nresources:\n  a\0: {}\n");
        Assert.NotEmpty(nul.Diagnostics);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Every_hot_diagnostic_has_an_mt1_id_and_a_message_that_says_what_to_do()
    {
        var hot = DiagnosticCatalog.All.Where(d => d.Category == "Hot").ToList();
        Assert.True(hot.Count >= 30);
        Assert.All(hot, d => Assert.StartsWith("MT1", d.Id));
        Assert.Equal(hot.Count, hot.Select(d => d.Id).Distinct().Count());
    }

    private sealed class ThrowingProvider : ITemplateFileProvider
    {
        public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text) =>
            throw new InvalidOperationException("disk on fire");
    }
}
