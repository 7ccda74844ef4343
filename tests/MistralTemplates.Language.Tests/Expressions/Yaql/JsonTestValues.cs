using System.Linq;
using System.Text.Json;

namespace MistralTemplates.Language.Tests.Expressions.Yaql;

/// <summary>JSON text as the evaluators' value model: objects, lists, strings, long or double, bool, null.</summary>
internal static class JsonTestValues
{
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
