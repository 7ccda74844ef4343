using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MistralTemplates.Generators;

namespace MistralTemplates.Generators.Tests;

/// <summary>Runs the generator over an in-memory compilation and in-memory YAML files.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDirectory = "/project";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CreateCompilation(OutputKind.DynamicallyLinkedLibrary, sources);

    public static CSharpCompilation CreateCompilation(OutputKind kind, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            Net100.References.All.Concat(new[]
            {
                MetadataReference.CreateFromFile(typeof(MistralTemplates.Stack).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(MistralTemplates.Language.TemplateAnalyzer).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(MistralTemplates.Engine.EngineOptions).Assembly.Location),
            }),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string rootNamespace = "Consumer",
        IReadOnlyDictionary<string, string>? buildProperties = null, string? helpPage = null)
    {
        var properties = new Dictionary<string, string>(buildProperties ?? new Dictionary<string, string>());
        if (helpPage is not null) properties[DiagnosticDescriptors.HelpPageProperty] = helpPage;
        return CSharpGeneratorDriver.Create(
            new[] { new TemplateGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            BuildOptions(rootNamespace, properties),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>The global options the build props give the generator, plus <paramref name="buildProperties"/> (names without build_property.).</summary>
    public static AnalyzerConfigOptionsProvider BuildOptions(string rootNamespace = "Consumer", IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var global = new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = rootNamespace,
            ["build_property.MSBuildProjectDirectory"] = ProjectDirectory,
        };
        foreach (var (name, value) in buildProperties ?? new Dictionary<string, string>()) global["build_property." + name] = value;
        return new OptionsProvider(global);
    }

    public static AdditionalText File(string relativePath, string text) =>
        new InMemoryText(ProjectDirectory + "/" + relativePath, text);

    /// <summary>Runs the generator; returns the run result and the compilation with generated sources.</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) Run(IEnumerable<AdditionalText> files, params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The generator's diagnostics (id, file, 1-based position) and every generated source, in hint-name order, as one text for snapshots.</summary>
    public static string GeneratedText(GeneratorDriverRunResult run)
    {
        var diagnostics = run.Diagnostics
            .Select(d => (Span: d.Location.GetLineSpan(), d.Id, Message: d.GetMessage()))
            .OrderBy(d => d.Span.Path, StringComparer.Ordinal).ThenBy(d => d.Span.StartLinePosition).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => $"// {d.Id} {System.IO.Path.GetFileName(d.Span.Path)}({d.Span.StartLinePosition.Line + 1},{d.Span.StartLinePosition.Character + 1},{d.Span.EndLinePosition.Line + 1},{d.Span.EndLinePosition.Character + 1}): {d.Message}")
            .ToList();
        var sources = run.Results.SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => "// ---- " + s.HintName + "\n" + s.SourceText)
            .ToList();
        return "// diagnostics: " + diagnostics.Count + "\n" + string.Join("\n", diagnostics) + (diagnostics.Count > 0 ? "\n" : "") +
               "// sources: " + sources.Count + "\n" + string.Join("\n", sources);
    }

    /// <summary>The shared corpus: beside the repository, or beside one of its parent folders.</summary>
    public static string CorpusRoot()
    {
        for (var directory = new DirectoryInfo(RepoRoot()).Parent; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpus");
            if (System.IO.File.Exists(Path.Combine(candidate, "MANIFEST.tsv"))) return candidate;
        }
        return Path.Combine(RepoRoot(), "..", "shared", "corpus");
    }

    public static IReadOnlyList<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    public static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "MistralTemplates.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("MistralTemplates.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class InMemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public OptionsProvider(Dictionary<string, string> global) => _global = new Options(global);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public static Options Empty { get; } = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
