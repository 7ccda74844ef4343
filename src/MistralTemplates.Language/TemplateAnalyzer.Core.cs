using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language;

public static partial class TemplateAnalyzer
{
    private const int SniffLength = 4096;

    /// <summary>The top-level keys a Heat environment file may hold.</summary>
    private static readonly HashSet<string> EnvironmentKeys = new(StringComparer.Ordinal)
    {
        "parameters", "parameter_defaults", "resource_registry", "event_sinks", "encrypted_param_names", "parameter_merge_strategies",
    };

    /// <summary>A DSL document starts its own line with <c>version:</c>; linear pattern, bounded input.</summary>
    private static readonly Regex DslVersionLine = new(@"(^|\n)[ \t]*['""]?version['""]?[ \t]*:", RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static readonly Dictionary<string, string> NoFiles = new();

    /// <summary>Classifies, parses and validates one YAML file. Never throws: an internal fault becomes MT1099.</summary>
    public static TemplateAnalysis Analyze(string path, string text, ITemplateFileProvider files) =>
        Analyze(path, text, files, HotParseOptions.Default);

    /// <summary>As <see cref="Analyze(string, string, ITemplateFileProvider)"/>, with the resource types of <paramref name="options"/>.</summary>
    public static TemplateAnalysis Analyze(string path, string text, ITemplateFileProvider files, HotParseOptions options) =>
        Analyze(path, text, files, options, declaredKind: null);

    /// <summary>
    /// Reads the file as <paramref name="declaredKind"/> whatever it looks like, as Mistral reads what is posted to
    /// /v2/workflows as workflows: a file that is broken beyond recognition still gets the errors of that kind.
    /// </summary>
    public static TemplateAnalysis Analyze(string path, string text, ITemplateFileProvider files, TemplateFileKind declaredKind) =>
        Analyze(path, text, files, HotParseOptions.Default, declaredKind == TemplateFileKind.None ? null : declaredKind);

    private static TemplateAnalysis Analyze(string path, string text, ITemplateFileProvider files, HotParseOptions options,
        TemplateFileKind? declaredKind)
    {
        try
        {
            return AnalyzeCore(path, text ?? string.Empty, files, options, declaredKind);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var diagnostics = new DiagnosticBag();
            diagnostics.Add(DiagnosticCatalog.InternalError, SourceSpan.StartOf(path), e.GetType().Name + ": " + e.Message);
            return new TemplateAnalysis(path, TemplateFileKind.None, null, null, diagnostics.Items, NoFiles);
        }
    }

    private static TemplateAnalysis AnalyzeCore(string path, string text, ITemplateFileProvider files, HotParseOptions options,
        TemplateFileKind? declaredKind)
    {
        var limits = YamlLimits.Default;
        if (text.Length > limits.MaxCharacters)
        {
            var sniffed = declaredKind ?? Sniff(text);
            if (sniffed == TemplateFileKind.None) return Ignored(path);
            var tooLarge = new DiagnosticBag();
            tooLarge.Add(DiagnosticCatalog.FileTooLarge, SourceSpan.StartOf(path), text.Length, limits.MaxCharacters, "the compiler's limit");
            return new TemplateAnalysis(path, sniffed, null, null, tooLarge.Items, NoFiles);
        }

        var load = YamlLoader.Load(path, text, limits);
        if (load.Root is null)
        {
            if (load.HasErrors)
            {
                var sniffed = declaredKind ?? Sniff(text);
                if (sniffed != TemplateFileKind.None) return new TemplateAnalysis(path, sniffed, null, null, load.Diagnostics, NoFiles);
                // Nesting and alias limits are hostile input rather than someone else's YAML: always say why the file was not read.
                var limitsHit = load.Diagnostics.Where(d => d.Descriptor == DiagnosticCatalog.YamlTooDeep || d.Descriptor == DiagnosticCatalog.YamlAliasBomb).ToList();
                return limitsHit.Count == 0 ? Ignored(path) : new TemplateAnalysis(path, TemplateFileKind.None, null, null, limitsHit, NoFiles);
            }
            var empty = new DiagnosticBag();
            empty.Add(DiagnosticCatalog.EmptyTemplate, SourceSpan.StartOf(path), "YAML file");
            return new TemplateAnalysis(path, TemplateFileKind.None, null, null, empty.Items, NoFiles);
        }

        if (declaredKind is { } declared && DslKindOf(declared) is { } declaredDsl)
            return AnalyzeDsl(path, load, declaredDsl);

        if (load.Root is YamlMapping mapping)
        {
            if (mapping.ContainsKey("heat_template_version") || declaredKind == TemplateFileKind.HeatTemplate)
                return AnalyzeHot(path, mapping, load, files, options);
            if (IsEnvironment(mapping)) return new TemplateAnalysis(path, TemplateFileKind.HeatEnvironment, null, null, new TemplateDiagnostic[0], NoFiles);
        }

        return DslParser.Classify(load.Root) is { } dslKind ? AnalyzeDsl(path, load, dslKind) : Ignored(path);
    }

    private static TemplateAnalysis AnalyzeDsl(string path, YamlLoadResult load, DslDocumentKind kind)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(load.Diagnostics);
        var document = DslParser.Parse(load.Root!, diagnostics, DslParseOptions.File with { ExpectedKind = kind });
        return new TemplateAnalysis(path, KindOf(kind), null, document, diagnostics.Items, NoFiles);
    }

    private static DslDocumentKind? DslKindOf(TemplateFileKind kind) => kind switch
    {
        TemplateFileKind.MistralWorkflows => DslDocumentKind.Workflows,
        TemplateFileKind.MistralWorkbook => DslDocumentKind.Workbook,
        TemplateFileKind.MistralActions => DslDocumentKind.Actions,
        _ => null,
    };

    private static TemplateAnalysis AnalyzeHot(string path, YamlMapping root, YamlLoadResult load, ITemplateFileProvider files,
        HotParseOptions options)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(load.Diagnostics);
        var template = HotParser.Parse(path, root, files, diagnostics, options);
        return new TemplateAnalysis(path, TemplateFileKind.HeatTemplate, template, null, diagnostics.Items,
            template?.ReferencedFiles ?? NoFiles);
    }

    private static bool IsEnvironment(YamlMapping root)
    {
        if (root.Count == 0) return false;
        foreach (var entry in root.Entries)
            if (entry.KeyText is not { } key || !EnvironmentKeys.Contains(key)) return false;
        return true;
    }

    /// <summary>What a file that could not be read looks like it was meant to be, from its first characters.</summary>
    private static TemplateFileKind Sniff(string text)
    {
        var head = text.Length > SniffLength ? text.Substring(0, SniffLength) : text;
        if (head.IndexOf("heat_template_version", StringComparison.Ordinal) >= 0) return TemplateFileKind.HeatTemplate;
        try
        {
            if (DslVersionLine.IsMatch(head)) return TemplateFileKind.MistralWorkflows;
        }
        catch (RegexMatchTimeoutException)
        {
            return TemplateFileKind.None;
        }
        return TemplateFileKind.None;
    }

    private static TemplateFileKind KindOf(DslDocumentKind kind) => kind switch
    {
        DslDocumentKind.Workbook => TemplateFileKind.MistralWorkbook,
        DslDocumentKind.Actions => TemplateFileKind.MistralActions,
        _ => TemplateFileKind.MistralWorkflows,
    };

    private static TemplateAnalysis Ignored(string path) =>
        new(path, TemplateFileKind.None, null, null, new TemplateDiagnostic[0], NoFiles);
}
