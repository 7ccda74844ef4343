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

    public static IEnumerable<object[]> HeatTemplates() => Corpus.Files(e => e.Kind == "heat-template");

    [Theory]
    [MemberData(nameof(HeatTemplates))]
    public void Heat_template_gives_the_resource_errors_its_verdict_implies(string file)
    {
        var expected = Corpus.Find(file).Expected;
        var kit = ResourceTestKit.Run(Corpus.Find(file).ReadText(), path: file);
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
}
