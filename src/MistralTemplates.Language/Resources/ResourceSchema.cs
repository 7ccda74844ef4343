using System.Collections.Generic;

namespace MistralTemplates.Language.Resources;

public enum PropertyType
{
    String,
    Integer,
    Number,
    Boolean,
    List,
    Map,
    Any,
}

public enum AttributeType
{
    String,
    Integer,
    Boolean,
    List,
    Map,
    Uri,
    Timestamp,
    Any,
}

/// <summary>A property of a resource type, as Heat's properties schema declares it.</summary>
public sealed record PropertySchema(
    string Name,
    PropertyType Type,
    string Description,
    bool Required = false,
    bool UpdateAllowed = true,
    IReadOnlyList<PropertySchema>? MapSchema = null,
    PropertySchema? ListItemSchema = null,
    IReadOnlyList<string>? AllowedValues = null);

/// <summary>An attribute of a resource type, readable through get_attr.</summary>
public sealed record AttributeSchema(string Name, AttributeType Type, string Description);

public sealed record ResourceSchema(
    string Type,
    string Description,
    IReadOnlyList<PropertySchema> Properties,
    IReadOnlyList<AttributeSchema> Attributes);

/// <summary>The resource types this product knows, by type name.</summary>
public static partial class ResourceSchemas
{
    public static ResourceSchema? Find(string type)
    {
        foreach (var schema in All)
            if (schema.Type == type) return schema;
        return null;
    }
}
