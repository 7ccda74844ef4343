using System.Collections.Generic;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static List<HotCondition> ParseConditions(HotParseContext context)
    {
        var result = new List<HotCondition>();
        if (!context.Version.IsAtLeast(HotVersions.V20161014)) return result;
        var section = SectionMapping(context, context.Root["conditions"], "The 'conditions' section");
        if (section is null) return result;
        foreach (var entry in section.Entries)
        {
            if (entry.KeyText is not { } name) continue;
            FunctionWalker.Walk(context, entry.Value, WalkMode.Condition, references: null);
            result.Add(new HotCondition(name, entry.Key.Span, entry.Value));
        }
        return result;
    }
}
