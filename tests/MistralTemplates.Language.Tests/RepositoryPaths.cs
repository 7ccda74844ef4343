using System;
using System.IO;

namespace MistralTemplates.Language.Tests;

/// <summary>Where the repository and the shared corpus are, seen from the test assembly.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>shared/corpus</c> beside the repository (as CI lays it out); a checkout nested deeper finds it
    /// beside one of its ancestors.
    /// </summary>
    public static string Corpus { get; } = FindCorpus();

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The tests must run from inside the repository.");
    }

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv"))) return candidate;
        }
        throw new InvalidOperationException(
            "The conformance corpus is missing: expected " + Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "MANIFEST.tsv")));
    }
}
