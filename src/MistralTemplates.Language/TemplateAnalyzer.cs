using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;

namespace MistralTemplates.Language;

public enum TemplateFileKind
{
    /// <summary>A YAML file that is neither a template nor a DSL document: ignored without a word.</summary>
    None,
    HeatTemplate,
    HeatEnvironment,
    MistralWorkflows,
    MistralWorkbook,
    MistralActions,
}

/// <summary>Gives the analyzer the text of files a template names with <c>get_file</c>.</summary>
public interface ITemplateFileProvider
{
    /// <summary>
    /// Reads <paramref name="reference"/> as written in the template at <paramref name="fromPath"/>
    /// (relative to that file, or a file: URL). Returns false when the file is not available.
    /// </summary>
    bool TryRead(string fromPath, string reference, out string resolvedPath, out string text);
}

/// <summary>
/// What a file provider can also know: which files the project has besides those it serves. It lets a
/// get_file target that exists but was not handed to the compiler be told from one that does not exist.
/// </summary>
public interface IProjectFileIndex
{
    /// <summary>
    /// The path relative to the project of <paramref name="resolvedPath"/> when that file is in the project
    /// but not among the files this provider serves (not in AdditionalFiles); null otherwise.
    /// </summary>
    string? FindUnservedProjectFile(string resolvedPath);
}

/// <summary>A provider for templates that use no get_file, or for tests.</summary>
public sealed class InMemoryFileProvider : ITemplateFileProvider
{
    private readonly IReadOnlyDictionary<string, string> _files;

    public InMemoryFileProvider(IReadOnlyDictionary<string, string> files) => _files = files;

    public static InMemoryFileProvider Empty { get; } = new(new Dictionary<string, string>());

    public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text)
    {
        resolvedPath = PathUtil.Resolve(fromPath, reference);
        if (_files.TryGetValue(resolvedPath, out var found))
        {
            text = found;
            return true;
        }
        text = string.Empty;
        return false;
    }
}

/// <summary>Everything known about one file after parsing and validation.</summary>
public sealed class TemplateAnalysis
{
    public TemplateAnalysis(string path, TemplateFileKind kind, HotTemplate? template, DslDocument? dsl,
        IReadOnlyList<TemplateDiagnostic> diagnostics, IReadOnlyDictionary<string, string> referencedFiles)
    {
        Path = path;
        Kind = kind;
        Template = template;
        Dsl = dsl;
        Diagnostics = diagnostics;
        ReferencedFiles = referencedFiles;
    }

    public string Path { get; }

    public TemplateFileKind Kind { get; }

    /// <summary>The HOT template, when <see cref="Kind"/> is <see cref="TemplateFileKind.HeatTemplate"/> and it could be read.</summary>
    public HotTemplate? Template { get; }

    /// <summary>The DSL document, when the file is one.</summary>
    public DslDocument? Dsl { get; }

    public IReadOnlyList<TemplateDiagnostic> Diagnostics { get; }

    /// <summary>The get_file targets the template read, as written in the template → their text.</summary>
    public IReadOnlyDictionary<string, string> ReferencedFiles { get; }

    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
                if (d.IsError) return true;
            return false;
        }
    }
}

/// <summary>The entry point of the library: classify, parse and validate one YAML file.</summary>
public static partial class TemplateAnalyzer
{
}
