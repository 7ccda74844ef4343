using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MistralTemplates.Language.Expressions.Yaql;

/// <summary>
/// A node of a parsed YAQL expression. <see cref="Start"/> and <see cref="End"/> are offsets in the
/// expression text. <see cref="object.ToString"/> prints the tree with every operation in parentheses,
/// which makes precedence visible.
/// </summary>
public abstract record YaqlExpression(int Start, int End);

/// <summary>A string, number, <c>true</c>, <c>false</c> or <c>null</c>.</summary>
public sealed record YaqlConstant(object? Value, int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => Value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => System.Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>A bare word such as <c>name</c> in <c>$.name</c> or <c>task(name)</c>.</summary>
public sealed record YaqlKeyword(string Name, int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => Name;
}

/// <summary><c>$</c> (the context) or <c>$name</c> (a variable such as one bound by <c>let</c>).</summary>
public sealed record YaqlContextValue(string Name, int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => Name;
}

public sealed record YaqlUnary(string Operator, YaqlExpression Operand, int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => "(" + Operator + (Operator.Length > 1 ? " " : "") + Operand + ")";
}

/// <summary>A binary operator, including member access <c>.</c> / <c>?.</c> and the pipe <c>-&gt;</c>.</summary>
public sealed record YaqlBinary(string Operator, YaqlExpression Left, YaqlExpression Right, int Start, int End)
    : YaqlExpression(Start, End)
{
    public override string ToString() =>
        Operator is "." or "?." ? "(" + Left + Operator + Right + ")" : "(" + Left + " " + Operator + " " + Right + ")";
}

/// <summary>A call of a named function: <c>len($.x)</c>, or a method on the right of <c>.</c>: <c>select(...)</c>.</summary>
public sealed record YaqlCall(string Name, IReadOnlyList<YaqlExpression> Arguments, int Start, int End, int NameEnd)
    : YaqlExpression(Start, End)
{
    public override string ToString() => Name + "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")";
}

/// <summary><c>target[args]</c>.</summary>
public sealed record YaqlIndexer(YaqlExpression Target, IReadOnlyList<YaqlExpression> Arguments, int Start, int End)
    : YaqlExpression(Start, End)
{
    public override string ToString() => Target + "[" + string.Join(", ", Arguments.Select(a => a.ToString())) + "]";
}

/// <summary><c>[1, 2]</c>.</summary>
public sealed record YaqlList(IReadOnlyList<YaqlExpression> Items, int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => "[" + string.Join(", ", Items.Select(a => a.ToString())) + "]";
}

/// <summary><c>{a =&gt; 1}</c>.</summary>
public sealed record YaqlMap(IReadOnlyList<YaqlExpression> Items, int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => "{" + string.Join(", ", Items.Select(a => a.ToString())) + "}";
}

/// <summary>A keyword argument or map entry: <c>name =&gt; value</c>.</summary>
public sealed record YaqlNamedArgument(YaqlExpression Name, YaqlExpression Value, int Start, int End)
    : YaqlExpression(Start, End)
{
    public override string ToString() => Name + " => " + Value;
}

/// <summary>An argument position left empty, as in <c>f(a, , b)</c>, which YAQL allows.</summary>
public sealed record YaqlNoValue(int Start, int End) : YaqlExpression(Start, End)
{
    public override string ToString() => "<none>";
}
