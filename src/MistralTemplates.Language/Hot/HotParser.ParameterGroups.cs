using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static List<HotParameterGroup> ParseParameterGroups(HotParseContext context)
    {
        var result = new List<HotParameterGroup>();
        var grouped = new HashSet<string>(System.StringComparer.Ordinal);
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
                    if (!grouped.Add(scalar.Value))
                        context.Report(DiagnosticCatalog.ParameterInTwoGroups, scalar.Span, scalar.Value);
                    else if (!context.ParameterNames.Contains(scalar.Value))
                        context.Report(DiagnosticCatalog.UnknownParameterInGroup, scalar.Span, scalar.Value);
                    members.Add(new HotReference(scalar.Value, scalar.Span));
                }
            }
            else if (parameters is null or YamlScalar { IsNull: true })
            {
                // Heat lets other keys pass but insists on the list of parameters.
                context.Report(DiagnosticCatalog.WrongValueShape, group.Span, "A parameter group", "a mapping with 'parameters', a list of parameter names",
                    "a group without parameters");
            }
            else
            {
                context.Report(DiagnosticCatalog.WrongValueShape, parameters.Span, "'parameters' of a parameter group", "a list of parameter names", parameters.Describe());
            }
            result.Add(new HotParameterGroup(ScalarText(group["label"]), ScalarText(group["description"]), members));
        }
        return result;
    }
}
