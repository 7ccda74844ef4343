using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Yaml;
using Xunit.Abstractions;

namespace MistralTemplates.Language.Tests.Expressions;

/// <summary>Every DSL file of the conformance corpus, scanned string by string.</summary>
public class ExpressionCorpusTests(ITestOutputHelper output)
{
    private static readonly string[] ExpressionParseFailures =
    {
        "WF_DEF_YAQL_PARSE_EXCEPTION", "WB_DEF_YAQL_PARSE_EXCEPTION", "ACTION_DEFINITION_INVALID_YAQL",
    };

    private sealed record CorpusFile(string Path, string Name, string Kind, bool Valid);

    private static List<CorpusFile> DslFiles() =>
        Corpus.Entries.Where(e => e.IsDsl).Select(e => new CorpusFile(e.FullPath, e.File, e.Kind, e.IsValid)).ToList();

    private static List<TemplateDiagnostic> ScanAllStrings(CorpusFile file) => ScanAllStrings(file, new List<ExpressionScan>());

    private static List<TemplateDiagnostic> ScanAllStrings(CorpusFile file, List<ExpressionScan> scans)
    {
        var loaded = YamlLoader.Load(file.Name, File.ReadAllText(file.Path));
        var diagnostics = new DiagnosticBag();
        if (loaded.Root is null) return diagnostics.Items.ToList();
        var stack = new Stack<YamlNode>();
        stack.Push(loaded.Root);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case YamlScalar { Kind: YamlScalarKind.String } scalar:
                    scans.Add(ExpressionScanner.Scan(scalar, diagnostics));
                    break;
                case YamlMapping mapping:
                    foreach (var entry in mapping.Entries) stack.Push(entry.Value);
                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items) stack.Push(item);
                    break;
            }
        }
        return diagnostics.Items.Where(d => d.Id is "MT3001" or "MT3002" or "MT3004").ToList();
    }

    [Fact]
    public void Valid_files_have_no_expression_errors_and_yaql_invalid_ones_have_one()
    {
        var files = DslFiles();
        Assert.True(files.Count > 80, $"only {files.Count} DSL files in the manifest");
        var failures = new List<string>();
        var valid = 0;
        var expressions = 0;
        var scans = new List<ExpressionScan>();
        foreach (var file in files)
        {
            var errors = ScanAllStrings(file, scans);
            var expectsOne = ExpressionParseFailures.Any(name => file.Name.EndsWith("__" + name + ".yaml", StringComparison.Ordinal));
            if (expectsOne)
            {
                expressions++;
                if (errors.Count != 1 || errors[0].Id != "MT3001")
                    failures.Add($"{file.Name}: expected one MT3001, got [{string.Join("; ", errors)}]");
            }
            else if (file.Valid)
            {
                valid++;
                if (errors.Count > 0) failures.Add($"{file.Name}: valid but got [{string.Join("; ", errors)}]");
            }
        }
        var occurrences = scans.SelectMany(s => s.Occurrences).ToList();
        var yaql = occurrences.Count(o => o.Language == ExpressionLanguage.Yaql);
        var jinja = occurrences.Count(o => o.Language == ExpressionLanguage.Jinja);
        var references = scans.SelectMany(s => s.References).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{files.Count} DSL files: {valid} valid without expression errors, {expressions} with the expected YAQL error");
        output.WriteLine($"{yaql} YAQL and {jinja} Jinja expressions; references: " +
                         string.Join(", ", references.Select(r => $"{r.Value} {r.Key}")));
        Assert.Empty(failures);
        Assert.Equal(3, expressions);
        // The corpus is rich in expressions: the check above is not vacuous.
        Assert.True(yaql > 300, $"only {yaql} YAQL expressions");
        Assert.True(jinja > 20, $"only {jinja} Jinja expressions");
        Assert.True(references[ExpressionReferenceKind.Task] > 20 && references[ExpressionReferenceKind.Variable] > 200);
    }

    [Theory]
    [InlineData("WF_DEF_YAQL_PARSE_EXCEPTION", 8, 33, 8, 34, "unexpected '*' at position 1")]
    [InlineData("WB_DEF_YAQL_PARSE_EXCEPTION", 9, 35, 9, 36, "unexpected '*' at position 1")]
    [InlineData("ACTION_DEFINITION_INVALID_YAQL", 8, 18, 8, 20, "unexpected end of statement")]
    public void Yaql_invalid_files_are_reported_where_mistral_fails(string name, int line, int column, int endLine, int endColumn, string message)
    {
        var file = DslFiles().Single(f => f.Name.EndsWith("__" + name + ".yaml", StringComparison.Ordinal));
        var error = Assert.Single(ScanAllStrings(file));
        Assert.Equal((line, column, endLine, endColumn), (error.Span.Start.Line, error.Span.Start.Column, error.Span.End.Line, error.Span.End.Column));
        Assert.Contains(message, error.Message);
    }
}
