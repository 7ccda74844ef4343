using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static readonly string[] ParameterTypeNames =
        ((HotParameterType[])System.Enum.GetValues(typeof(HotParameterType))).Select(ParameterValues.TypeName).ToArray();

    private static List<HotParameter> ParseParameters(HotParseContext context)
    {
        var result = new List<HotParameter>();
        var section = SectionMapping(context, context.Root["parameters"], "The 'parameters' section");
        if (section is null) return result;
        foreach (var entry in section.Entries)
        {
            if (entry.KeyText is not { } name) continue;
            if (ParseParameter(context, name, entry) is { } parameter) result.Add(parameter);
        }
        return result;
    }

    private static HotParameter? ParseParameter(HotParseContext context, string name, YamlEntry entry)
    {
        var what = $"parameter '{name}'";
        if (entry.Value is not YamlMapping definition)
        {
            context.Report(DiagnosticCatalog.ExpectedMapping, entry.Value.Span, $"The definition of {what}", entry.Value.Describe());
            return null;
        }
        CheckKeys(context, definition, HotVersions.ParameterKeys(context.Version), what);

        var typeNode = definition["type"];
        if (typeNode is null || typeNode is YamlScalar { IsNull: true })
        {
            context.Report(DiagnosticCatalog.ParameterTypeMissing, entry.Key.Span, name);
            return null;
        }
        if (typeNode is not YamlScalar typeScalar || !ParameterValues.TryParseType(typeScalar.Value, out var type))
        {
            var written = ScalarText(typeNode);
            context.Report(DiagnosticCatalog.UnknownParameterType, typeNode.Span, written ?? typeNode.Describe(),
                written is null ? string.Empty : NameSuggestions.Hint(written, ParameterTypeNames));
            return null;
        }

        var constraints = ParseConstraints(context, name, type, definition["constraints"]);
        var defaultNode = definition["default"];
        if (defaultNode is not null and not YamlScalar { IsNull: true }) CheckDefault(context, name, type, defaultNode, constraints);
        else defaultNode = null;

        var parameter = new HotParameter(name, entry.Key.Span, type, defaultNode, ScalarText(definition["label"]),
            ScalarText(definition["description"]), IsTrue(definition["hidden"]), IsTrue(definition["immutable"]), constraints);
        if (definition.GetEntry("tags") is { } tags)
        {
            if (tags.Value is YamlSequence tagList)
                parameter.Tags = tagList.Items.OfType<YamlScalar>().Select(t => t.Value).ToList();
            else if (tags.Value is not YamlScalar { IsNull: true })
                context.Report(DiagnosticCatalog.WrongValueShape, tags.Value.Span, $"'tags' of {what}", "a list", tags.Value.Describe());
        }
        return parameter;
    }

    private static bool IsTrue(YamlNode? node) =>
        node is YamlScalar s && (s.TryGetBool(out var b) ? b : ParameterValues.TryParseBool(s.Value, out var parsed) && parsed);

    private static void CheckDefault(HotParseContext context, string name, HotParameterType type, YamlNode node,
        IReadOnlyList<ParameterConstraint> constraints)
    {
        if (node is YamlMapping fn && fn.Count == 1 && fn.Entries[0].KeyText is { } key && IntrinsicFunctions.Find(key) is not null)
        {
            context.Report(DiagnosticCatalog.DefaultWrongType, node.Span, name, ParameterValues.TypeName(type),
                $"'{key}' is not evaluated in a parameter default; write the value itself");
            return;
        }
        if (!ParameterValues.TryConvert(node, type, out var value, out var error))
        {
            context.Report(DiagnosticCatalog.DefaultWrongType, node.Span, name, ParameterValues.TypeName(type), error);
            return;
        }
        foreach (var constraint in constraints)
        {
            if (constraint.Check(value) is { } problem)
                context.Report(DiagnosticCatalog.DefaultBreaksConstraint, node.Span, name, constraint.KeyName,
                    constraint.Description is { } d ? $"{problem} ({d})" : problem);
        }
    }

    private static List<ParameterConstraint> ParseConstraints(HotParseContext context, string name, HotParameterType type, YamlNode? node)
    {
        var result = new List<ParameterConstraint>();
        if (node is null or YamlScalar { IsNull: true }) return result;
        if (node is not YamlSequence list)
        {
            context.Report(DiagnosticCatalog.WrongValueShape, node.Span, $"'constraints' of parameter '{name}'", "a list", node.Describe());
            return result;
        }
        foreach (var item in list.Items)
        {
            if (item is not YamlMapping definition)
            {
                context.Report(DiagnosticCatalog.ExpectedMapping, item.Span, $"A constraint of parameter '{name}'", item.Describe());
                continue;
            }
            CheckKeys(context, definition, HotVersions.ConstraintKeys(context.Version), $"a constraint of parameter '{name}'");
            if (ParameterConstraintReader.Read(context, name, type, definition) is { } constraint) result.Add(constraint);
        }
        return result;
    }
}
