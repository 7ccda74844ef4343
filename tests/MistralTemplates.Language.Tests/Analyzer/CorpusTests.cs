using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MistralTemplates.Language.Tests.Analyzer;

/// <summary>The Heat files of the shared corpus: classified right, and the valid ones free of errors from the HOT checks.</summary>
public class CorpusTests
{
    public static IEnumerable<object[]> HeatFiles() =>
        Manifest().Where(r => r.Kind is "heat-template" or "heat-environment").Select(r => new object[] { r.File, r.Kind, r.Expected });

    [Theory]
    [MemberData(nameof(HeatFiles))]
    public void Heat_file_is_classified_and_valid_ones_have_no_hot_errors(string file, string kind, string expected)
    {
        var path = Path.Combine(CorpusRoot(), file);
        var analysis = TemplateAnalyzer.Analyze(path, File.ReadAllText(path), new DiskFileProvider());
        Assert.Equal(kind == "heat-template" ? TemplateFileKind.HeatTemplate : TemplateFileKind.HeatEnvironment, analysis.Kind);
        if (kind == "heat-environment")
        {
            Assert.Empty(analysis.Diagnostics);
            return;
        }
        Assert.NotNull(analysis.Template);
        if (expected == "valid")
        {
            // The DSL and resource checks belong to other parts; HOT's own (MT0xxx, MT1xxx) must be silent but for warnings.
            var errors = analysis.Diagnostics.Where(d => d.IsError && (d.Id.StartsWith("MT0") || d.Id.StartsWith("MT1"))).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.ToString())));
        }
    }

    [Fact]
    public void Corpus_holds_the_expected_heat_files()
    {
        Assert.Equal(24, HeatFiles().Count());
    }

    private static IEnumerable<(string File, string Kind, string Expected)> Manifest() =>
        File.ReadAllLines(Path.Combine(CorpusRoot(), "MANIFEST.tsv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(c => (c[0], c[3], c[4]));

    /// <summary>../shared/corpus next to the repository; a worktree one level deeper finds it further up.</summary>
    internal static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(RepoRoot()).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv"))) return candidate;
        }
        throw new InvalidOperationException("shared/corpus/MANIFEST.tsv not found next to the repository");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MistralTemplates.sln not found above the test folder");
    }

    /// <summary>Reads get_file targets from disk, next to the template.</summary>
    private sealed class DiskFileProvider : ITemplateFileProvider
    {
        public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text)
        {
            resolvedPath = PathUtil.Resolve(fromPath, reference);
            text = File.Exists(resolvedPath) ? File.ReadAllText(resolvedPath) : string.Empty;
            return File.Exists(resolvedPath);
        }
    }
}
