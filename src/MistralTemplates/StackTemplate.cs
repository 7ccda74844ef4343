using System;
using System.Collections.Generic;
using System.Threading;
using MistralTemplates.Language;
using MistralTemplates.Language.Hot;

namespace MistralTemplates;

/// <summary>
/// A template as the generator embedded it: its text and the text of every file it reads with get_file,
/// so nothing is read from disk at run time. The template is analysed lazily, with the same library the
/// compiler used, when a parameter check or the runtime needs its model.
/// </summary>
public sealed class StackTemplate
{
    private readonly Lazy<TemplateAnalysis> _analysis;

    /// <param name="path">The template's path relative to its project, as the generator saw it.</param>
    /// <param name="text">The template's text.</param>
    /// <param name="files">get_file targets, as written in the template, mapped to their text.</param>
    public StackTemplate(string path, string text, IReadOnlyDictionary<string, string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        Path = path;
        Text = text;
        Files = files ?? new Dictionary<string, string>();
        _analysis = new Lazy<TemplateAnalysis>(
            () => TemplateAnalyzer.Analyze(Path, Text, new EmbeddedFileProvider(Files)),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path { get; }

    public string Text { get; }

    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>The analysed template: model and diagnostics.</summary>
    public TemplateAnalysis Analysis => _analysis.Value;

    /// <summary>The HOT model, or null when the template could not be read.</summary>
    public HotTemplate? Hot => Analysis.Template;

    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public HotParameter? FindParameter(string name)
    {
        var hot = Hot;
        if (hot is null) return null;
        foreach (var parameter in hot.Parameters)
            if (parameter.Name == name) return parameter;
        return null;
    }

    /// <summary>Serves embedded get_file contents: by the reference as written, then by resolved path.</summary>
    private sealed class EmbeddedFileProvider : ITemplateFileProvider
    {
        private readonly IReadOnlyDictionary<string, string> _files;

        public EmbeddedFileProvider(IReadOnlyDictionary<string, string> files) => _files = files;

        public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text)
        {
            resolvedPath = PathUtil.Resolve(fromPath, reference);
            if (_files.TryGetValue(reference, out text!)) return true;
            if (_files.TryGetValue(resolvedPath, out text!)) return true;
            text = string.Empty;
            return false;
        }
    }
}
