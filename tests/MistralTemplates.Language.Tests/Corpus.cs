using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests;

/// <summary>One row of the conformance corpus' MANIFEST.tsv.</summary>
internal sealed record CorpusEntry(string File, string Kind, string Expected, string Notes)
{
    public string FullPath => Path.Combine(RepositoryPaths.Corpus, File);

    public bool IsValid => Expected == "valid";

    public bool IsDsl => Kind is "workflow" or "workbook" or "action";

    public bool IsHeat => Kind is "heat-template" or "heat-environment";

    public string ReadText() => System.IO.File.ReadAllText(FullPath);

    /// <summary>The diagnostic an invalid file must give, from what its notes say is wrong with it.</summary>
    public DiagnosticDescriptor ExpectedError()
    {
        if (File.Contains("YAQL")) return DiagnosticCatalog.YaqlSyntax;
        if (Notes.Contains("yaml-error")) return DiagnosticCatalog.YamlSyntax;
        if (Notes.Contains("both action and workflow")) return DiagnosticCatalog.DslActionAndWorkflow;
        if (Notes.Contains("without base")) return DiagnosticCatalog.DslActionBaseMissing;
        if (Notes.Contains("DSL v1")) return DiagnosticCatalog.DslUnknownKey;
        if (Notes.Contains("'requires' in a direct workflow")) return DiagnosticCatalog.DslRequiresInDirectWorkflow;
        if (Notes.Contains("reverse workflow without params.task_name")) return DiagnosticCatalog.ReverseWorkflowNeedsTaskName;
        if (Notes.Contains("concurrency without with_items")) return DiagnosticCatalog.HeatWorkflowConcurrencyWithoutWithItems;
        if (Notes.Contains("policies.retry and retry both set")) return DiagnosticCatalog.HeatWorkflowPolicyConflict;
        throw new InvalidOperationException("No expected diagnostic for " + File + ": " + Notes);
    }

    public override string ToString() => File;
}

internal static class Corpus
{
    private static readonly Lazy<IReadOnlyList<CorpusEntry>> LazyEntries = new(() =>
        File.ReadAllLines(Path.Combine(RepositoryPaths.Corpus, "MANIFEST.tsv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(c => new CorpusEntry(c[0], c[3], c[4], c.Length > 6 ? c[6] : ""))
            .ToList());

    public static IReadOnlyList<CorpusEntry> Entries => LazyEntries.Value;

    public static CorpusEntry Find(string file) => Entries.Single(e => e.File == file);

    /// <summary>Theory data: the file names of the entries that match.</summary>
    public static IEnumerable<object[]> Files(Func<CorpusEntry, bool> predicate) =>
        Entries.Where(predicate).Select(e => new object[] { e.File });
}

/// <summary>Reads get_file targets from disk, next to the template, as Heat's client does.</summary>
internal sealed class DiskFileProvider : ITemplateFileProvider
{
    public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text)
    {
        resolvedPath = PathUtil.Resolve(fromPath, reference);
        var exists = File.Exists(resolvedPath);
        text = exists ? File.ReadAllText(resolvedPath) : string.Empty;
        return exists;
    }
}
