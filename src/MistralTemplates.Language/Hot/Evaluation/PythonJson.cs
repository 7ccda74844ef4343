using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// json.dumps(value, sort_keys=True) as Heat calls it to put lists and mappings into text: ", " and ": "
/// separators, keys sorted, non-ASCII escaped, floats as Python prints them.
/// </summary>
internal static class PythonJson
{
    /// <summary>The text, or null with the reason when the value cannot be written (too deep, or not a JSON value).</summary>
    /// <param name="indent">As json.dumps's indent: each item on its own line, this many spaces a level deeper, "," between them.</param>
    public static string? Dumps(object? value, out string? error, int? indent = null)
    {
        var builder = new StringBuilder();
        error = Write(value, builder, 0, indent);
        return error is null ? builder.ToString() : null;
    }

    /// <summary>What goes between two items (and, with an indent, before the first): ", " or a new line.</summary>
    private static void Separate(StringBuilder builder, bool first, int? indent, int depth)
    {
        if (indent is null)
        {
            if (!first) builder.Append(", ");
            return;
        }
        if (!first) builder.Append(',');
        builder.Append('\n').Append(' ', indent.Value * (depth + 1));
    }

    private static void Close(StringBuilder builder, bool empty, int? indent, int depth, char bracket)
    {
        if (indent is not null && !empty) builder.Append('\n').Append(' ', indent.Value * depth);
        builder.Append(bracket);
    }

    private static string? Write(object? value, StringBuilder builder, int depth, int? indent)
    {
        if (depth > PythonValues.MaxValueDepth) return "it nests too deeply";
        switch (value)
        {
            case null:
                builder.Append("null");
                return null;
            case bool b:
                builder.Append(b ? "true" : "false");
                return null;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                return null;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PythonText.Float(d));
                return null;
            case string s:
                WriteString(s, builder);
                return null;
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    Separate(builder, i == 0, indent, depth);
                    if (Write(list[i], builder, depth + 1, indent) is { } itemError) return itemError;
                }
                Close(builder, list.Count == 0, indent, depth, ']');
                return null;
            case Dictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                foreach (var key in map.Keys.OrderBy(k => k, StringComparer.Ordinal))
                {
                    Separate(builder, first, indent, depth);
                    first = false;
                    WriteString(key, builder);
                    builder.Append(": ");
                    if (Write(map[key], builder, depth + 1, indent) is { } valueError) return valueError;
                }
                Close(builder, map.Count == 0, indent, depth, '}');
                return null;
            default:
                return $"{PythonValues.Describe(value)} is not a JSON value";
        }
    }

    private static void WriteString(string s, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }
}
