using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MistralTemplates.Mistral.Http;

/// <summary>An immutable list of query parameters, written with escaping.</summary>
internal sealed class QueryString
{
    public static readonly QueryString Empty = new([]);

    private readonly IReadOnlyList<KeyValuePair<string, string>> _pairs;

    private QueryString(IReadOnlyList<KeyValuePair<string, string>> pairs) => _pairs = pairs;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>This query with <paramref name="key"/> set to <paramref name="value"/> (replacing an earlier value).</summary>
    public QueryString With(string key, string? value)
    {
        if (value is null) return this;
        var pairs = _pairs.Where(p => p.Key != key).ToList();
        pairs.Add(new KeyValuePair<string, string>(key, value));
        return new QueryString(pairs);
    }

    public static QueryString ForNamespace(string? @namespace) => Empty.With("namespace", @namespace);

    /// <summary>The filters, fields and sort of a list query, in Mistral's <c>field=op:value</c> form.</summary>
    public static QueryString From(ListQuery? query)
    {
        var result = Empty;
        if (query is null) return result;
        foreach (var filter in query.Filters)
            result = result.With(filter.Field, FormatFilter(filter.Operator, filter.Values));
        if (query.Fields is { Count: > 0 } fields) result = result.With("fields", string.Join(",", fields));
        if (query.Sort is { Count: > 0 } sort)
        {
            result = result.With("sort_keys", string.Join(",", sort.Select(s => s.Field)));
            result = result.With("sort_dirs", string.Join(",", sort.Select(s => s.Descending ? "desc" : "asc")));
        }
        if (query is ExecutionQuery executions)
        {
            if (executions.WorkflowNames is { Count: > 0 } names)
                result = result.With("workflow_name", FormatFilter(FilterOperator.In, names));
            if (executions.States is { Count: > 0 } states)
                result = result.With("state", FormatFilter(FilterOperator.In, states.Select(s => s.ToMistralName()).ToList()));
            if (executions.CreatedSince is { } since)
                result = result.With("created_at", FormatFilter(FilterOperator.Gte, [Json.MistralTimestampConverter.Format(since)]));
            if (executions.IncludeOutput) result = result.With("include_output", "true");
        }
        return result;
    }

    public static int PageSize(ListQuery? query)
    {
        var size = query?.PageSize ?? ListQuery.MaxPageSize;
        if (size < 1 || size > ListQuery.MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(query), size, $"PageSize must be between 1 and {ListQuery.MaxPageSize}.");
        return size;
    }

    private static string FormatFilter(FilterOperator op, IReadOnlyList<string> values)
    {
        foreach (var value in values)
            if (op is FilterOperator.In or FilterOperator.Nin && value.Contains(','))
                throw new ArgumentException($"The value '{value}' contains a comma, which Mistral's in:/nin: filters cannot express.");
        return op.ToString().ToLowerInvariant() + ":" + string.Join(",", values);
    }

    public override string ToString()
    {
        if (_pairs.Count == 0) return "";
        var builder = new StringBuilder();
        foreach (var (key, value) in _pairs)
        {
            builder.Append(builder.Length == 0 ? '?' : '&');
            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(EscapeValue(value));
        }
        return builder.ToString();
    }

    // ':' and ',' stay readable (the server reads them either way) so logs show filters as Mistral documents them.
    private static string EscapeValue(string value) =>
        Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);
}
