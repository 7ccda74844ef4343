using System.Linq;
using Microsoft.CodeAnalysis;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Generators.Tests;

public class DiagnosticLocationTests
{
    [Fact]
    public void Diagnostic_info_becomes_a_located_roslyn_diagnostic()
    {
        var info = new DiagnosticInfo("MT0001", "Invalid YAML here.", "/project/wfdef.yaml", 40, 45, 3, 2, 3, 7);

        var diagnostic = DiagnosticDescriptors.ToDiagnostic(info);

        Assert.Equal("MT0001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Invalid YAML here.", diagnostic.GetMessage());
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/project/wfdef.yaml", span.Path);
        Assert.Equal((3, 2, 3, 7), (span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character));
        Assert.Equal(40, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(5, diagnostic.Location.SourceSpan.Length);
        // No page named (a project reference without the package's props): no link rather than a made-up one.
        Assert.Equal(string.Empty, diagnostic.Descriptor.HelpLinkUri);
    }

    [Theory]
    [InlineData("https://docs.example.test/mt/diagnostics.md", "https://docs.example.test/mt/diagnostics.md#mt0001")]
    [InlineData("/home/dev/.nuget/packages/mistraltemplates.generators/0.1.0/docs/diagnostics.md",
        "file:///home/dev/.nuget/packages/mistraltemplates.generators/0.1.0/docs/diagnostics.md#mt0001")]
    [InlineData("", "")]
    [InlineData("docs/diagnostics.md", "")]
    public void The_help_link_opens_the_named_page_at_the_id(string helpPage, string expected)
    {
        var info = new DiagnosticInfo("MT0001", "Invalid YAML here.", "/project/wfdef.yaml", 40, 45, 3, 2, 3, 7);

        Assert.Equal(expected, DiagnosticDescriptors.ToDiagnostic(info, helpPage).Descriptor.HelpLinkUri);
    }

    [Fact]
    public void The_generator_links_its_diagnostics_to_the_page_the_project_names()
    {
        const string page = "https://docs.example.test/mt/diagnostics.md";
        var files = new[] { GeneratorHarness.File("bad.yaml", "heat_template_version: 2013-05-23\nresources: [unclosed\n") };
        var driver = GeneratorHarness.CreateDriver(files, helpPage: page).RunGenerators(GeneratorHarness.CreateCompilation("class A { }"));

        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.StartsWith("MT0", diagnostic.Id);
        Assert.Equal(page + "#" + diagnostic.Id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_catalogue_entry_has_a_roslyn_descriptor_with_its_id_and_severity()
    {
        foreach (var entry in DiagnosticCatalog.All)
        {
            var descriptor = DiagnosticDescriptors.Get(entry.Id);
            Assert.Equal(entry.Id, descriptor.Id);
            Assert.Equal(entry.Severity == Severity.Error ? DiagnosticSeverity.Error : entry.Severity == Severity.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                descriptor.DefaultSeverity);
            Assert.Equal("MistralTemplates." + entry.Category, descriptor.Category);
        }
        Assert.Contains(DiagnosticCatalog.All, d => d.Id == "MT5001");
    }

    [Fact]
    public void Two_templates_with_one_class_name_are_reported()
    {
        var first = GeneratorHarness.File("a/hello.yaml", "x: 1");
        var second = GeneratorHarness.File("b/hello.yaml", "x: 1");

        // Until the analysis recognises these files no class is generated, so no clash can exist.
        var (run, _) = GeneratorHarness.Run(new[] { first, second });

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "MT5004");
    }
}
