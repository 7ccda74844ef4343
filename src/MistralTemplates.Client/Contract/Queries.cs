using System;
using System.Collections.Generic;

namespace MistralTemplates.Mistral;

/// <summary>Mistral's filter operators: <c>field=op:value</c>.</summary>
public enum FilterOperator { Eq, Neq, Gt, Gte, Lt, Lte, In, Nin, Has }

/// <summary>One filter of a list query, e.g. <c>workflow_name in (a, b)</c>.</summary>
public sealed record ListFilter(string Field, FilterOperator Operator, IReadOnlyList<string> Values);

/// <summary>One sort key of a list query.</summary>
public sealed record ListSort(string Field, bool Descending = false);

/// <summary>
/// Filters, sort and page size of a list. Lists are streamed page by page; <see cref="PageSize"/> only changes how
/// many rows each request fetches (at most 1,000, the service's cap), never how many the list yields.
/// </summary>
public record ListQuery
{
    public const int MaxPageSize = 1000;

    public IReadOnlyList<ListFilter> Filters { get; init; } = Array.Empty<ListFilter>();

    /// <summary>Only these fields in each item (the id always comes).</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public IReadOnlyList<ListSort>? Sort { get; init; }

    /// <summary>Rows per request, 1 to <see cref="MaxPageSize"/>; null for the largest.</summary>
    public int? PageSize { get; init; }

    /// <summary>This query with one more filter.</summary>
    public ListQuery Where(string field, FilterOperator op, params string[] values) =>
        this with { Filters = [.. Filters, new ListFilter(field, op, values)] };
}

/// <summary>A list of executions, with the filters the runtime uses most.</summary>
public sealed record ExecutionQuery : ListQuery
{
    /// <summary>Executions of any of these workflows (<c>workflow_name=in:...</c>).</summary>
    public IReadOnlyList<string>? WorkflowNames { get; init; }

    /// <summary>Executions in any of these states (<c>state=in:...</c>).</summary>
    public IReadOnlyList<ExecutionState>? States { get; init; }

    /// <summary>Executions created at or after this time (<c>created_at=gte:...</c>, whole seconds, UTC).</summary>
    public DateTimeOffset? CreatedSince { get; init; }

    /// <summary>List items carry no output unless this is set.</summary>
    public bool IncludeOutput { get; init; }

    /// <summary>This query with one more filter (still an execution query).</summary>
    public new ExecutionQuery Where(string field, FilterOperator op, params string[] values) =>
        (ExecutionQuery)base.Where(field, op, values);
}
