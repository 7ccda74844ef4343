using System;
using System.Collections.Generic;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// <c>$</c> and the variables visible at one point of an expression. <c>let(...)</c> returns a new scope as its
/// value, which <c>-&gt;</c> then evaluates its right side in.
/// </summary>
internal sealed class YaqlScope
{
    private readonly YaqlScope? _parent;
    private readonly IReadOnlyDictionary<string, object?> _variables;

    public YaqlScope(object? data, IReadOnlyDictionary<string, object?> variables, YaqlScope? parent = null)
    {
        Data = data;
        _variables = variables;
        _parent = parent;
    }

    public object? Data { get; }

    public YaqlScope WithData(object? data) => new(data, EmptyVariables, this);

    public YaqlScope WithVariables(IReadOnlyDictionary<string, object?> variables) => new(Data, variables, this);

    public object? Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (scope._variables.TryGetValue(name, out var value)) return value;
        return null;
    }

    private static readonly IReadOnlyDictionary<string, object?> EmptyVariables =
        new Dictionary<string, object?>(StringComparer.Ordinal);
}
