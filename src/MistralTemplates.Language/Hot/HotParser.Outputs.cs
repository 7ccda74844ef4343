using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static List<HotOutput> ParseOutputs(HotParseContext context)
    {
        var result = new List<HotOutput>();
        var section = SectionMapping(context, context.Root["outputs"], "The 'outputs' section");
        if (section is null) return result;
        var keys = HotVersions.OutputKeys(context.Version);
        foreach (var entry in section.Entries)
        {
            if (entry.KeyText is not { } name) continue;
            if (entry.Value is not YamlMapping definition)
            {
                context.Report(DiagnosticCatalog.ExpectedMapping, entry.Value.Span, $"Output '{name}'", entry.Value.Describe());
                continue;
            }
            CheckKeys(context, definition, keys, $"output '{name}'");
            var value = definition["value"];
            if (value is null) context.Report(DiagnosticCatalog.OutputValueMissing, entry.Key.Span, name);
            else FunctionWalker.Walk(context, value, WalkMode.Value, references: null);

            string? condition = null;
            if (context.Version.IsAtLeast(HotVersions.V20161014) && definition["condition"] is { } conditionNode)
            {
                FunctionWalker.Walk(context, conditionNode, WalkMode.Condition, references: null);
                condition = ScalarText(conditionNode);
            }
            result.Add(new HotOutput(name, entry.Key.Span, ScalarText(definition["description"]), value, condition));
        }
        return result;
    }
}
