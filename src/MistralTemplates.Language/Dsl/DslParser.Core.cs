using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

public static partial class DslParser
{
    private static DslDocument? ParseCore(YamlNode root, DiagnosticBag diagnostics, DslParseOptions options)
    {
        if (root is not YamlMapping map)
        {
            diagnostics.Add(DiagnosticCatalog.ExpectedMapping, root.Span, "A Mistral DSL document", root.Describe());
            return null;
        }
        var kind = options.ExpectedKind ?? ClassifyCore(root) ?? Guess(map);
        return new DocumentReader(diagnostics).Read(map, kind, options);
    }

    /// <summary>
    /// Conservative: a DSL document says <c>version: '2.0'</c> and holds workflows (mappings with
    /// <c>tasks</c>) or ad-hoc actions (mappings with <c>base</c>), or it is a workbook. Anything else,
    /// such as a Heat template or an environment file, is not DSL.
    /// </summary>
    private static DslDocumentKind? ClassifyCore(YamlNode root)
    {
        if (root is not YamlMapping map || map.GetEntry("version") is not { } version) return null;
        if (!DocumentReader.IsListVersion(version.Value)) return null;
        if (map["workflows"] is YamlMapping || map["actions"] is YamlMapping) return DslDocumentKind.Workbook;

        int workflows = 0, actions = 0, others = 0;
        foreach (var entry in map.Entries)
        {
            if (entry.KeyText == "version") continue;
            if (entry.Value is YamlMapping item && item.ContainsKey("tasks")) workflows++;
            else if (entry.Value is YamlMapping withBase && withBase.ContainsKey("base")) actions++;
            else others++;
        }
        if (others > 0) return null;
        if (workflows > 0 && actions == 0) return DslDocumentKind.Workflows;
        if (actions > 0 && workflows == 0) return DslDocumentKind.Actions;
        return null;
    }

    /// <summary>The best reading of a document the caller says is DSL but that does not classify cleanly.</summary>
    private static DslDocumentKind Guess(YamlMapping map)
    {
        if (map.ContainsKey("workflows") || map.ContainsKey("actions") || map.ContainsKey("name")) return DslDocumentKind.Workbook;
        var withBase = 0;
        foreach (var entry in map.Entries)
            if (entry.Value is YamlMapping item && item.ContainsKey("base")) withBase++;
        return withBase > 0 ? DslDocumentKind.Actions : DslDocumentKind.Workflows;
    }
}
