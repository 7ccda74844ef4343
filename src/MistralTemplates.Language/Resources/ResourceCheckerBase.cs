using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// What every checker of this library shares: its type and order, and the rule that an attribute whose
/// value is a single string, number or time has nothing inside it for a get_attr path to select.
/// </summary>
public abstract class ResourceCheckerBase : IResourceChecker
{
    protected ResourceCheckerBase(string resourceType, int order)
    {
        ResourceType = resourceType;
        Order = order;
    }

    public string ResourceType { get; }

    public int Order { get; }

    public abstract void Check(ResourceCheckContext context);

    public virtual void CheckAttributePath(HotResource target, string attribute, IReadOnlyList<YamlNode> path, DiagnosticBag diagnostics)
    {
        if (path.Count == 0) return;
        var schema = ResourceSchemas.Find(ResourceType);
        if (schema is null) return;
        foreach (var a in schema.Attributes)
        {
            if (a.Name != attribute) continue;
            if (DescribeScalar(a.Type) is { } described)
                diagnostics.Add(DiagnosticCatalog.AttributeHasNoPath, path[0].Span, attribute, described);
            return;
        }
    }

    /// <summary>"a string", "a number" ... for attribute types with nothing inside; null for maps, lists and any.</summary>
    protected static string? DescribeScalar(AttributeType type) => type switch
    {
        AttributeType.String => "a string",
        AttributeType.Uri => "a URL (a string)",
        AttributeType.Timestamp => "a time (a string)",
        AttributeType.Integer => "a number",
        AttributeType.Boolean => "a boolean",
        _ => null,
    };
}
