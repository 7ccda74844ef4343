using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// Checks a resource's properties against its type's schema: unknown names, missing required ones, value
/// types and allowed values, down through nested map and list schemas. A value written as an intrinsic
/// function is only known at deploy time and is not type-checked. Recursion follows the schema, which is
/// finite and ours, never the depth of the user's data alone.
/// </summary>
internal static class PropertyChecker
{
    public static void Check(HotParseContext context, HotResource resource, ResourceSchema schema)
    {
        var propertiesEntry = resource.Node.GetEntry("properties");
        if (propertiesEntry is not null && FunctionWalker.IsFunctionCall(propertiesEntry.Value)) return;
        var requiredAt = propertiesEntry?.Key.Span ?? resource.NameSpan;
        CheckMembers(context, schema.Properties, resource.Properties, $"{resource.Type} (resource '{resource.Name}')",
            prefix: string.Empty, requiredAt, where: $"the properties of '{resource.Name}'");
    }

    private static void CheckMembers(HotParseContext context, IReadOnlyList<PropertySchema> members, YamlMapping? values,
        string owner, string prefix, SourceSpan requiredAt, string where)
    {
        if (values is not null)
        {
            foreach (var entry in values.Entries)
            {
                if (entry.KeyText is not { } key) continue;
                var member = members.FirstOrDefault(m => m.Name == key);
                if (member is null)
                {
                    context.Report(DiagnosticCatalog.UnknownProperty, entry.Key.Span, prefix + key, owner,
                        HotParseContext.List(members.Select(m => m.Name)), NameSuggestions.Hint(key, members.Select(m => m.Name)));
                    continue;
                }
                CheckValue(context, member, entry.Value, prefix + key, owner);
            }
        }
        foreach (var member in members.Where(m => m.Required))
        {
            var entry = values?.GetEntry(member.Name);
            if (entry is null)
                context.Report(DiagnosticCatalog.MissingRequiredProperty, requiredAt, prefix + member.Name, owner, where);
            else if (entry.Value is YamlScalar { IsNull: true })
                context.Report(DiagnosticCatalog.MissingRequiredProperty, entry.Key.Span, prefix + member.Name, owner, where);
        }
    }

    private static void CheckValue(HotParseContext context, PropertySchema schema, YamlNode value, string name, string owner)
    {
        if (FunctionWalker.IsFunctionCall(value) || value is YamlScalar { IsNull: true }) return;
        if (!Fits(schema.Type, value))
        {
            context.Report(DiagnosticCatalog.PropertyWrongType, value.Span, name, Expected(schema.Type), value.Describe());
            return;
        }
        if (schema.AllowedValues is { Count: > 0 } allowed && value is YamlScalar scalar && !allowed.Contains(scalar.Value))
        {
            context.Report(DiagnosticCatalog.PropertyValueNotAllowed, value.Span, scalar.Value, name, string.Join(", ", allowed),
                NameSuggestions.Hint(scalar.Value, allowed));
            return;
        }
        if (value is YamlMapping map && schema.MapSchema is { } memberSchema)
        {
            var at = map.Span;
            CheckMembers(context, memberSchema, map, owner, name + ".", new SourceSpan(at.Path, at.Start, at.Start), $"'{name}'");
        }
        else if (value is YamlSequence list && schema.ListItemSchema is { } itemSchema)
        {
            for (var i = 0; i < list.Count; i++) CheckValue(context, itemSchema, list.Items[i], $"{name}[{i}]", owner);
        }
    }

    /// <summary>Heat converts scalars the way its property types do: "5" is a fine integer, a list is never a string.</summary>
    private static bool Fits(PropertyType type, YamlNode value)
    {
        switch (type)
        {
            case PropertyType.Any:
                return true;
            case PropertyType.List:
                return value is YamlSequence;
            case PropertyType.Map:
                return value is YamlMapping;
        }
        if (value is not YamlScalar scalar) return false;
        switch (type)
        {
            case PropertyType.String:
                return true;
            case PropertyType.Integer:
                return scalar.Kind == YamlScalarKind.Int ||
                       (scalar.Kind == YamlScalarKind.String && long.TryParse(scalar.Value.Trim(), out _));
            case PropertyType.Number:
                return scalar.Kind is YamlScalarKind.Int or YamlScalarKind.Float ||
                       (scalar.Kind == YamlScalarKind.String && ParameterValues.TryParseNumber(scalar.Value, out _));
            case PropertyType.Boolean:
                return scalar.Kind == YamlScalarKind.Bool || ParameterValues.TryParseBool(scalar.Value, out _);
            default:
                return true;
        }
    }

    private static string Expected(PropertyType type) => type switch
    {
        PropertyType.String => "a string",
        PropertyType.Integer => "an integer",
        PropertyType.Number => "a number",
        PropertyType.Boolean => "a boolean",
        PropertyType.List => "a list",
        PropertyType.Map => "a mapping",
        _ => "a value",
    };
}
