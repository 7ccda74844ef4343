using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MistralTemplates.Generators.Tests;

public class IncrementalTests
{
    private const string Hello = """
        heat_template_version: 2013-05-23
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                test:
                  tasks:
                    hello:
                      action: std.echo output='Hello'
        """;

    private static readonly string[] TrackedSteps =
        { TrackingNames.Options, TrackingNames.HelpPage, TrackingNames.Files, TrackingNames.FileSet, TrackingNames.References, TrackingNames.ProjectFiles, TrackingNames.ParseInputs, TrackingNames.Results, TrackingNames.Diagnostics,
          TrackingNames.ReferencedPaths, TrackingNames.Sources };

    private static AdditionalText[] ThreeTemplates() => new[]
    {
        GeneratorHarness.File("a.yaml", Hello),
        GeneratorHarness.File("b.yaml", Hello.Replace("test:", "other:")),
        GeneratorHarness.File("c/c.yaml", Hello.Replace("hello:", "hi:")),
    };

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(ThreeTemplates()).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " was not tracked");
            foreach (var run in result.TrackedSteps[step])
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
        }
        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs))
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + reason);
    }

    [Fact]
    public void A_yaml_edit_reruns_only_that_file()
    {
        var files = ThreeTemplates();
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);
        var before = driver.GetRunResult();

        var editedB = GeneratorHarness.File("b.yaml", Hello.Replace("test:", "renamed:"));
        driver = driver.ReplaceAdditionalText(files[1], editedB).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var fileReasons = Reasons(result, TrackingNames.Files);
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached }, fileReasons);

        // No template reads b.yaml with get_file: only b.yaml is parsed again.
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached }, Reasons(result, TrackingNames.Results));

        // Only the edited template's source output runs again.
        var outputReasons = result.TrackedOutputSteps["SourceOutput"].SelectMany(r => r.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, outputReasons.Count(r => r == IncrementalStepRunReason.Modified));

        // Sources of the untouched templates are the same as before.
        var after = driver.GetRunResult();
        Assert.Equal(3, before.Results.Single().GeneratedSources.Length);
        foreach (var source in before.Results.Single().GeneratedSources)
        {
            var now = after.Results.Single().GeneratedSources.Single(s => s.HintName == source.HintName).SourceText.ToString();
            if (source.HintName == "BStack.g.cs") Assert.NotEqual(source.SourceText.ToString(), now);
            else Assert.Equal(source.SourceText.ToString(), now);
        }
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void Editing_a_get_file_target_reparses_the_template_that_reads_it()
    {
        var template = GeneratorHarness.File("stack.yaml", """
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  definition: { get_file: wfdef.yaml }
            """);
        var other = GeneratorHarness.File("other.yaml", Hello);
        var definition = GeneratorHarness.File("wfdef.yaml", "version: '2.0'\ncreate_vm:\n  tasks:\n    t1:\n      action: std.noop\n");
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(new[] { template, other, definition }).RunGenerators(compilation);

        var edited = GeneratorHarness.File("wfdef.yaml", "version: '2.0'\nrenamed:\n  tasks:\n    t1:\n      action: std.noop\n");
        driver = driver.ReplaceAdditionalText(definition, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        // stack.yaml (reads wfdef.yaml) and wfdef.yaml itself give new results; other.yaml is not parsed again.
        Assert.Equal(new[] { IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }, Reasons(result, TrackingNames.Results));
        Assert.Contains("Renamed", driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("StackStack.g.cs")).ToString());
    }
}
