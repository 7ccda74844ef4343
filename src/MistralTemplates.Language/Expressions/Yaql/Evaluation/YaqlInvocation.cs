using System.Collections.Generic;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// One call of a <see cref="YaqlFunction"/>. Arguments are evaluated only when asked for, so functions such as
/// <c>select</c> can evaluate one as a lambda with <c>$</c> bound to each item. For a method call
/// (<c>x.f(a)</c>) the receiver is positional argument 0.
/// </summary>
public sealed class YaqlInvocation
{
    private readonly YaqlEvaluator.Walker _walker;
    private readonly YaqlScope _scope;
    private readonly bool _hasReceiver;
    private readonly object? _receiver;
    private readonly List<YaqlExpression> _positional = new();
    private readonly List<YaqlNamedArgument> _named = new();

    internal YaqlInvocation(YaqlEvaluator.Walker walker, YaqlScope scope, YaqlCall call, bool hasReceiver, object? receiver)
    {
        _walker = walker;
        _scope = scope;
        Call = call;
        _hasReceiver = hasReceiver;
        _receiver = receiver;
        foreach (var argument in call.Arguments)
        {
            if (argument is YaqlNamedArgument named) _named.Add(named);
            else _positional.Add(argument);
        }
    }

    internal YaqlCall Call { get; }

    internal YaqlScope Scope => _scope;

    public string Name => Call.Name;

    public bool IsMethod => _hasReceiver;

    /// <summary>Positional arguments, the receiver included.</summary>
    public int Count => _positional.Count + (_hasReceiver ? 1 : 0);

    public int NamedCount => _named.Count;

    /// <summary>Whether argument <paramref name="index"/> was given (YAQL allows empty positions: <c>f(, a)</c>).</summary>
    public bool Has(int index) => index < Count && !(Expression(index) is YaqlNoValue);

    /// <summary>The value of positional argument <paramref name="index"/>, evaluated where the call is.</summary>
    public object? Argument(int index)
    {
        if (_hasReceiver && index == 0) return _receiver;
        var expression = Expression(index) ?? throw new YaqlException($"{Name}() needs at least {index + 1} argument(s)");
        if (expression is YaqlNoValue) throw new YaqlException($"{Name}() needs argument {index + 1}");
        return _walker.Evaluate(expression, _scope);
    }

    /// <summary>Positional argument <paramref name="index"/> evaluated as a lambda with <c>$</c> bound to <paramref name="item"/>.</summary>
    public object? Lambda(int index, object? item)
    {
        if (_hasReceiver && index == 0) throw new YaqlException($"{Name}() needs an expression here, not the receiver");
        var expression = Expression(index) ?? throw new YaqlException($"{Name}() needs at least {index + 1} argument(s)");
        return _walker.Evaluate(expression, _scope.WithData(item));
    }

    /// <summary>
    /// Positional argument <paramref name="index"/> evaluated as a lambda of several values: <c>$</c> and <c>$1</c>
    /// are the first, <c>$2</c> the second and so on, as in <c>aggregate($1 + $2)</c>.
    /// </summary>
    public object? LambdaOf(int index, IReadOnlyList<object?> values) =>
        EvaluateLambda(Expression(index) ?? throw new YaqlException($"{Name}() needs at least {index + 1} argument(s)"), values);

    /// <summary>Whether a named argument <c>name =&gt; value</c> called <paramref name="name"/> was given.</summary>
    public bool HasNamed(string name) => FindNamed(name) is not null;

    /// <summary>The value of named argument <paramref name="name"/>, or <paramref name="fallback"/> when it was not given.</summary>
    public object? Named(string name, object? fallback = null) =>
        FindNamed(name) is { } named ? _walker.Evaluate(named.Value, _scope) : fallback;

    /// <summary>Positional argument <paramref name="index"/>, else named argument <paramref name="name"/>, as a lambda.</summary>
    public bool TryLambda(int index, string name, IReadOnlyList<object?> values, out object? result)
    {
        var expression = Has(index) ? Expression(index) : FindNamed(name)?.Value;
        result = expression is null ? null : EvaluateLambda(expression, values);
        return expression is not null;
    }

    /// <summary>The scope of the call with <c>$</c> bound to <paramref name="data"/> and <c>$name</c> to each variable.</summary>
    internal YaqlScope ScopeWith(object? data, IReadOnlyDictionary<string, object?> variables) =>
        _scope.WithData(data).WithVariables(variables);

    /// <summary>Positional argument <paramref name="index"/> evaluated in <paramref name="scope"/> (from <see cref="ScopeWith"/>).</summary>
    internal object? LambdaIn(int index, YaqlScope scope) =>
        _walker.Evaluate(Expression(index) ?? throw new YaqlException($"{Name}() needs at least {index + 1} argument(s)"), scope);

    /// <summary>Argument <paramref name="index"/> unevaluated, for <c>def(name, body)</c>.</summary>
    internal YaqlExpression? Unevaluated(int index) => Expression(index);

    /// <summary>Calls the function <paramref name="name"/> with values already evaluated, as <c>call(name, args, kwargs)</c> does.</summary>
    internal object? CallWithValues(string name, IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> named, bool hasReceiver, object? receiver)
    {
        var nodes = new List<YaqlExpression>();
        foreach (var argument in arguments) nodes.Add(new YaqlValueNode(argument, Call.Start, Call.End));
        foreach (var pair in named)
            nodes.Add(new YaqlNamedArgument(new YaqlKeyword(pair.Key, Call.Start, Call.End), new YaqlValueNode(pair.Value, Call.Start, Call.End), Call.Start, Call.End));
        return _walker.Call(new YaqlCall(name, nodes, Call.Start, Call.End, Call.NameEnd), _scope, hasReceiver, receiver);
    }

    private object? EvaluateLambda(YaqlExpression expression, IReadOnlyList<object?> values)
    {
        var variables = new Dictionary<string, object?>(System.StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++) variables[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = values[i];
        return _walker.Evaluate(expression, ScopeWith(values.Count > 0 ? values[0] : null, variables));
    }

    private YaqlNamedArgument? FindNamed(string name)
    {
        foreach (var named in _named)
            if (named.Name is YaqlKeyword k && k.Name == name || named.Name is YaqlConstant { Value: string s } && s == name) return named;
        return null;
    }

    /// <summary>The key of named argument <paramref name="index"/>: a bare word's text, or the value of an expression.</summary>
    public object? NamedKey(int index) => _walker.Evaluate(_named[index].Name, _scope);

    public object? NamedValue(int index) => _walker.Evaluate(_named[index].Value, _scope);

    private YaqlExpression? Expression(int index)
    {
        var position = _hasReceiver ? index - 1 : index;
        return position >= 0 && position < _positional.Count ? _positional[position] : null;
    }
}
