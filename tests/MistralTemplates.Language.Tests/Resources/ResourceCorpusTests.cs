using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests.Resources;

/// <summary>
/// The Heat templates of the shared corpus, through this part's checkers only: valid templates give no
/// MT4xxx error, and the invalid one whose fault is a Heat resource rule gives exactly that error.
/// (The other invalid templates break DSL rules, which the DSL reader reports.)
/// </summary>
public class ResourceCorpusTests
{
    private static readonly Dictionary<string, DiagnosticDescriptor> ExpectedErrors = new()
    {
        ["openstack__heat/heat__tests__openstack__mistral__test_workflow.py__workflow_template_bad_reverse.yaml"] =
            DiagnosticCatalog.ReverseWorkflowNeedsTaskName,
    };

    public static IEnumerable<object[]> HeatTemplates() =>
        Manifest().Where(row => row[3] == "heat-template").Select(row => new object[] { row[0], row[4] });

    [Theory]
    [MemberData(nameof(HeatTemplates))]
    public void Heat_template_gives_the_resource_errors_its_verdict_implies(string file, string expected)
    {
        var path = Path.Combine(CorpusDirectory(), file);
        var kit = ResourceTestKit.Run(File.ReadAllText(path), path: file);
        var errors = kit.Diagnostics.Items.Where(d => d.IsError && d.Id.StartsWith("MT4")).Select(d => d.Descriptor).ToList();
        if (ExpectedErrors.TryGetValue(file, out var descriptor))
        {
            Assert.Equal("invalid", expected);
            Assert.Equal(new[] { descriptor }, errors);
        }
        else
        {
            Assert.Empty(errors);
        }
    }

    private static IEnumerable<string[]> Manifest() =>
        File.ReadAllLines(Path.Combine(CorpusDirectory(), "MANIFEST.tsv")).Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'));

    /// <summary>shared/corpus beside the repository (or beside one of its parent folders, for worktrees).</summary>
    private static string CorpusDirectory()
    {
        for (var dir = new DirectoryInfo(System.AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv"))) return candidate;
        }
        throw new DirectoryNotFoundException("shared/corpus/MANIFEST.tsv was not found above " + System.AppContext.BaseDirectory);
    }
}
