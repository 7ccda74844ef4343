using System;
using System.Collections.Generic;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// Template data as evaluation values, read as Heat's YAML loader reads it: integers stay integers (so
/// str_replace prints 1 as "1" and 1.0 as "1.0"), timestamps stay strings.
/// </summary>
internal static class LiteralValues
{
    public static object? FromScalar(YamlScalar scalar)
    {
        switch (scalar.Kind)
        {
            case YamlScalarKind.Null:
                return null;
            case YamlScalarKind.Bool:
                return scalar.TryGetBool(out var flag) && flag;
            case YamlScalarKind.Int:
                if (scalar.TryGetInteger(out var integer)) return integer;
                return scalar.TryGetNumber(out var big) ? big : scalar.Value;
            case YamlScalarKind.Float:
                return scalar.TryGetNumber(out var number) ? number : scalar.Value;
            default:
                return scalar.Value;
        }
    }

    /// <summary>A YAML value with no functions in it (a json parameter's default).</summary>
    public static object? FromYaml(YamlNode node, int depth = 0)
    {
        if (depth > PythonValues.MaxValueDepth) return null;
        switch (node)
        {
            case YamlMapping mapping:
            {
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries) map[KeyOf(entry)] = FromYaml(entry.Value, depth + 1);
                return map;
            }
            case YamlSequence sequence:
            {
                var list = new List<object?>(sequence.Count);
                foreach (var item in sequence.Items) list.Add(FromYaml(item, depth + 1));
                return list;
            }
            case YamlScalar scalar:
                return FromScalar(scalar);
            default:
                return null;
        }
    }

    /// <summary>A mapping key as the template wrote it, as <see cref="ParameterValues.ToObject"/> keys it.</summary>
    public static string KeyOf(YamlEntry entry) => entry.KeyText ?? entry.Key.Describe();

    /// <summary>
    /// Values read by <see cref="JsonText"/>, whose numbers are all doubles: whole numbers become integers,
    /// as Python's json module reads "1". (A JSON "1.0" becomes 1 too: the reader keeps no spelling.)
    /// </summary>
    public static object? FromJson(object? value, int depth = 0)
    {
        if (depth > PythonValues.MaxValueDepth) return null;
        switch (value)
        {
            case double d when d == Math.Floor(d) && Math.Abs(d) < 9007199254740992d:
                return (long)d;
            case List<object?> list:
            {
                var copy = new List<object?>(list.Count);
                foreach (var item in list) copy.Add(FromJson(item, depth + 1));
                return copy;
            }
            case Dictionary<string, object?> map:
            {
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var pair in map) copy[pair.Key] = FromJson(pair.Value, depth + 1);
                return copy;
            }
            default:
                return value;
        }
    }
}
