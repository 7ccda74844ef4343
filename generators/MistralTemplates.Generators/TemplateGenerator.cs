using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MistralTemplates.Generators;

/// <summary>Turns the project's HOT templates and Mistral DSL files into typed C# classes and located diagnostics.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class TemplateGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Combine(context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? string.Empty))
            .Select(static (pair, _) => ReadOptions(pair.Left.GlobalOptions, pair.Right))
            .WithTrackingName(TrackingNames.Options);

        // Apart from the options the parse reads: setting the help page re-reports diagnostics, it does not re-parse.
        var helpPage = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => provider.GlobalOptions.TryGetValue("build_property." + DiagnosticDescriptors.HelpPageProperty, out var page) ? page : string.Empty)
            .WithTrackingName(TrackingNames.HelpPage);

        var files = context.AdditionalTextsProvider
            .Where(static t => IsYaml(t.Path))
            .Select(static (t, ct) => new TemplateFile(PathUtil.Normalize(t.Path), t.GetText(ct)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.Files);

        var references = files
            .Select(static (file, ct) => Parser.FindReferences(file, ct))
            .WithTrackingName(TrackingNames.References);

        var referencedPaths = references
            .Select(static (r, _) => r.Paths)
            .Collect()
            .Select(static (all, _) => all.SelectMany(p => p).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ReferencedPaths);

        // Other AdditionalFiles (scripts, JSON ...) are get_file targets only: read when a template names them.
        var otherFiles = context.AdditionalTextsProvider
            .Where(static t => !IsYaml(t.Path))
            .Combine(referencedPaths)
            .Where(static pair => pair.Right.Contains(PathUtil.Normalize(pair.Left.Path)))
            .Select(static (pair, ct) => new TemplateFile(PathUtil.Normalize(pair.Left.Path), pair.Left.GetText(ct)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.OtherFiles);

        // get_file targets are other files of the project. Each file's parse gets only the files it names,
        // so editing one file re-parses that file and the templates that read it, not the whole project.
        var fileSet = files.Collect()
            .Combine(otherFiles.Collect())
            .Select(static (pair, _) => new TemplateFileSet(pair.Left.Concat(pair.Right).OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray()))
            .WithTrackingName(TrackingNames.FileSet);

        var projectFiles = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadProjectFiles(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.ProjectFiles);

        var parseInputs = references.Combine(fileSet).Combine(projectFiles)
            .Select(static (pair, _) => ParseInputOf(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.ParseInputs);

        var results = parseInputs.Combine(options)
            .Select(static (input, ct) => Parser.Parse(input.Left.File, input.Left.ReferencedFiles, input.Right, ct))
            .WithTrackingName(TrackingNames.Results);

        var diagnostics = results
            .Select(static (r, _) => r.Diagnostics)
            .Collect()
            .Combine(results.Select(static (r, _) => new GeneratedName(r.Path, r.Stack?.ClassName ?? r.Dsl?.ClassName)).Collect())
            .Select(static (pair, _) => Merge(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics.Combine(helpPage), static (spc, pair) =>
        {
            foreach (var info in pair.Left) spc.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(info, pair.Right));
        });

        // A DSL file another file reads with get_file is a template's definition: its input records are generated
        // in that template's stack class, so each workflow gets one.
        var sources = results.Combine(referencedPaths)
            .Select(static (pair, _) => pair.Left.Dsl is { } dsl && pair.Right.Contains(pair.Left.Path)
                ? pair.Left with { Dsl = dsl with { ReadByTemplate = true } }
                : pair.Left)
            .WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(sources.Combine(helpPage), static (spc, pair) =>
        {
            var result = pair.Left;
            if (!result.HasSource) return;
            string? source;
            try
            {
                source = Emitter.Emit(result);
            }
            catch (Exception e)
            {
                spc.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(Parser.InternalError(result.Path, e), pair.Right));
                return;
            }
            if (source is not null) spc.AddSource(result.HintName, source);
        });
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static GeneratorOptions ReadOptions(AnalyzerConfigOptions global, string assemblyName)
    {
        global.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        global.TryGetValue("build_property.MSBuildProjectDirectory", out var projectDirectory);
        if (string.IsNullOrWhiteSpace(rootNamespace)) rootNamespace = assemblyName;
        if (string.IsNullOrWhiteSpace(rootNamespace)) rootNamespace = Identifiers.GeneratedNamespace;
        return new GeneratorOptions(rootNamespace!.Trim(), projectDirectory?.Trim() ?? string.Empty);
    }

    /// <summary>
    /// The build's list of the project's files (MistralTemplatesProjectFiles: paths relative to the project,
    /// separated by '|', which no file name on Windows has and which an editorconfig value keeps).
    /// </summary>
    private static ProjectFileList ReadProjectFiles(AnalyzerConfigOptions global)
    {
        if (!global.TryGetValue("build_property.MistralTemplatesProjectFiles", out var list) || string.IsNullOrWhiteSpace(list))
            return ProjectFileList.Empty;
        global.TryGetValue("build_property.MSBuildProjectDirectory", out var directory);
        var root = PathUtil.Normalize(directory?.Trim() ?? string.Empty);
        return new ProjectFileList(list.Split('|')
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .Select(p => root.Length == 0 ? PathUtil.Normalize(p) : PathUtil.Resolve(root + "/", p))
            .Distinct()
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToEquatableArray());
    }

    /// <summary>
    /// A file with the files it reads, and those of its get_file targets that the project has but did not list
    /// in AdditionalFiles; only these, so a change elsewhere in the project's file list does not re-parse it.
    /// </summary>
    private static ParseInput ParseInputOf(FileReferences references, TemplateFileSet all, ProjectFileList projectFiles)
    {
        var subset = all.Subset(references.Paths);
        if (projectFiles.Paths.IsEmpty || subset.Files.Count == references.Paths.Count) return new ParseInput(references.File, subset);
        var unlisted = references.Paths
            .Where(p => projectFiles.Paths.Contains(p) && subset.Files.All(f => f.Path != p))
            .ToEquatableArray();
        return new ParseInput(references.File, subset with { UnlistedProjectFiles = unlisted });
    }

    private sealed record GeneratedName(string Path, string? ClassName);

    /// <summary>
    /// Every file's diagnostics once: a get_file target's problems are found by each template that reads it
    /// and by the target itself. Adds a warning when two files give the same class name.
    /// </summary>
    private static EquatableArray<DiagnosticInfo> Merge(ImmutableArray<EquatableArray<DiagnosticInfo>> perFile, ImmutableArray<GeneratedName> names)
    {
        var seen = new HashSet<DiagnosticInfo>();
        var merged = new List<DiagnosticInfo>();
        foreach (var infos in perFile)
            foreach (var info in infos)
                if (seen.Add(info)) merged.Add(info);

        var firstByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names.Where(n => n.ClassName is not null).OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            if (!firstByName.TryGetValue(name.ClassName!, out var first))
            {
                firstByName[name.ClassName!] = name.Path;
                continue;
            }
            var message = DiagnosticCatalog.DuplicateTypeName.Format(name.ClassName, first);
            merged.Add(new DiagnosticInfo(DiagnosticCatalog.DuplicateTypeName.Id, message, name.Path, 0, 0, 0, 0, 0, 0));
        }
        return merged.ToEquatableArray();
    }
}
