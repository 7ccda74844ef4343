using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using Xunit.Abstractions;

namespace MistralTemplates.Language.Tests.Analyzer;

/// <summary>
/// The whole conformance corpus through the entry point the generator and the runtime use: every valid file is
/// recognised as its kind and gives no error. Every invalid file gives the error its notes describe when read
/// as the kind it was posted as (the real server knew that from the endpoint); read without that hint, an
/// invalid file is either recognised and gets the same error, or is not recognised as a definition at all.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> AllFiles() => Corpus.Files(_ => true);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void File_gets_the_verdict_of_the_real_servers(string file)
    {
        var entry = Corpus.Find(file);
        var analysis = Analyze(entry);
        var errors = analysis.Diagnostics.Where(d => d.IsError).ToList();
        if (entry.IsValid)
        {
            Assert.Equal(ExpectedKind(entry), analysis.Kind);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            return;
        }

        var declared = TemplateAnalyzer.Analyze(entry.FullPath, entry.ReadText(), new DiskFileProvider(), ExpectedKind(entry));
        Assert.Contains(declared.Diagnostics, d => d.IsError && d.Descriptor == entry.ExpectedError());
        if (analysis.Kind != TemplateFileKind.None) Assert.Contains(errors, d => d.Descriptor == entry.ExpectedError());
    }

    [Fact]
    public void Agreement_over_the_whole_corpus()
    {
        int valid = 0, validAgreed = 0, invalid = 0, invalidAgreed = 0;
        foreach (var entry in Corpus.Entries)
        {
            var errors = (entry.IsValid ? Analyze(entry)
                    : TemplateAnalyzer.Analyze(entry.FullPath, entry.ReadText(), new DiskFileProvider(), ExpectedKind(entry)))
                .Diagnostics.Where(d => d.IsError).ToList();
            if (entry.IsValid)
            {
                valid++;
                if (errors.Count == 0) validAgreed++;
            }
            else
            {
                invalid++;
                if (errors.Any(d => d.Descriptor == entry.ExpectedError())) invalidAgreed++;
            }
        }
        output.WriteLine($"valid: {validAgreed}/{valid} without error; invalid: {invalidAgreed}/{invalid} with the expected error");
        Assert.Equal(126, valid + invalid);
        Assert.Equal((valid, invalid), (validAgreed, invalidAgreed));
    }

    /// <summary>
    /// Every file the real servers accepted uses only functions, filters and tests that YAQL, Jinja and Mistral
    /// have, so the unknown-name warnings must stay silent on all of them.
    /// </summary>
    [Fact]
    public void Valid_files_get_no_unknown_function_filter_or_test_warning()
    {
        var unknownNames = new[] { DiagnosticCatalog.UnknownYaqlFunction, DiagnosticCatalog.UnknownJinjaFilterOrTest };
        var warnings = Corpus.Entries.Where(e => e.IsValid)
            .SelectMany(e => Analyze(e).Diagnostics.Where(d => unknownNames.Contains(d.Descriptor)).Select(d => e.File + ": " + d))
            .ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    private static TemplateAnalysis Analyze(CorpusEntry entry) =>
        TemplateAnalyzer.Analyze(entry.FullPath, entry.ReadText(), new DiskFileProvider());

    private static TemplateFileKind ExpectedKind(CorpusEntry entry) => entry.Kind switch
    {
        "heat-template" => TemplateFileKind.HeatTemplate,
        "heat-environment" => TemplateFileKind.HeatEnvironment,
        "workbook" => TemplateFileKind.MistralWorkbook,
        "action" => TemplateFileKind.MistralActions,
        "workflow" => TemplateFileKind.MistralWorkflows,
        // A Mistral environment is data for executions, not a definition: ignored like any other YAML.
        _ => TemplateFileKind.None,
    };
}
