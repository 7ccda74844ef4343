using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Deployment;

/// <summary>Between the evaluator's value model (strings, longs, doubles, bools, lists, mappings) and JSON.</summary>
internal static class EvaluatedValues
{
    /// <summary>What a plan shows for a value only known once what it refers to exists.</summary>
    public const string KnownAfterDeploy = "(known after deploy)";

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        DeferredValue deferred => JsonValue.Create($"{KnownAfterDeploy}: {deferred.Reference}"),
        IDictionary<string, object?> map => new JsonObject(map.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, ToJson(p.Value)))),
        IEnumerable<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map.ToDictionary(p => p.Key, p => FromJson(p.Value), System.StringComparer.Ordinal),
        JsonArray list => list.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value),
            _ => null,
        },
        _ => null,
    };

    // Read from the JSON text, whatever CLR number the node holds; boxed apart, so a whole number stays a long.
    private static object Number(JsonValue value)
    {
        var text = value.ToJsonString();
        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var whole))
            return whole;
        return double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static JsonElement ToElement(JsonNode? node) => JsonSerializer.SerializeToElement(node, StateJson.Options);

    public static JsonNode? FromElement(JsonElement? element) => element is { } e ? JsonNode.Parse(e.GetRawText()) : null;
}

internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);
}
