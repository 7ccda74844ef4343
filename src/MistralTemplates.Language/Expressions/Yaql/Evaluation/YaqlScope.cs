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
    private (string Name, YaqlExpression Body)? _function;

    public YaqlScope(object? data, IReadOnlyDictionary<string, object?> variables, YaqlScope? parent = null)
    {
        Data = data;
        _variables = variables;
        _parent = parent;
    }

    public object? Data { get; }

    public YaqlScope WithData(object? data) => new(data, EmptyVariables, this);

    public YaqlScope WithVariables(IReadOnlyDictionary<string, object?> variables) => new(Data, variables, this);

    /// <summary>A scope in which <paramref name="name"/> calls <paramref name="body"/>, as <c>def(name, body)</c> makes.</summary>
    public YaqlScope WithFunction(string name, YaqlExpression body)
    {
        var scope = new YaqlScope(Data, EmptyVariables, this);
        scope._function = (name, body);
        return scope;
    }

    /// <summary>The nearest function of that name defined with <c>def</c>, and the scope it was defined in.</summary>
    public bool TryFunction(string name, out YaqlExpression body, out YaqlScope home)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (scope._function is { } f && f.Name == name)
            {
                body = f.Body;
                home = scope;
                return true;
            }
        body = null!;
        home = null!;
        return false;
    }

    public object? Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (scope._variables.TryGetValue(name, out var value)) return value;
        return null;
    }

    private static readonly IReadOnlyDictionary<string, object?> EmptyVariables =
        new Dictionary<string, object?>(StringComparer.Ordinal);
}
