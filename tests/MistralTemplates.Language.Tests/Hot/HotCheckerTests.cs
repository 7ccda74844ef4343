using System;
using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

/// <summary>How the parser hands known resource types to their checkers.</summary>
public class HotCheckerTests
{
    private static readonly string Template = Lines(
        "heat_template_version: 2018-08-31",
        "resources:",
        "  g1: {type: Test::Gadget, properties: {source: {get_file: wf.yaml}}}",
        "  w1: {type: Test::Widget, properties: {name: x}}",
        "  s: {type: OS::Nova::Server}",
        "  g2: {type: Test::Gadget}",
        "outputs:",
        "  o: {value: {get_attr: [w1, data, other]}}");

    [Fact]
    public void Checkers_run_by_order_then_template_order_and_attribute_paths_after_them()
    {
        var log = new List<string>();
        var analysis = Analyze(Template, new Dictionary<string, string> { ["wf.yaml"] = "x" },
            new RecordingChecker("Test::Gadget", 2, log), new RecordingChecker("Test::Widget", 1, log));
        Assert.Equal(new[] { "w1", "g1", "g2", "path w1.data.other" }, log);
        // The checker's own diagnostic for the path, at the path element.
        var d = Single(analysis, DiagnosticCatalog.UnknownAttribute);
        Assert.Equal((7, 35, 7, 40), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
    }

    [Fact]
    public void Checkers_read_get_file_targets_through_the_context_and_a_missing_one_is_reported_once()
    {
        var reads = new List<bool>();
        var checker = new RecordingChecker("Test::Gadget", 0, new List<string>(), context =>
        {
            var path = (MistralTemplates.Language.Yaml.YamlScalar)((MistralTemplates.Language.Yaml.YamlMapping)context.Resource.Properties?["source"]!)["get_file"]!;
            reads.Add(context.Files.TryRead(path, out _, out _));
        });
        var analysis = Analyze(Template, null, checker);
        Assert.Equal(new[] { false }, reads);
        var d = Single(analysis, DiagnosticCatalog.GetFileMissing);
        Assert.Equal((2, 59, 2, 66), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
    }

    [Fact]
    public void A_failing_checker_becomes_an_internal_error_at_its_resource()
    {
        var checker = new RecordingChecker("Test::Widget", 0, new List<string>(), _ => throw new InvalidOperationException("boom"));
        var analysis = Analyze(Template, new Dictionary<string, string> { ["wf.yaml"] = "x" }, checker);
        var d = Single(analysis, DiagnosticCatalog.InternalError);
        Assert.Equal((3, 2, 3, 4), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
        Assert.Contains("boom", d.Message);
    }
}
