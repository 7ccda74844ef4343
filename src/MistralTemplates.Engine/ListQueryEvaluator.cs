using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// Applies a <see cref="ListQuery"/>'s filters and sort to records, reading fields by their REST names from the
/// record's JSON. Values compare as the server's text does (timestamps as <c>yyyy-MM-dd HH:mm:ss</c>, which sorts).
/// <see cref="ListQuery.Fields"/> and <see cref="ListQuery.PageSize"/> do not change what a list yields here.
/// </summary>
internal static class ListQueryEvaluator
{
    public static IReadOnlyList<T> Apply<T>(IEnumerable<T> records, ListQuery? query, string path) where T : class
    {
        var rows = records.Select(r => (Record: r, Json: JsonNode.Parse(RecordTable<T>.Serialize(r))!.AsObject())).ToList();
        return Apply(rows, query, path).Select(r => r.Record).ToList();
    }

    /// <summary>
    /// As <see cref="Apply{T}(IEnumerable{T}, ListQuery?, string)"/> for records as stored (their JSON bodies):
    /// only the rows the filters keep become records.
    /// </summary>
    public static IReadOnlyList<T> ApplyToStored<T>(IEnumerable<string> bodies, ListQuery? query, string path) where T : class
    {
        var rows = bodies.Select(b => (Record: b, Json: JsonNode.Parse(b)!.AsObject())).ToList();
        return Apply(rows, query, path).Select(r => RecordTable<T>.Deserialize(r.Json)).ToList();
    }

    private static IReadOnlyList<(TRow Record, JsonObject Json)> Apply<TRow>(List<(TRow Record, JsonObject Json)> rows, ListQuery? query, string path)
    {
        if (query is null) return rows;

        foreach (var filter in query.Filters)
        {
            if (rows.Count > 0 && !rows[0].Json.ContainsKey(filter.Field))
                throw EngineFaults.BadRequest(HttpMethod.Get, path, $"Unknown filter field: {filter.Field}");
            rows = rows.Where(r => Matches(r.Json[filter.Field], filter)).ToList();
        }

        IOrderedEnumerable<(TRow Record, JsonObject Json)>? ordered = null;
        foreach (var sort in query.Sort ?? [])
        {
            if (rows.Count > 0 && !rows[0].Json.ContainsKey(sort.Field))
                throw EngineFaults.ServerError(HttpMethod.Get, path, $"Sort key supplied is invalid: {sort.Field}");
            Func<(TRow Record, JsonObject Json), string> key = r => Text(r.Json[sort.Field]) ?? "";
            ordered = ordered is null
                ? (sort.Descending ? rows.OrderByDescending(key, StringComparer.Ordinal) : rows.OrderBy(key, StringComparer.Ordinal))
                : (sort.Descending ? ordered.ThenByDescending(key, StringComparer.Ordinal) : ordered.ThenBy(key, StringComparer.Ordinal));
        }
        return (ordered ?? rows.AsEnumerable()).ToList();
    }

    private static bool Matches(JsonNode? field, ListFilter filter)
    {
        if (filter.Operator == FilterOperator.Has)
            return field is JsonArray items
                ? filter.Values.All(v => items.Any(i => Text(i) == v))
                : filter.Values.All(v => Text(field)?.Contains(v, StringComparison.Ordinal) == true);

        var value = Text(field);
        var first = filter.Values.FirstOrDefault() ?? "";
        var order = string.CompareOrdinal(value ?? "", first);
        return filter.Operator switch
        {
            FilterOperator.Eq => value == first,
            FilterOperator.Neq => value != first,
            FilterOperator.In => filter.Values.Contains(value),
            FilterOperator.Nin => !filter.Values.Contains(value),
            FilterOperator.Gt => value is not null && order > 0,
            FilterOperator.Gte => value is not null && order >= 0,
            FilterOperator.Lt => value is not null && order < 0,
            FilterOperator.Lte => value is not null && order <= 0,
            _ => false,
        };
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonValue value when value.TryGetValue(out bool flag) => flag ? "True" : "False",
        JsonValue value => Convert.ToString(value.ToJsonString(), CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
