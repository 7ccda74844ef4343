using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MistralTemplates.Generators.Tests;

/// <summary>The generator over templates the real analyzer reads: located diagnostics and what is (not) generated.</summary>
public class AnalyzedTemplateTests
{
    private static string SpecInput(string name) =>
        File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot(), "tests", "MistralTemplates.Language.Tests", "TestData", "spec", name));

    [Fact]
    public void Use_case_3_reports_the_yaml_error_in_wfdef_yaml_once()
    {
        var (run, _) = GeneratorHarness.Run(new[]
        {
            GeneratorHarness.File("use_case_3.yaml", SpecInput("use_case_3.yaml")),
            GeneratorHarness.File("wfdef.yaml", SpecInput("wfdef.yaml")),
        });

        var yamlError = run.Diagnostics.First(d => d.Id == "MT0001");
        var span = yamlError.Location.GetLineSpan();
        Assert.Equal("/project/wfdef.yaml", span.Path);
        // 'create_vm:' is indented under the scalar 'version: 2.0' on line 2 (1-based).
        Assert.Equal(1, span.StartLinePosition.Line);
        Assert.Equal(DiagnosticSeverity.Error, yamlError.Severity);
        // Reported once although both files lead to it.
        Assert.Single(run.Diagnostics, d => d.Id == "MT0001" && d.Location.GetLineSpan().Path == "/project/wfdef.yaml" && d.Location.SourceSpan == yamlError.Location.SourceSpan);
    }

    [Fact]
    public void Clashing_resource_names_are_reported_at_the_name_by_the_generator()
    {
        const string text = """
            heat_template_version: 2021-04-16
            resources:
              my-server:
                type: OS::Nova::Server
              my_server:
                type: OS::Nova::Server
            """;

        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File("clash.yaml", text) });

        var warning = Assert.Single(run.Diagnostics, d => d.Id == "MT5002");
        var span = warning.Location.GetLineSpan();
        Assert.Equal(("/project/clash.yaml", 4, 2, 4, 11), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character));
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Contains("MyServer2", run.GeneratedTrees.Single().ToString());
    }

    [Theory]
    [InlineData("alias-bomb")]
    [InlineData("deep")]
    [InlineData("large")]
    [InlineData("empty")]
    [InlineData("nul")]
    [InlineData("unclosed-flow")]
    public void Hostile_input_gives_a_located_diagnostic(string name)
    {
        var text = (string)HostileInputTests.Inputs().Single(row => (string)row[0] == name)[1];

        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File(name + ".yaml", text) });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id.StartsWith("MT0"));
        Assert.Equal("/project/" + name + ".yaml", diagnostic.Location.GetLineSpan().Path);
        // At most the class named after the file, without the file's text, and nothing that does not compile.
        Assert.All(run.GeneratedTrees, t => Assert.True(t.Length < 10_000, t.FilePath));
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void A_workflow_read_with_get_file_has_one_input_record_in_the_stack_class()
    {
        var example = Path.Combine(GeneratorHarness.RepoRoot(), "examples", "CronVm");
        var (run, output) = GeneratorHarness.Run(new[]
        {
            GeneratorHarness.File("cron_vm.yaml", File.ReadAllText(Path.Combine(example, "cron_vm.yaml"))),
            GeneratorHarness.File("wfdef.yaml", File.ReadAllText(Path.Combine(example, "wfdef.yaml"))),
            GeneratorHarness.File("standalone.yaml", "version: '2.0'\nping:\n  input:\n    - host\n  tasks:\n    t1:\n      action: std.noop\n"),
        });

        Assert.Empty(GeneratorHarness.Errors(output));
        var records = run.GeneratedTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax>())
            .Select(r => r.Identifier.Text)
            .Where(n => n != "CronVmParameters")
            .OrderBy(n => n, System.StringComparer.Ordinal);
        // create_vm's one record is the stack's (the resource's input makes its inputs optional); a DSL file no template reads keeps its own.
        Assert.Equal(new[] { "CreateVmInput", "PingInput" }, records);
        var wfdef = run.GeneratedTrees.Single(t => t.FilePath.EndsWith("WfdefWorkflows.g.cs")).ToString();
        Assert.Contains("public const string CreateVm = \"create_vm\";", wfdef);
    }
}
