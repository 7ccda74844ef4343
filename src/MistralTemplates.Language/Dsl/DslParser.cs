using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>Reads a Mistral DSL v2 document and checks it as Mistral's validator would.</summary>
public static partial class DslParser
{
    /// <summary>
    /// Parses and validates the document at <paramref name="root"/>. Reports every problem into
    /// <paramref name="diagnostics"/>; returns null only when nothing usable could be read.
    /// </summary>
    public static DslDocument? Parse(YamlNode root, DiagnosticBag diagnostics, DslParseOptions? options = null)
    {
        return ParseCore(root, diagnostics, options ?? DslParseOptions.File);
    }

    /// <summary>Whether a YAML root looks like a Mistral DSL document (workflows, workbook or actions), and which.</summary>
    public static DslDocumentKind? Classify(YamlNode root) => ClassifyCore(root);
}
