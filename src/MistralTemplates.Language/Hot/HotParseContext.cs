using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>What one parse of a template knows so far: the names each section declares and where to report.</summary>
internal sealed class HotParseContext
{
    public HotParseContext(string path, YamlMapping root, HotVersion version, DiagnosticBag diagnostics, GetFileResolver files,
        HotParseOptions options)
    {
        Path = path;
        Root = root;
        Version = version;
        Diagnostics = diagnostics;
        Files = files;
        Options = options;
    }

    public HotParseOptions Options { get; }

    public string Path { get; }

    public YamlMapping Root { get; }

    public HotVersion Version { get; }

    public DiagnosticBag Diagnostics { get; }

    public GetFileResolver Files { get; }

    /// <summary>Every parameter name the template declares, even one whose definition has errors.</summary>
    public HashSet<string> ParameterNames { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Every resource name the template declares, even one without a type.</summary>
    public HashSet<string> ResourceNames { get; } = new(System.StringComparer.Ordinal);

    public HashSet<string> ConditionNames { get; } = new(System.StringComparer.Ordinal);

    /// <summary>The resources that could be read, by name, in template order.</summary>
    public Dictionary<string, HotResource> Resources { get; } = new(System.StringComparer.Ordinal);

    /// <summary>get_attr paths past the attribute name, checked once the resource checkers have run.</summary>
    public List<PendingAttributePath> AttributePaths { get; } = new();

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args) =>
        Diagnostics.Add(descriptor, span, args);

    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "(none)" : string.Join(", ", all);
    }
}

/// <summary>A get_attr whose path goes past the attribute: <c>[resource, attribute, path...]</c>.</summary>
internal sealed record PendingAttributePath(HotResource Target, string Attribute, IReadOnlyList<YamlNode> Path);
