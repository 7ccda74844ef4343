using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// YAQL's operators: integer arithmetic stays integer (<c>/</c> of two integers floors, as Python's //),
/// a float on either side gives a float; <c>+</c> also joins strings, lists and dicts; comparisons need
/// two numbers or two strings, and null sorts before everything.
/// </summary>
internal static class YaqlOperators
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static object? Apply(string op, object? left, object? right, YaqlExpression at)
    {
        if (left is YaqlSet a && right is YaqlSet b) return SetOperator(op, a, b, at);
        switch (op)
        {
            case "=": return PythonValues.AreEqual(left, right);
            case "!=": return !PythonValues.AreEqual(left, right);
            case "<": return Compare(op, left, right, at) < 0;
            case "<=": return Compare(op, left, right, at) <= 0;
            case ">": return Compare(op, left, right, at) > 0;
            case ">=": return Compare(op, left, right, at) >= 0;
            case "in": return In(left, right, at);
            case "=~": return Matches(left, right, at);
            case "!~": return !Matches(left, right, at);
            case "+": return Plus(left, right, at);
            case "-" or "*" or "/" or "mod": return Arithmetic(op, left, right, at);
            default: throw new YaqlException($"operator '{op}' is not supported", at);
        }
    }

    /// <summary>Sets compare by inclusion (<c>&lt;</c> is a proper subset); <c>+</c> is union and <c>-</c> difference.</summary>
    private static object? SetOperator(string op, YaqlSet a, YaqlSet b, YaqlExpression at) => op switch
    {
        "=" => a.Count == b.Count && a.IsSubsetOf(b),
        "!=" => !(a.Count == b.Count && a.IsSubsetOf(b)),
        "<" => a.Count < b.Count && a.IsSubsetOf(b),
        "<=" => a.IsSubsetOf(b),
        ">" => b.Count < a.Count && b.IsSubsetOf(a),
        ">=" => b.IsSubsetOf(a),
        "+" => new YaqlSet(System.Linq.Enumerable.Concat(a, b)),
        "-" => new YaqlSet(System.Linq.Enumerable.Where(a, i => !b.Holds(i))),
        "in" => PythonValues.ListContains(b, a),
        _ => throw new YaqlException($"operator '{op}' cannot be applied to two sets", at),
    };

    public static object? Sign(string op, object? operand, YaqlExpression at) => operand switch
    {
        long l when op == "-" => l == long.MinValue ? throw new YaqlException("integer overflow", at) : -l,
        double d when op == "-" => -d,
        long or double => operand,
        _ => throw new YaqlException($"unary '{op}' needs a number, got {YaqlValues.Describe(operand)}", at),
    };

    /// <summary>Ordering as YAQL defines it: numbers with numbers, strings with strings (ordinal), null first.</summary>
    public static int Compare(string op, object? left, object? right, YaqlExpression at)
    {
        if (left is null || right is null) return left is null ? (right is null ? 0 : -1) : 1;
        if (left is string a && right is string b) return Math.Sign(string.CompareOrdinal(a, b));
        if (YaqlValues.IsNumber(left) && YaqlValues.IsNumber(right))
        {
            if (left is long x && right is long y) return x.CompareTo(y);
            return Convert.ToDouble(left).CompareTo(Convert.ToDouble(right));
        }
        throw new YaqlException($"cannot compare {YaqlValues.Describe(left)} and {YaqlValues.Describe(right)} with '{op}'", at);
    }

    public static object? Index(object? target, List<object?> args, YaqlExpression at)
    {
        switch (target)
        {
            case List<object?> list when args.Count == 1:
                if (args[0] is not long index) throw new YaqlException($"list index must be an integer, got {YaqlValues.Describe(args[0])}", at);
                var position = index < 0 ? list.Count + index : index;
                return position >= 0 && position < list.Count ? list[(int)position] : throw new YaqlException($"list index {index} out of range", at);
            case Dictionary<string, object?> map when args.Count is 1 or 2:
                if (map.TryGetValue(YaqlValues.Key(args[0]), out var value)) return value;
                return args.Count == 2 ? args[1] : throw new YaqlException($"key {YaqlValues.Str(args[0])} not found", at);
            default:
                throw new YaqlException($"cannot index {YaqlValues.Describe(target)} with {args.Count} argument(s)", at);
        }
    }

    private static bool In(object? value, object? collection, YaqlExpression at) => collection switch
    {
        List<object?> list => PythonValues.ListContains(list, value),
        string s when value is string part => s.IndexOf(part, StringComparison.Ordinal) >= 0,
        _ => throw new YaqlException($"'in' needs a list (or a string in a string) on its right, got {YaqlValues.Describe(collection)}", at),
    };

    private static bool Matches(object? text, object? pattern, YaqlExpression at)
    {
        if (text is string input && pattern is YaqlRegex regex) return regex.Run(r => r.IsMatch(input));
        if (text is not string s || pattern is not string p)
            throw new YaqlException($"'=~' needs two strings, got {YaqlValues.Describe(text)} and {YaqlValues.Describe(pattern)}", at);
        try
        {
            return Regex.IsMatch(s, p, RegexOptions.None, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new YaqlException($"invalid regular expression: {e.Message}", at);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new YaqlException("regular expression took too long", at);
        }
    }

    public static object? Plus(object? left, object? right, YaqlExpression at)
    {
        switch (left)
        {
            case string a when right is string b:
                return a + b;
            case List<object?> a when right is List<object?> b:
            {
                YaqlValues.CheckSize((long)a.Count + b.Count);
                var joined = new List<object?>(a);
                joined.AddRange(b);
                return joined;
            }
            case Dictionary<string, object?> a when right is Dictionary<string, object?> b:
            {
                var merged = new Dictionary<string, object?>(a, StringComparer.Ordinal);
                foreach (var pair in b) merged[pair.Key] = pair.Value;
                return merged;
            }
            default:
                return Arithmetic("+", left, right, at);
        }
    }

    private static object? Arithmetic(string op, object? left, object? right, YaqlExpression at)
    {
        if (op == "*" && Repeat(left, right) is { } repeated) return repeated;
        if (!YaqlValues.IsNumber(left) || !YaqlValues.IsNumber(right))
            throw new YaqlException($"operator '{op}' cannot be applied to {YaqlValues.Describe(left)} and {YaqlValues.Describe(right)}", at);
        if (left is long x && right is long y) return IntegerArithmetic(op, x, y, at);
        var a = Convert.ToDouble(left);
        var b = Convert.ToDouble(right);
        if (op is "/" or "mod" && b == 0) throw new YaqlException(op == "/" ? "float division by zero" : "float modulo", at);
        return op switch
        {
            "+" => a + b,
            "-" => a - b,
            "*" => a * b,
            "/" => a / b,
            _ => a - Math.Floor(a / b) * b,
        };
    }

    private static long IntegerArithmetic(string op, long x, long y, YaqlExpression at)
    {
        try
        {
            checked
            {
                switch (op)
                {
                    case "+": return x + y;
                    case "-": return x - y;
                    case "*": return x * y;
                }
                if (y == 0) throw new YaqlException("integer division or modulo by zero", at);
                // Python's // and % round towards negative infinity.
                var quotient = x / y;
                var remainder = x % y;
                if (remainder != 0 && (remainder < 0) != (y < 0))
                {
                    quotient--;
                    remainder += y;
                }
                return op == "/" ? quotient : remainder;
            }
        }
        catch (OverflowException)
        {
            throw new YaqlException("integer overflow", at);
        }
    }

    /// <summary>string * int and list * int repeat, as in Python.</summary>
    private static object? Repeat(object? left, object? right)
    {
        if (right is string or List<object?>) (left, right) = (right, left);
        if (right is not long times) return null;
        var count = Math.Max(0, times);
        switch (left)
        {
            case string s:
                YaqlValues.CheckSize(count > YaqlValues.MaxCollectionSize ? count : s.Length * count);
                var builder = new System.Text.StringBuilder();
                for (var i = 0; i < count; i++) builder.Append(s);
                return builder.ToString();
            case List<object?> list:
                YaqlValues.CheckSize(count > YaqlValues.MaxCollectionSize ? count : list.Count * count);
                var result = new List<object?>();
                for (var i = 0; i < count; i++) result.AddRange(list);
                return result;
            default:
                return null;
        }
    }
}
