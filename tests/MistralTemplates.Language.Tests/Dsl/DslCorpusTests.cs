using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Dsl;

/// <summary>
/// Every DSL file of the shared corpus (../shared/corpus/MANIFEST.tsv) gets the verdict a real Mistral 15
/// server gave it: valid files give no error, invalid ones give the error their notes describe.
/// </summary>
public class DslCorpusTests
{
    public static IEnumerable<object[]> ValidFiles() => Corpus.Files(e => e.IsDsl && e.IsValid);

    public static IEnumerable<object[]> InvalidFiles() => Corpus.Files(e => e.IsDsl && !e.IsValid);

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Valid_file_gives_no_error(string file)
    {
        var errors = Analyze(Corpus.Find(file)).Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_file_gives_the_error_its_notes_describe(string file)
    {
        var entry = Corpus.Find(file);
        Assert.Contains(Analyze(entry), d => d.IsError && d.Descriptor == entry.ExpectedError());
    }

    [Fact]
    public void Corpus_holds_the_expected_number_of_dsl_files()
    {
        var rows = Corpus.Entries.Where(e => e.IsDsl).ToList();
        Assert.Equal(101, rows.Count);
        Assert.Equal(91, rows.Count(r => r.IsValid));
    }

    [Fact]
    public void Valid_plain_files_classify_as_their_kind()
    {
        var misread = new List<string>();
        foreach (var entry in Corpus.Entries.Where(e => e.IsDsl && e.IsValid))
        {
            var root = YamlLoader.Load(entry.File, entry.ReadText()).Root!;
            if (DslParser.Classify(root) != KindOf(entry.Kind)) misread.Add(entry.File);
        }
        Assert.Empty(misread);
    }

    private static List<TemplateDiagnostic> Analyze(CorpusEntry entry)
    {
        var loaded = YamlLoader.Load(entry.File, entry.ReadText());
        var all = new List<TemplateDiagnostic>(loaded.Diagnostics);
        if (loaded.Root is null) return all;
        var bag = new DiagnosticBag();
        DslParser.Parse(loaded.Root, bag, new DslParseOptions(ExpectedKind: KindOf(entry.Kind)));
        all.AddRange(bag.Items);
        return all;
    }

    private static DslDocumentKind KindOf(string kind) => kind switch
    {
        "workbook" => DslDocumentKind.Workbook,
        "action" => DslDocumentKind.Actions,
        _ => DslDocumentKind.Workflows,
    };
}
