using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// Reads get_file targets through the project's file provider, remembers what was read (the generator
/// embeds it) and reports a missing target at the path string that names it, once per place: as a file
/// to add to AdditionalFiles when the provider knows the project has it, else as not found.
/// </summary>
internal sealed class GetFileResolver : IGetFileResolver
{
    private readonly string _templatePath;
    private readonly ITemplateFileProvider _provider;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, (bool Found, string Resolved, string Text)> _cache = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _referenced = new(System.StringComparer.Ordinal);
    private readonly HashSet<SourceSpan> _reported = new();

    public GetFileResolver(string templatePath, ITemplateFileProvider provider, DiagnosticBag diagnostics)
    {
        _templatePath = templatePath;
        _provider = provider;
        _diagnostics = diagnostics;
    }

    /// <summary>Every target read: the reference as written → its text.</summary>
    public IReadOnlyDictionary<string, string> ReferencedFiles => _referenced;

    public bool TryRead(YamlScalar referenceNode, out string text, out SourceMap map)
    {
        var reference = referenceNode.Value;
        if (!_cache.TryGetValue(reference, out var entry))
        {
            var found = _provider.TryRead(_templatePath, reference, out var resolved, out var read);
            entry = (found, resolved, read);
            _cache[reference] = entry;
            if (found) _referenced[reference] = read;
        }
        if (!entry.Found)
        {
            if (_reported.Add(referenceNode.Span))
            {
                if ((_provider as IProjectFileIndex)?.FindUnservedProjectFile(entry.Resolved) is { } inProject)
                    _diagnostics.Add(DiagnosticCatalog.GetFileNotInAdditionalFiles, referenceNode.Span, reference, inProject);
                else
                    _diagnostics.Add(DiagnosticCatalog.GetFileMissing, referenceNode.Span, reference, entry.Resolved);
            }
            text = string.Empty;
            map = SourceMap.ForFile(entry.Resolved, string.Empty);
            return false;
        }
        text = entry.Text;
        map = SourceMap.ForFile(entry.Resolved, entry.Text);
        return true;
    }
}
