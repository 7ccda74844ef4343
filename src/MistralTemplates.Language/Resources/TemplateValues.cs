using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>Small readings of property values that the resource checkers share.</summary>
internal static class TemplateValues
{
    // Every intrinsic function of any HOT version (and the CFN-style ones of the oldest): a value that
    // calls one is computed at deploy time, so its shape cannot be checked here.
    private static readonly HashSet<string> FunctionNames = new(System.StringComparer.Ordinal)
    {
        "get_param", "get_resource", "get_attr", "get_file", "list_join", "str_replace", "str_replace_strict",
        "str_replace_vstrict", "str_split", "repeat", "digest", "map_merge", "map_replace", "if", "equals", "not",
        "and", "or", "contains", "filter", "list_concat", "list_concat_unique", "make_url", "yaql", "resource_facade",
        "Fn::Select", "Fn::Join", "Fn::Split", "Fn::Replace", "Fn::Base64", "Fn::MemberListToMap",
        "Fn::ResourceFacade", "Fn::GetAZs", "Fn::GetAtt", "Ref",
    };

    /// <summary>Whether <paramref name="node"/> is <c>{function: arguments}</c> with a known function name.</summary>
    public static bool IsFunctionCall(YamlNode? node, out string name, out YamlNode arguments)
    {
        name = string.Empty;
        arguments = null!;
        if (node is not YamlMapping { Count: 1 } map || map.Entries[0].KeyText is not { } key || !FunctionNames.Contains(key))
            return false;
        name = key;
        arguments = map.Entries[0].Value;
        return true;
    }

    public static bool IsFunctionCall(YamlNode? node) => IsFunctionCall(node, out _, out _);

    /// <summary>The text of a scalar that is a plain value (not null), else null.</summary>
    public static string? TextOf(YamlNode? node) => node is YamlScalar { IsNull: false } s ? s.Value : null;

    /// <summary>The keys of a literal mapping, or null when the value is computed or not a mapping.</summary>
    public static IReadOnlyList<YamlEntry>? LiteralEntries(YamlNode? node) =>
        node is YamlMapping map && !IsFunctionCall(map) ? map.Entries : null;

    /// <summary>Names quoted and joined for a message: <c>'a', 'b'</c>, or <c>none</c>.</summary>
    public static string List(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Select(n => "'" + n + "'"));
    }
}
