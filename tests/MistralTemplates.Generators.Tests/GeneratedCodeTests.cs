using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Snapshooter;
using Snapshooter.Xunit;

namespace MistralTemplates.Generators.Tests;

/// <summary>The generator run end to end over the examples and the corpus' valid Heat templates.</summary>
public class GeneratedCodeTests
{
    private static string CorpusRoot => GeneratorHarness.CorpusRoot();

    public static TheoryData<string> Examples => new() { "HelloWorkflow", "AlarmWorkflow", "CronVm" };

    public static TheoryData<string> ValidHeatTemplates()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(CorpusRoot, "MANIFEST.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length > 4 && columns[3] == "heat-template" && columns[4] == "valid") data.Add(columns[0]);
        }
        return data;
    }

    public static TheoryData<string> InvalidFiles()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(CorpusRoot, "MANIFEST.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length > 4 && columns[3] is "heat-template" or "workflow" or "workbook" or "action" && columns[4] == "invalid") data.Add(columns[0]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_corpus_file_gives_a_class_that_compiles(string file)
    {
        var text = File.ReadAllText(Path.Combine(CorpusRoot, file));

        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File(Path.GetFileName(file), text) });

        // Some are invalid only to the server (or not recognised as DSL at all); those the compiler rejects still get their class.
        if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("MT")))
            Assert.Single(run.GeneratedTrees);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_generates_code_that_compiles(string example)
    {
        var folder = Path.Combine(GeneratorHarness.RepoRoot(), "examples", example);
        var files = Directory.GetFiles(folder, "*.yaml")
            .OrderBy(f => f, System.StringComparer.Ordinal)
            .Select(f => GeneratorHarness.File(Path.GetFileName(f), File.ReadAllText(f)))
            .ToArray();

        var (run, output) = GeneratorHarness.Run(files);

        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(GeneratorHarness.Errors(output));
        Snapshot.Match(GeneratorHarness.GeneratedText(run), SnapshotNameExtension.Create(example));
    }

    [Theory]
    [MemberData(nameof(ValidHeatTemplates))]
    public void Valid_corpus_template_generates_code_that_compiles(string file)
    {
        var text = File.ReadAllText(Path.Combine(CorpusRoot, file));
        var name = file.Replace('/', '_');

        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File(Path.GetFileName(file), text) });

        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(GeneratorHarness.Errors(output));
        Snapshot.Match(GeneratorHarness.GeneratedText(run), SnapshotNameExtension.Create(name));
    }
}
