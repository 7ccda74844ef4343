using System;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// The value types of Mistral's JSON schemas (mistral/lang/types.py), read on YAML nodes the way
/// PyYAML would type them: a plain <c>123</c> is a number, not a string.
/// </summary>
internal static class DslValues
{
    public const string NonEmptyString = "a non-empty string";
    public const string NonEmptyMapping = "a non-empty mapping (key: value)";
    public const string Expression = "an expression (<% ... %> or {{ ... }})";
    public const string ExpressionOrCount = "a whole number >= 0 or an expression (<% ... %>)";
    public const string ExpressionOrBoolean = "true, false or an expression (<% ... %>)";
    public const string StringList = "a non-empty list of unique non-empty strings";
    public const string StringOrStringList = "a task name or a list of task names";

    public static bool IsString(YamlNode? node) => node is YamlScalar { Kind: YamlScalarKind.String };

    public static bool IsNonEmptyString(YamlNode? node) => node is YamlScalar { Kind: YamlScalarKind.String } s && s.Value.Length > 0;

    public static bool IsNonEmptyMapping(YamlNode? node) => node is YamlMapping { Count: > 0 };

    /// <summary>A string that is one expression as a whole, as Mistral's EXPRESSION schema demands.</summary>
    public static bool IsExpression(YamlNode? node) => node is YamlScalar { Kind: YamlScalarKind.String } s && IsExpressionText(s.Value);

    public static bool IsExpressionText(string text)
    {
        var t = text.TrimEnd();
        return (t.StartsWith("<%", StringComparison.Ordinal) && t.EndsWith("%>", StringComparison.Ordinal) && t.Length >= 4)
            || (t.StartsWith("{{", StringComparison.Ordinal) && t.EndsWith("}}", StringComparison.Ordinal) && t.Length >= 4);
    }

    /// <summary>Whether a string holds any expression at all.</summary>
    public static bool ContainsExpression(string text) =>
        text.IndexOf("<%", StringComparison.Ordinal) >= 0 || text.IndexOf("{{", StringComparison.Ordinal) >= 0;

    public static bool IsCount(YamlNode? node) => node is YamlScalar s && s.TryGetInteger(out var v) && v >= 0;

    public static bool IsExpressionOrCount(YamlNode? node) => IsExpression(node) || IsCount(node);

    public static bool IsExpressionOrBoolean(YamlNode? node) => IsExpression(node) || node is YamlScalar { Kind: YamlScalarKind.Bool };

    /// <summary>How a value is described in "must be X, not Y" messages.</summary>
    public static string Describe(YamlNode? node) => node switch
    {
        null => "missing",
        YamlScalar { Kind: YamlScalarKind.String } s when s.Value.Length == 0 => "an empty string",
        YamlScalar { Kind: YamlScalarKind.String } s => $"'{Shorten(s.Value)}'",
        YamlMapping { Count: 0 } => "an empty mapping",
        YamlSequence { Count: 0 } => "an empty list",
        _ => node.Describe(),
    };

    public static string Shorten(string text)
    {
        var oneLine = text.Replace("\r", "").Replace('\n', ' ').Trim();
        return oneLine.Length <= 60 ? oneLine : oneLine.Substring(0, 57) + "...";
    }
}
