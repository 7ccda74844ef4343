using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Resources;

/// <summary>
/// A test that needs the DSL reader (DslParser.Parse) to build workflow models: skipped while the reader
/// returns nothing for a plain workflow, run as soon as it does.
/// </summary>
public sealed class DslFactAttribute : FactAttribute
{
    public DslFactAttribute()
    {
        if (!DslReaderAvailable) Skip = "Needs DslParser.Parse to read workflow definitions.";
    }

    private static bool DslReaderAvailable
    {
        get
        {
            var root = YamlLoader.Load("probe.yaml", "test:\n  tasks:\n    hello:\n      action: std.noop\n").Root!;
            return DslParser.Parse(root, new DiagnosticBag(), DslParseOptions.HeatDefinition) is not null;
        }
    }
}
