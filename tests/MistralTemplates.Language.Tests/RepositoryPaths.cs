using System;
using System.IO;

namespace MistralTemplates.Language.Tests;

/// <summary>Where the repository and the shared corpus are, seen from the test assembly.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The tests must run from inside the repository.");
    }
}
