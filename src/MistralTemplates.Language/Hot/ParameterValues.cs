using System;
using System.Collections.Generic;
using System.Globalization;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// Turns a parameter value into the object a <see cref="ParameterConstraint"/> checks, as Heat's parameter
/// classes do: string → string, number → double, boolean → bool, comma_delimited_list → list of strings,
/// json → a graph of dictionaries, lists, strings, doubles and bools.
/// </summary>
public static class ParameterValues
{
    private const int MaxDepth = 300;

    /// <summary>The spellings oslo's bool_from_string(strict=True) accepts, lower-cased.</summary>
    private static readonly string[] TrueStrings = { "1", "t", "true", "on", "y", "yes" };
    private static readonly string[] FalseStrings = { "0", "f", "false", "off", "n", "no" };

    public static string TypeName(HotParameterType type) => type switch
    {
        HotParameterType.String => "string",
        HotParameterType.Number => "number",
        HotParameterType.Json => "json",
        HotParameterType.CommaDelimitedList => "comma_delimited_list",
        HotParameterType.Boolean => "boolean",
        _ => type.ToString(),
    };

    public static bool TryParseType(string text, out HotParameterType type)
    {
        switch (text)
        {
            case "string": type = HotParameterType.String; return true;
            case "number": type = HotParameterType.Number; return true;
            case "json": type = HotParameterType.Json; return true;
            case "comma_delimited_list": type = HotParameterType.CommaDelimitedList; return true;
            case "boolean": type = HotParameterType.Boolean; return true;
            default: type = HotParameterType.String; return false;
        }
    }

    /// <summary>Converts a YAML value; returns false with the reason when it does not fit the type.</summary>
    public static bool TryConvert(YamlNode node, HotParameterType type, out object? value, out string? error)
    {
        value = null;
        error = null;
        switch (type)
        {
            case HotParameterType.String:
                if (node is YamlScalar s)
                {
                    value = PythonText(s);
                    return true;
                }
                error = $"expected a string, found {node.Describe()}";
                return false;
            case HotParameterType.Number:
                if (node is YamlScalar n && (n.Kind is YamlScalarKind.Int or YamlScalarKind.Float || n.Kind == YamlScalarKind.String))
                {
                    if (n.TryGetNumber(out var d) || TryParseNumber(n.Value, out d))
                    {
                        value = d;
                        return true;
                    }
                }
                error = node is YamlScalar ns ? $"'{ns.Value}' is not a number" : $"expected a number, found {node.Describe()}";
                return false;
            case HotParameterType.Boolean:
                if (node is YamlScalar b && TryParseBool(b.Value, out var flag))
                {
                    value = flag;
                    return true;
                }
                error = node is YamlScalar bs
                    ? $"'{bs.Value}' is not a boolean (use true, false, yes, no, on, off, 1, 0, t, f, y or n)"
                    : $"expected a boolean, found {node.Describe()}";
                return false;
            case HotParameterType.CommaDelimitedList:
                if (node is YamlSequence seq)
                {
                    var items = new List<object?>();
                    foreach (var item in seq.Items) items.Add(item is YamlScalar si ? PythonText(si) : item.Describe());
                    value = items;
                    return true;
                }
                if (node is YamlScalar { Kind: YamlScalarKind.String } ls)
                {
                    value = SplitList(ls.Value);
                    return true;
                }
                error = $"expected a comma-delimited string or a list, found {node.Describe()}";
                return false;
            case HotParameterType.Json:
                if (node is YamlScalar { Kind: YamlScalarKind.String } js)
                {
                    if (js.Value.Length == 0)
                    {
                        value = js.Value;
                        return true;
                    }
                    if (JsonText.TryParse(js.Value, out value, out var jsonError)) return true;
                    error = "the text is not valid JSON: " + jsonError;
                    return false;
                }
                value = ToObject(node, 0);
                return true;
            default:
                error = "unknown type";
                return false;
        }
    }

    /// <summary>Heat's delim_string_to_list: split on commas and trim; an empty string is an empty list.</summary>
    public static List<object?> SplitList(string text)
    {
        var items = new List<object?>();
        if (text.Length == 0) return items;
        foreach (var part in text.Split(',')) items.Add(part.Trim());
        return items;
    }

    public static bool TryParseBool(string text, out bool value)
    {
        var lower = text.Trim().ToLowerInvariant();
        value = Array.IndexOf(TrueStrings, lower) >= 0;
        return value || Array.IndexOf(FalseStrings, lower) >= 0;
    }

    /// <summary>Heat's str_to_num: an int, else a float.</summary>
    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

    /// <summary>A scalar as Python's str() prints the value PyYAML read.</summary>
    public static string PythonText(YamlScalar scalar)
    {
        if (scalar.Kind == YamlScalarKind.Bool && scalar.TryGetBool(out var b)) return b ? "True" : "False";
        if (scalar.Kind == YamlScalarKind.Int && scalar.TryGetInteger(out var l)) return l.ToString(CultureInfo.InvariantCulture);
        if (scalar.Kind == YamlScalarKind.Null) return "None";
        return scalar.Value;
    }

    /// <summary>A YAML value as plain objects; bounded in depth (the loader already caps nesting).</summary>
    public static object? ToObject(YamlNode node, int depth)
    {
        if (depth > MaxDepth) return null;
        switch (node)
        {
            case YamlMapping m:
            {
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var e in m.Entries) map[e.KeyText ?? e.Key.Describe()] = ToObject(e.Value, depth + 1);
                return map;
            }
            case YamlSequence s:
            {
                var list = new List<object?>();
                foreach (var item in s.Items) list.Add(ToObject(item, depth + 1));
                return list;
            }
            case YamlScalar scalar:
                switch (scalar.Kind)
                {
                    case YamlScalarKind.Null: return null;
                    case YamlScalarKind.Bool: return scalar.TryGetBool(out var b) && b;
                    case YamlScalarKind.Int:
                    case YamlScalarKind.Float:
                        return scalar.TryGetNumber(out var d) ? d : scalar.Value;
                    default: return scalar.Value;
                }
            default:
                return null;
        }
    }
}
