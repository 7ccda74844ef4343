using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MistralTemplates.Generators.Tests;

/// <summary>get_file targets that are not YAML, and the one diagnostic that tells a missing file from an unlisted one.</summary>
public class GetFileTargetTests
{
    private const string Template = """
        heat_template_version: 2018-08-31
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                version: '2.0'
                run:
                  tasks:
                    t:
                      action: std.noop
        outputs:
          script:
            value: { get_file: scripts/setup.sh }
        """;

    private const string Script = "#!/bin/sh\necho configured\n";

    /// <summary>What the package's build props tell the generator: the project's files that are not AdditionalFiles.</summary>
    private static readonly IReadOnlyDictionary<string, string> ProjectFilesWithScript = new Dictionary<string, string>
    {
        ["MistralTemplatesProjectFiles"] = "Program.cs.txt|scripts/setup.sh|README.md",
    };

    private static GeneratorDriverRunResult Run(AdditionalText[] files, IReadOnlyDictionary<string, string>? buildProperties = null) =>
        GeneratorHarness.CreateDriver(files, buildProperties: buildProperties)
            .RunGenerators(GeneratorHarness.CreateCompilation("class A { }"))
            .GetRunResult();

    [Fact]
    public void A_non_yaml_target_in_AdditionalFiles_is_read_and_embedded()
    {
        var run = Run(new[] { GeneratorHarness.File("stack.yaml", Template), GeneratorHarness.File("scripts/setup.sh", Script) });
        Assert.Empty(run.Diagnostics);
        Assert.Contains("echo configured", run.GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void Editing_a_non_yaml_target_reparses_only_the_template_that_reads_it()
    {
        var script = GeneratorHarness.File("scripts/setup.sh", Script);
        var files = new[]
        {
            GeneratorHarness.File("stack.yaml", Template),
            GeneratorHarness.File("plain.yaml", Template.Substring(0, Template.IndexOf("outputs:", System.StringComparison.Ordinal))),
            script,
        };
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(script, GeneratorHarness.File("scripts/setup.sh", "echo changed\n")).RunGenerators(compilation);
        var run = driver.GetRunResult();
        var reasons = run.Results.Single().TrackedSteps[TrackingNames.Results].SelectMany(r => r.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached }, reasons);
        Assert.Contains("echo changed", run.GeneratedTrees.Single(t => t.FilePath.EndsWith("StackStack.g.cs", System.StringComparison.Ordinal)).ToString());
    }

    [Fact]
    public void A_target_in_the_project_but_not_in_AdditionalFiles_says_which_line_to_add()
    {
        var run = Run(new[] { GeneratorHarness.File("stack.yaml", Template) }, ProjectFilesWithScript);
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("MT1039", d.Id);
        Assert.Equal(
            "get_file could not read 'scripts/setup.sh': 'scripts/setup.sh' is in the project folder but not in AdditionalFiles, " +
            "and the compiler sees only those. Add <AdditionalFiles Include=\"scripts/setup.sh\" /> to the project.",
            d.GetMessage());
        var span = d.Location.GetLineSpan();
        Assert.Equal((13, 23), (span.StartLinePosition.Line, span.StartLinePosition.Character));
    }

    [Fact]
    public void The_line_to_add_is_relative_to_the_project_for_a_template_in_a_folder()
    {
        var template = Template.Replace("scripts/setup.sh", "../scripts/setup.sh");
        var run = Run(new[] { GeneratorHarness.File("templates/stack.yaml", template) }, ProjectFilesWithScript);
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("MT1039", d.Id);
        Assert.Contains("'../scripts/setup.sh': 'scripts/setup.sh' is in the project folder", d.GetMessage());
        Assert.Contains("<AdditionalFiles Include=\"scripts/setup.sh\" />", d.GetMessage());
    }

    [Fact]
    public void A_target_that_is_nowhere_in_the_project_is_not_found()
    {
        var run = Run(new[] { GeneratorHarness.File("stack.yaml", Template.Replace("setup.sh", "missing.sh")) }, ProjectFilesWithScript);
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("MT1036", d.Id);
        Assert.Contains("get_file could not find 'scripts/missing.sh' (looked for /project/scripts/missing.sh)", d.GetMessage());
    }

    [Fact]
    public void Without_the_build_props_list_a_missing_target_is_not_found()
    {
        var run = Run(new[] { GeneratorHarness.File("stack.yaml", Template) });
        Assert.Equal("MT1036", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void A_change_to_the_project_file_list_that_no_template_names_parses_nothing_again()
    {
        var files = new[] { GeneratorHarness.File("stack.yaml", Template), GeneratorHarness.File("other.yaml", Template.Replace("setup.sh", "other.sh")) };
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files, buildProperties: ProjectFilesWithScript).RunGenerators(compilation);

        var more = new Dictionary<string, string> { ["MistralTemplatesProjectFiles"] = ProjectFilesWithScript["MistralTemplatesProjectFiles"] + "|notes.txt" };
        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.BuildOptions(buildProperties: more)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.ProjectFiles].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        foreach (var (_, reason) in result.TrackedSteps[TrackingNames.Results].SelectMany(r => r.Outputs))
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "results: " + reason);
    }

    [Fact]
    public void Listing_the_named_target_in_the_project_parses_its_template_again()
    {
        var files = new[] { GeneratorHarness.File("stack.yaml", Template) };
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);
        Assert.Equal("MT1036", Assert.Single(driver.GetRunResult().Diagnostics).Id);

        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.BuildOptions(buildProperties: ProjectFilesWithScript)).RunGenerators(compilation);
        Assert.Equal("MT1039", Assert.Single(driver.GetRunResult().Diagnostics).Id);
    }
}
