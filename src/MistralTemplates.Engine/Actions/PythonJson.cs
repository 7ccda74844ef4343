using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// JSON text as Python's <c>json.dumps</c> writes it (", " and ": " separators, non-ASCII escaped), so a request
/// body the engine sends is byte for byte what the server's std.http sends.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(object? value) => Write(new StringBuilder(), value, null, 0).ToString();

    /// <summary>
    /// <c>json.dumps(value, indent=N)</c>: each item on a line of its own, indented N spaces a level, "," after an
    /// item and ": " after a key, empty lists and mappings as [] and {}.
    /// </summary>
    public static string Dumps(object? value, int indent) => Write(new StringBuilder(), value, indent, 0).ToString();

    private static StringBuilder Write(StringBuilder text, object? value, int? indent, int level)
    {
        switch (value)
        {
            case null: return text.Append("null");
            case bool flag: return text.Append(flag ? "true" : "false");
            case string s: return String(text, s);
            case long or int: return text.Append(((System.IConvertible)value).ToString(CultureInfo.InvariantCulture));
            case double real: return text.Append(double.IsFinite(real) ? ExpressionValues.Str(real) : real > 0 ? "Infinity" : double.IsNaN(real) ? "NaN" : "-Infinity");
            case IDictionary<string, object?> map:
            {
                if (map.Count == 0) return text.Append("{}");
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    Separate(text, first, indent, level + 1);
                    first = false;
                    String(text, key).Append(": ");
                    Write(text, item, indent, level + 1);
                }
                return Close(text, indent, level).Append('}');
            }
            case IEnumerable<object?> items:
            {
                var list = items.ToList();
                if (list.Count == 0) return text.Append("[]");
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    Separate(text, i == 0, indent, level + 1);
                    Write(text, list[i], indent, level + 1);
                }
                return Close(text, indent, level).Append(']');
            }
            default: return String(text, ExpressionValues.Str(value));
        }
    }

    // Without an indent items follow ", "; with one, each starts a line at its level.
    private static void Separate(StringBuilder text, bool first, int? indent, int level)
    {
        if (indent is { } width) text.Append(first ? "" : ",").Append('\n').Append(' ', width * level);
        else if (!first) text.Append(", ");
    }

    private static StringBuilder Close(StringBuilder text, int? indent, int level) =>
        indent is { } width ? text.Append('\n').Append(' ', width * level) : text;

    private static StringBuilder String(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"');
    }
}
