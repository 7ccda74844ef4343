using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>A resource and every resource it refers to (depends_on, get_resource, get_attr), for the dependency graph.</summary>
internal sealed record ParsedResource(HotResource Resource, List<HotReference> References);

public static partial class HotParser
{
    private static List<ParsedResource> ParseResources(HotParseContext context)
    {
        var result = new List<ParsedResource>();
        var section = SectionMapping(context, context.Root["resources"], "The 'resources' section");
        if (section is null) return result;

        // First every resource's own shape, so that functions anywhere can resolve any resource.
        foreach (var entry in section.Entries)
        {
            if (entry.KeyText is not { } name) continue;
            if (ReadResource(context, name, entry) is { } parsed)
            {
                result.Add(parsed);
                context.Resources[name] = parsed.Resource;
            }
        }
        foreach (var parsed in result) CheckResourceContent(context, parsed);
        return result;
    }

    private static ParsedResource? ReadResource(HotParseContext context, string name, YamlEntry entry)
    {
        var what = $"resource '{name}'";
        if (entry.Value is not YamlMapping definition)
        {
            context.Report(DiagnosticCatalog.ExpectedMapping, entry.Value.Span, $"The definition of {what}", entry.Value.Describe());
            return null;
        }
        CheckKeys(context, definition, HotVersions.ResourceKeys(context.Version), what);

        var typeNode = definition["type"];
        if (typeNode is not YamlScalar { IsNull: false } typeScalar)
        {
            if (typeNode is null or YamlScalar { IsNull: true }) context.Report(DiagnosticCatalog.ResourceTypeMissing, entry.Key.Span, name);
            else context.Report(DiagnosticCatalog.WrongValueShape, typeNode.Span, $"The type of {what}", "a resource type name", typeNode.Describe());
            return null;
        }

        var references = new List<HotReference>();
        var dependsOn = ReadDependsOn(context, name, definition["depends_on"]);
        references.AddRange(dependsOn);

        var properties = definition["properties"];
        YamlMapping? propertyMap = null;
        if (properties is YamlMapping pm) propertyMap = pm;
        else if (properties is not null and not YamlScalar { IsNull: true } && !FunctionWalker.IsFunctionCall(properties))
            context.Report(DiagnosticCatalog.ExpectedMapping, properties.Span, $"The properties of {what}", properties.Describe());

        CheckFieldShape(context, definition, "metadata", what, mapping: true);
        CheckFieldShape(context, definition, "update_policy", what, mapping: true);
        CheckFieldShape(context, definition, "deletion_policy", what, mapping: false);
        CheckFieldShape(context, definition, "description", what, mapping: false);
        CheckFieldShape(context, definition, "external_id", what, mapping: false);
        var deletionPolicy = ReadDeletionPolicy(context, definition["deletion_policy"]);
        string? condition = null;
        if (context.Version.IsAtLeast(HotVersions.V20161014)) condition = ScalarText(definition["condition"]);

        var resource = new HotResource(name, entry.Key.Span, typeScalar.Value, typeScalar.Span, propertyMap, dependsOn, condition,
            deletionPolicy, definition) { References = references };   // the same list: the property walk fills it later
        return new ParsedResource(resource, references);
    }

    private static List<HotReference> ReadDependsOn(HotParseContext context, string owner, YamlNode? node)
    {
        var result = new List<HotReference>();
        if (node is null or YamlScalar { IsNull: true }) return result;
        IEnumerable<YamlNode> items = node is YamlSequence list ? list.Items : new[] { node };
        foreach (var item in items)
        {
            if (item is not YamlScalar { IsNull: false } scalar)
            {
                context.Report(DiagnosticCatalog.WrongValueShape, item.Span, $"depends_on of '{owner}'", "a resource name or a list of them", item.Describe());
                continue;
            }
            if (!context.ResourceNames.Contains(scalar.Value))
            {
                var others = context.ResourceNames.Where(n => n != owner).ToList();
                context.Report(DiagnosticCatalog.DependsOnUnknown, scalar.Span, scalar.Value, owner,
                    HotParseContext.List(others), NameSuggestions.Hint(scalar.Value, others));
                continue;
            }
            result.Add(new HotReference(scalar.Value, scalar.Span));
        }
        return result;
    }

    /// <summary>Heat's resource fields take a mapping (metadata, update_policy) or a string (the rest), or a function call.</summary>
    private static void CheckFieldShape(HotParseContext context, YamlMapping definition, string key, string what, bool mapping)
    {
        if (definition[key] is not { } node || node is YamlScalar { IsNull: true } || FunctionWalker.IsFunctionCall(node)) return;
        var fits = mapping ? node is YamlMapping : node is YamlScalar;
        if (!fits)
            context.Report(DiagnosticCatalog.WrongValueShape, node.Span, $"'{key}' of {what}", mapping ? "a mapping" : "a string", node.Describe());
    }

    private static string? ReadDeletionPolicy(HotParseContext context, YamlNode? node)
    {
        if (node is not YamlScalar { IsNull: false } scalar) return null;
        var allowed = HotVersions.DeletionPolicies(context.Version);
        if (allowed.Contains(scalar.Value)) return scalar.Value;
        context.Report(DiagnosticCatalog.InvalidDeletionPolicy, scalar.Span, scalar.Value, context.Version.Date, string.Join(", ", allowed),
            NameSuggestions.Hint(scalar.Value, allowed));
        return null;
    }

    /// <summary>Functions in every part of the resource, then its properties against the type's schema.</summary>
    private static void CheckResourceContent(HotParseContext context, ParsedResource parsed)
    {
        var resource = parsed.Resource;
        var definition = resource.Node;
        foreach (var key in new[] { "properties", "metadata", "update_policy", "deletion_policy", "external_id" })
            if (definition[key] is { } node) FunctionWalker.Walk(context, node, WalkMode.Value, parsed.References);
        if (context.Version.IsAtLeast(HotVersions.V20161014) && definition["condition"] is { } condition)
            FunctionWalker.Walk(context, condition, WalkMode.Condition, references: null);

        var schema = context.Options.FindSchema(resource.Type);
        if (schema is null)
        {
            context.Report(DiagnosticCatalog.UnknownResourceType, resource.TypeSpan, resource.Type);
            return;
        }
        PropertyChecker.Check(context, resource, schema);
    }
}
