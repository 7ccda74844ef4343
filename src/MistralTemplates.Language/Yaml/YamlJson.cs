using System.Globalization;
using System.Text;

namespace MistralTemplates.Language.Yaml;

/// <summary>Writes a YAML value as JSON text, reading scalars as YAML 1.1 does (as Heat and Mistral do).</summary>
public static class YamlJson
{
    /// <summary>Deeper values are cut off: the loader already refuses absurd nesting, this keeps recursion bounded.</summary>
    private const int MaxDepth = 64;

    public static string ToJson(YamlNode node)
    {
        var builder = new StringBuilder();
        Write(node, builder, 0);
        return builder.ToString();
    }

    private static void Write(YamlNode node, StringBuilder builder, int depth)
    {
        if (depth > MaxDepth)
        {
            builder.Append("null");
            return;
        }
        switch (node)
        {
            case YamlMapping mapping:
                builder.Append('{');
                for (var i = 0; i < mapping.Entries.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    var entry = mapping.Entries[i];
                    WriteString(entry.KeyText ?? ToJson(entry.Key), builder);
                    builder.Append(':');
                    Write(entry.Value, builder, depth + 1);
                }
                builder.Append('}');
                break;
            case YamlSequence sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Write(sequence.Items[i], builder, depth + 1);
                }
                builder.Append(']');
                break;
            case YamlScalar scalar:
                WriteScalar(scalar, builder);
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteScalar(YamlScalar scalar, StringBuilder builder)
    {
        if (scalar.IsNull) builder.Append("null");
        else if (scalar.TryGetBool(out var flag)) builder.Append(flag ? "true" : "false");
        else if (scalar.TryGetNumber(out var number) && !double.IsNaN(number) && !double.IsInfinity(number))
            builder.Append(number.ToString("R", CultureInfo.InvariantCulture));
        else WriteString(scalar.Value, builder);
    }

    public static void WriteString(string text, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }
}
