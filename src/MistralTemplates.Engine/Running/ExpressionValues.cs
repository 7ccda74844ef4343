using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// Moves values between the client's JSON and the expression evaluators' model (null, string, long, double, bool,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c>), which is what YAQL and Jinja read.
/// </summary>
internal static class ExpressionValues
{
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map.ToDictionary(p => p.Key, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonArray list => list.Select(FromJson).ToList(),
        JsonValue value => Scalar(value),
        _ => node.ToJsonString(),
    };

    // By the JSON kind, not the CLR type behind the node: a node made from an int holds no long.
    private static object? Scalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String: return value.GetValue<string>();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number:
                // A parsed element converts itself; its text alone may not read back as a whole number.
                if (value.TryGetValue<long>(out var exact)) return exact;
                var text = value.ToJsonString();
                // Boxed apart: one conditional of long and double would make every integer a double.
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            default: return null;
        }
    }

    /// <summary>A YAML node of the definition as the model value PyYAML would give (numbers typed, mappings ordered).</summary>
    public static object? FromYaml(YamlNode? node) => node is null ? null : FromJson(JsonNode.Parse(YamlJson.ToJson(node)));

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long whole => JsonValue.Create(whole),
        int whole => JsonValue.Create((long)whole),
        double real => JsonValue.Create(real),
        IDictionary<string, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        IEnumerable<object?> items => new JsonArray(items.Select(ToJson).ToArray()),
        _ => JsonValue.Create(Str(value)),
    };

    public static JsonObject ToJsonObject(IDictionary<string, object?> map) => (JsonObject)ToJson(map)!;

    /// <summary>A value as Python's <c>str()</c> prints it, for text with expressions inside it.</summary>
    public static string Str(object? value) => value is string text ? text : Repr(value);

    private static string Repr(object? value) => value switch
    {
        null => "None",
        bool flag => flag ? "True" : "False",
        string text => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double real when Math.Floor(real) == real && Math.Abs(real) < 1e16 => real.ToString("0.0", CultureInfo.InvariantCulture),
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        IDictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => Repr(p.Key) + ": " + Repr(p.Value))) + "}",
        IEnumerable<object?> items => "[" + string.Join(", ", items.Select(Repr)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
