using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using Snapshooter;
using Snapshooter.Xunit;

namespace MistralTemplates.Generators.Tests;

/// <summary>DSL files read by the real DSL parser, mapped and emitted as the generator does.</summary>
public class DslFileTests
{
    private static readonly GeneratorOptions Options = new("Consumer", "/project");

    private static FileResult ParseDsl(string fileName, string text)
    {
        var path = "/project/" + fileName;
        var loaded = YamlLoader.Load(path, text);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        var document = loaded.Root is null ? null : DslParser.Parse(loaded.Root, diagnostics);
        var kind = document?.Kind switch
        {
            DslDocumentKind.Workbook => TemplateFileKind.MistralWorkbook,
            DslDocumentKind.Actions => TemplateFileKind.MistralActions,
            DslDocumentKind.Workflows => TemplateFileKind.MistralWorkflows,
            _ => TemplateFileKind.None,
        };
        var analysis = new TemplateAnalysis(path, kind, null, document, diagnostics.Items, new Dictionary<string, string>());
        return Parser.FromAnalysis(new TemplateFile(path, text), analysis, Options);
    }

    public static TheoryData<string> Files => new()
    {
        "examples/CronVm/wfdef.yaml",
        "corpus/openstack__mistral/rally-jobs__extra__scenarios__complex_wf__complex_wf_wb.yaml",
        "corpus/openstack__mistral/mistral__tests__resources__wf_v2.yaml",
        "corpus/openstack__mistral/mistral__tests__unit__api__v2__test_actions.py__ADHOC_ACTION_YAML.yaml",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Valid_dsl_file_gives_a_workflows_class_that_compiles(string file)
    {
        var fullPath = file.StartsWith("corpus/")
            ? Path.Combine(GeneratorHarness.CorpusRoot(), file.Substring("corpus/".Length))
            : Path.Combine(GeneratorHarness.RepoRoot(), file);

        var result = ParseDsl(Path.GetFileName(fullPath), File.ReadAllText(fullPath));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id.StartsWith("MT0") || d.Id.StartsWith("MT2") || d.Id == "MT5001");
        Assert.NotNull(result.Dsl);
        var source = Emitter.EmitWorkflows(result.Dsl!);
        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source)));
        Snapshot.Match(source, SnapshotNameExtension.Create(Path.GetFileNameWithoutExtension(fullPath)));
    }

    [Fact]
    public void Workbook_workflows_are_named_with_the_workbook_prefix()
    {
        const string text = """
            version: '2.0'
            name: my_wb
            workflows:
              wf1:
                input:
                  - a
                  - b: 2
                tasks:
                  t1:
                    action: std.noop
            """;

        var result = ParseDsl("wb.yaml", text);

        var workflow = Assert.Single(result.Dsl!.Workflows);
        Assert.Equal(("my_wb.wf1", "Wf1"), (workflow.Name, workflow.PropertyName));
        Assert.Equal(new[] { new InputSpec("a", "A", false, null), new InputSpec("b", "B", true, "2", InputType.Integer) }, workflow.Inputs);
    }

    [Fact]
    public void Dsl_file_with_an_error_keeps_the_workflows_that_parsed()
    {
        const string text = "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      workflow: other\n";

        var result = ParseDsl("bad.yaml", text);

        Assert.Equal(new[] { "wf" }, result.Dsl!.Workflows.Select(w => w.Name));
        var error = Assert.Single(result.Diagnostics);
        // The 'workflow' key of line 6 (1-based), columns 7-14.
        Assert.Equal(("MT2008", 5, 6, 5, 14), (error.Id, error.StartLine, error.StartColumn, error.EndLine, error.EndColumn));
    }
}
