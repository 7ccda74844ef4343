using System;
using System.Collections.Generic;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language;

namespace MistralTemplates.Generators;

/// <summary>
/// Serves get_file targets from the project's AdditionalFiles, by normalized path, and knows which named
/// targets are project files left out of AdditionalFiles.
/// </summary>
internal sealed class TemplateFileSetProvider : ITemplateFileProvider, IProjectFileIndex
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unlisted = new(StringComparer.Ordinal);
    private readonly GeneratorOptions _options;

    public TemplateFileSetProvider(TemplateFileSet files, GeneratorOptions options)
    {
        foreach (var file in files.Files) _byPath[PathUtil.Normalize(file.Path)] = file.Text;
        foreach (var path in files.UnlistedProjectFiles) _unlisted.Add(PathUtil.Normalize(path));
        _options = options;
    }

    public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text)
    {
        resolvedPath = PathUtil.Resolve(fromPath, reference);
        if (_byPath.TryGetValue(resolvedPath, out text!)) return true;
        text = string.Empty;
        return false;
    }

    public string? FindUnservedProjectFile(string resolvedPath) =>
        _unlisted.Contains(resolvedPath) ? Parser.RelativePath(resolvedPath, _options) : null;
}
