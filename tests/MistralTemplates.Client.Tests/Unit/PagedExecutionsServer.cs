using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>
/// A canned <c>GET /v2/executions</c> that pages as the real server does: at most <c>limit</c> rows (1,000 at most)
/// after <c>marker</c>, a <c>next</c> link only when the page is full, and in that link each <c>in:</c> filter
/// mangled into a Python list (<c>state=in:['SUCCESS', 'ERROR']</c>) and each plain value turned into <c>eq:</c>.
/// Filters are applied literally, so a client that followed <c>next</c> as is would get nothing more.
/// </summary>
internal sealed class PagedExecutionsServer
{
    private const string Root = "http://127.0.0.1:8989/v2/executions";
    private static readonly string[] Filterable = ["state", "workflow_name"];
    private static readonly JsonSerializerOptions AsPythonWritesIt = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IReadOnlyList<JsonObject> _rows;

    public PagedExecutionsServer(IReadOnlyList<JsonObject> rows) => _rows = rows;

    /// <summary><paramref name="count"/> rows, id i in creation order, states and workflows in turn.</summary>
    public static IReadOnlyList<JsonObject> Rows(int count, string[] states, string[] workflows) =>
        Enumerable.Range(0, count).Select(i => new JsonObject
        {
            ["id"] = IdOf(i),
            ["workflow_name"] = workflows[i % workflows.Length],
            ["state"] = states[i % states.Length],
        }).ToList();

    public static string IdOf(int i) => $"00000000-0000-4000-8000-{i.ToString("D12", CultureInfo.InvariantCulture)}";

    public Answer Answer => (request, _) =>
    {
        var query = request.QueryParameters;
        var limit = query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 1000;
        if (limit is < 1 or > 1000)
            return Answers.Json(HttpStatusCode.BadRequest, """{"faultcode": "Client", "faultstring": "Limit must be positive and at most 1000", "debuginfo": null}""")(request, default);

        IEnumerable<JsonObject> rows = _rows;
        foreach (var name in Filterable)
            if (query.TryGetValue(name, out var filter)) rows = rows.Where(row => Matches(row[name]!.GetValue<string>(), filter));
        var matching = rows.ToList();
        var start = query.TryGetValue("marker", out var marker) ? matching.FindIndex(r => r["id"]!.GetValue<string>() == marker) + 1 : 0;
        var page = matching.Skip(start).Take(limit).ToList();

        var body = new JsonObject { ["executions"] = new JsonArray(page.Select(r => (JsonNode)r.DeepClone()).ToArray()) };
        if (page.Count == limit) body["next"] = NextLink(query, limit, page[^1]["id"]!.GetValue<string>());
        return Answers.Json(HttpStatusCode.OK, body.ToJsonString(AsPythonWritesIt))(request, default);
    };

    private static bool Matches(string value, string filter) =>
        filter.StartsWith("in:", StringComparison.Ordinal) ? filter.Substring(3).Split(',').Contains(value)
        : filter.StartsWith("eq:", StringComparison.Ordinal) ? filter.Substring(3) == value
        : filter == value;

    private static string NextLink(IReadOnlyDictionary<string, string> query, int limit, string marker)
    {
        var link = Root + "?sort_keys=created_at,id&sort_dirs=asc,asc";
        foreach (var name in Filterable)
            if (query.TryGetValue(name, out var filter)) link += $"&{name}={Mangle(filter)}";
        return link + $"&limit={limit}&marker={marker}";
    }

    private static string Mangle(string filter) =>
        filter.StartsWith("in:", StringComparison.Ordinal)
            ? "in:[" + string.Join(", ", filter.Substring(3).Split(',').Select(v => $"'{v}'")) + "]"
            : filter.Contains(':', StringComparison.Ordinal) ? filter : "eq:" + filter;
}
