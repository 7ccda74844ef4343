using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

// Stands in for the DSL part's reader of Heat's structured workflow form until it lands; delete this
// file then (the real method has the same signature).
public static partial class DslParser
{
    public static DslDocument? ParseHeatStructured(YamlMapping properties, DiagnosticBag diagnostics) => null;
}
