using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

public static partial class DslParser
{
    private static DslDocument? ParseCore(YamlNode root, DiagnosticBag diagnostics, DslParseOptions options) => null;

    private static DslDocumentKind? ClassifyCore(YamlNode root) => null;
}
