using System;
using System.Collections.Generic;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language;

namespace MistralTemplates.Generators;

/// <summary>Serves get_file targets from the project's YAML files (AdditionalFiles), by normalized path.</summary>
internal sealed class TemplateFileSetProvider : ITemplateFileProvider
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);

    public TemplateFileSetProvider(TemplateFileSet files)
    {
        foreach (var file in files.Files) _byPath[PathUtil.Normalize(file.Path)] = file.Text;
    }

    public bool TryRead(string fromPath, string reference, out string resolvedPath, out string text)
    {
        resolvedPath = PathUtil.Resolve(fromPath, reference);
        if (_byPath.TryGetValue(resolvedPath, out text!)) return true;
        text = string.Empty;
        return false;
    }
}
