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

    /// <summary>As <c>json.dumps(value, indent=indent)</c>: each item on its own line, "," after all but the last.</summary>
    public static string Dumps(object? value, int indent) => Write(new StringBuilder(), value, indent, 0).ToString();

    /// <summary>Before each item: ", " between items on one line, or a new line indented one level deeper.</summary>
    private static void Separate(StringBuilder text, bool first, int? indent, int depth)
    {
        if (indent is null)
        {
            if (!first) text.Append(", ");
            return;
        }
        if (!first) text.Append(',');
        text.Append('\n').Append(' ', indent.Value * (depth + 1));
    }

    private static StringBuilder Close(StringBuilder text, bool empty, int? indent, int depth, char bracket)
    {
        if (indent is not null && !empty) text.Append('\n').Append(' ', indent.Value * depth);
        return text.Append(bracket);
    }

    private static StringBuilder Write(StringBuilder text, object? value, int? indent, int depth)
    {
        switch (value)
        {
            case null: return text.Append("null");
            case bool flag: return text.Append(flag ? "true" : "false");
            case string s: return String(text, s);
            case long or int: return text.Append(((System.IConvertible)value).ToString(CultureInfo.InvariantCulture));
            case double real: return text.Append(double.IsFinite(real) ? ExpressionValues.Str(real) : real > 0 ? "Infinity" : double.IsNaN(real) ? "NaN" : "-Infinity");
            case IDictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    Separate(text, first, indent, depth);
                    first = false;
                    String(text, key).Append(": ");
                    Write(text, item, indent, depth + 1);
                }
                return Close(text, map.Count == 0, indent, depth, '}');
            case IEnumerable<object?> items:
                text.Append('[');
                var list = items.ToList();
                for (var i = 0; i < list.Count; i++)
                {
                    Separate(text, i == 0, indent, depth);
                    Write(text, list[i], indent, depth + 1);
                }
                return Close(text, list.Count == 0, indent, depth, ']');
            default: return String(text, ExpressionValues.Str(value));
        }
    }

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
