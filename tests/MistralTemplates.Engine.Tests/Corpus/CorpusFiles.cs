using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MistralTemplates.Engine.Tests.Corpus;

/// <summary>One row of the conformance corpus' MANIFEST.tsv, with the verdict a real Mistral 15 recorded for it.</summary>
public sealed record CorpusFile(string File, string Kind, string Expected, string RecordedVerdict)
{
    public string FullPath => Path.Combine(CorpusFiles.Folder, File);

    public bool IsDsl => Kind is "workflow" or "workbook" or "action";

    /// <summary>The recorded verdict as a flag: the column holds "valid" or "invalid: reason".</summary>
    public bool RecordedValid => RecordedVerdict == "valid";

    public string ReadText() => System.IO.File.ReadAllText(FullPath);

    public override string ToString() => File;
}

/// <summary>
/// The shared corpus (<c>shared/corpus</c> beside the repository, as CI lays it out; a checkout nested deeper finds it
/// beside one of its ancestors).
/// </summary>
public static class CorpusFiles
{
    private static readonly Lazy<string> LazyFolder = new(FindFolder);
    private static readonly Lazy<IReadOnlyList<CorpusFile>> LazyEntries = new(() =>
        System.IO.File.ReadAllLines(Path.Combine(Folder, "MANIFEST.tsv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(c => new CorpusFile(c[0], c[3], c[4], c.Length > 7 ? c[7].Trim('"') : ""))
            .ToList());

    public static string Folder => LazyFolder.Value;

    public static IReadOnlyList<CorpusFile> All => LazyEntries.Value;

    public static IReadOnlyList<CorpusFile> Dsl => All.Where(f => f.IsDsl).ToList();

    public static CorpusFile Find(string file) => All.Single(f => f.File == file);

    private static string FindFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
        var root = dir ?? throw new InvalidOperationException("The tests must run from inside the repository.");
        for (var up = root.Parent; up is not null; up = up.Parent)
        {
            var candidate = Path.Combine(up.FullName, "shared", "corpus");
            if (System.IO.File.Exists(Path.Combine(candidate, "MANIFEST.tsv"))) return candidate;
        }
        throw new InvalidOperationException(
            "The conformance corpus is missing: expected " + Path.GetFullPath(Path.Combine(root.FullName, "..", "shared", "corpus", "MANIFEST.tsv")));
    }
}
