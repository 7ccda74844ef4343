using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MistralTemplates.Language.Expressions.Jinja;

/// <summary>
/// A node of a parsed Jinja expression. <see cref="Start"/> and <see cref="End"/> are offsets in the text
/// given to the parser. <see cref="object.ToString"/> prints every operation in parentheses.
/// </summary>
public abstract record JinjaExpression(int Start, int End);

public sealed record JinjaName(string Name, int Start, int End) : JinjaExpression(Start, End)
{
    public override string ToString() => Name;
}

/// <summary>A string, integer, float, <c>true</c>/<c>false</c> or <c>none</c>.</summary>
public sealed record JinjaConstant(object? Value, int Start, int End) : JinjaExpression(Start, End)
{
    public override string ToString() => Value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        string s => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => System.Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary><c>target.name</c>.</summary>
public sealed record JinjaAttribute(JinjaExpression Target, string Name, int NameStart, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() => "(" + Target + "." + Name + ")";
}

/// <summary><c>target[index]</c>; a slice index is a <see cref="JinjaSlice"/>.</summary>
public sealed record JinjaItem(JinjaExpression Target, JinjaExpression Index, int Start, int End) : JinjaExpression(Start, End)
{
    public override string ToString() => Target + "[" + Index + "]";
}

public sealed record JinjaSlice(JinjaExpression? From, JinjaExpression? To, JinjaExpression? Step, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() => From + ":" + To + (Step is null ? "" : ":" + Step);
}

/// <summary><c>target(args)</c>; keyword and star arguments are <see cref="JinjaArgument"/>s.</summary>
public sealed record JinjaCall(JinjaExpression Target, IReadOnlyList<JinjaExpression> Arguments, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() => Target + "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")";
}

/// <summary><c>name=value</c>, <c>*value</c> or <c>**value</c> in a call.</summary>
public sealed record JinjaArgument(string Prefix, JinjaExpression Value, int Start, int End) : JinjaExpression(Start, End)
{
    public override string ToString() => Prefix + Value;
}

/// <summary><c>target | name(args)</c>; <see cref="Target"/> is null in a <c>{% filter %}</c> block.</summary>
public sealed record JinjaFilter(JinjaExpression? Target, string Name, IReadOnlyList<JinjaExpression> Arguments, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() =>
        "(" + Target + " | " + Name + (Arguments.Count == 0 ? "" : "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")") + ")";
}

/// <summary><c>target is [not] name args</c>.</summary>
public sealed record JinjaTest(JinjaExpression Target, string Name, bool Negated, IReadOnlyList<JinjaExpression> Arguments, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() =>
        "(" + Target + " is " + (Negated ? "not " : "") + Name +
        (Arguments.Count == 0 ? "" : "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")") + ")";
}

public sealed record JinjaUnary(string Operator, JinjaExpression Operand, int Start, int End) : JinjaExpression(Start, End)
{
    public override string ToString() => "(" + Operator + (Operator == "not" ? " " : "") + Operand + ")";
}

/// <summary>Arithmetic, <c>~</c>, comparisons, <c>in</c>, <c>not in</c>, <c>and</c>, <c>or</c>.</summary>
public sealed record JinjaBinary(string Operator, JinjaExpression Left, JinjaExpression Right, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() => "(" + Left + " " + Operator + " " + Right + ")";
}

/// <summary><c>then if test else otherwise</c>.</summary>
public sealed record JinjaConditional(JinjaExpression Then, JinjaExpression Test, JinjaExpression? Otherwise, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString() => "(" + Then + " if " + Test + (Otherwise is null ? "" : " else " + Otherwise) + ")";
}

public enum JinjaCollectionKind
{
    List,
    Tuple,
    Dict,
}

/// <summary>A list, tuple or dict literal; the items of a dict are <see cref="JinjaPair"/>s.</summary>
public sealed record JinjaCollection(JinjaCollectionKind Kind, IReadOnlyList<JinjaExpression> Items, int Start, int End)
    : JinjaExpression(Start, End)
{
    public override string ToString()
    {
        var items = string.Join(", ", Items.Select(a => a.ToString()));
        return Kind switch
        {
            JinjaCollectionKind.List => "[" + items + "]",
            JinjaCollectionKind.Dict => "{" + items + "}",
            _ => "(" + items + (Items.Count == 1 ? ",)" : ")"),
        };
    }
}

public sealed record JinjaPair(JinjaExpression Key, JinjaExpression Value, int Start, int End) : JinjaExpression(Start, End)
{
    public override string ToString() => Key + ": " + Value;
}
