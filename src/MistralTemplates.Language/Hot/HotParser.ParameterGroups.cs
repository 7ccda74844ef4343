using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static readonly string[] ParameterGroupKeys = { "label", "description", "parameters" };

    private static List<HotParameterGroup> ParseParameterGroups(HotParseContext context)
    {
        var result = new List<HotParameterGroup>();
        var node = context.Root["parameter_groups"];
        if (node is null or YamlScalar { IsNull: true }) return result;
        if (node is not YamlSequence groups)
        {
            context.Report(DiagnosticCatalog.WrongValueShape, node.Span, "The 'parameter_groups' section", "a list of groups", node.Describe());
            return result;
        }
        foreach (var item in groups.Items)
        {
            if (item is not YamlMapping group)
            {
                context.Report(DiagnosticCatalog.ExpectedMapping, item.Span, "A parameter group", item.Describe());
                continue;
            }
            CheckKeys(context, group, ParameterGroupKeys, "a parameter group");
            var members = new List<HotReference>();
            var parameters = group["parameters"];
            if (parameters is YamlSequence names)
            {
                foreach (var name in names.Items)
                {
                    if (name is not YamlScalar { IsNull: false } scalar)
                    {
                        context.Report(DiagnosticCatalog.WrongValueShape, name.Span, "A parameter of a group", "a parameter name", name.Describe());
                        continue;
                    }
                    if (!context.ParameterNames.Contains(scalar.Value))
                        context.Report(DiagnosticCatalog.UnknownParameterInGroup, scalar.Span, scalar.Value);
                    members.Add(new HotReference(scalar.Value, scalar.Span));
                }
            }
            else if (parameters is not null and not YamlScalar { IsNull: true })
            {
                context.Report(DiagnosticCatalog.WrongValueShape, parameters.Span, "'parameters' of a parameter group", "a list of parameter names", parameters.Describe());
            }
            result.Add(new HotParameterGroup(ScalarText(group["label"]), ScalarText(group["description"]), members));
        }
        return result;
    }
}
