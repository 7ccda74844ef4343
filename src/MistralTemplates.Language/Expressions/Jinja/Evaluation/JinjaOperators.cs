using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>Python's arithmetic, comparison and membership operators as Jinja applies them.</summary>
internal static class JinjaOperators
{
    public static object? Unary(JinjaUnary node, object? operand)
    {
        switch (node.Operator)
        {
            case "not": return !JinjaValues.Truthy(operand);
            case "-" when operand is long l: return Checked(node, () => checked(-l));
            case "-" when operand is double d: return -d;
            case "-" when operand is bool b: return b ? -1L : 0L;
            case "+" when JinjaValues.IsNumber(operand): return operand is bool flag ? (flag ? 1L : 0L) : operand;
            default: throw new JinjaEvaluationException(node, $"bad operand type for unary {node.Operator}: '{JinjaValues.TypeName(operand)}'");
        }
    }

    public static object? Binary(JinjaBinary node, object? left, object? right)
    {
        switch (node.Operator)
        {
            case "==": return JinjaValues.Equal(left, right);
            case "!=": return !JinjaValues.Equal(left, right);
            case "<": return Order(node, left, right) < 0;
            case "<=": return Order(node, left, right) <= 0;
            case ">": return Order(node, left, right) > 0;
            case ">=": return Order(node, left, right) >= 0;
            case "in": return In(node, left, right);
            case "not in": return !In(node, left, right);
            case "~":
            {
                var (a, b) = (JinjaValues.Str(left), JinjaValues.Str(right));
                JinjaValues.CheckSize(node, (long)a.Length + b.Length);
                return a + b;
            }
            case "+": return Add(node, left, right);
            case "*": return Multiply(node, left, right);
            // 'a=%s' % x formats, as Python's str does: a tuple literal gives the values, anything else is the one value.
            case "%" when left is string format:
                return node.Right is JinjaCollection { Kind: JinjaCollectionKind.Tuple } && right is List<object?> values
                    ? JinjaPercentFormat.Format(node, format, values, null)
                    : JinjaPercentFormat.Format(node, format, null, right);
            case "-" or "/" or "//" or "%" or "**": return Arithmetic(node, left, right);
            default: throw new JinjaEvaluationException(node, "unknown operator " + node.Operator);
        }
    }

    private static int Order(JinjaBinary node, object? left, object? right) =>
        JinjaValues.Compare(left, right) ?? throw new JinjaEvaluationException(node,
            $"'{node.Operator}' not supported between instances of '{JinjaValues.TypeName(left)}' and '{JinjaValues.TypeName(right)}'");

    private static bool In(JinjaBinary node, object? item, object? container)
    {
        if (container is string && item is not string)
            throw new JinjaEvaluationException(node, $"'in <string>' requires string as left operand, not {JinjaValues.TypeName(item)}");
        return JinjaValues.Contains(container, item) ??
            throw new JinjaEvaluationException(node, $"argument of type '{JinjaValues.TypeName(container)}' is not iterable");
    }

    private static object? Add(JinjaBinary node, object? left, object? right)
    {
        if (left is string s && right is string t) return Sized(node, s.Length + (long)t.Length, () => s + t);
        if (left is List<object?> a && right is List<object?> b) return Sized(node, a.Count + (long)b.Count, () => a.Concat(b).ToList());
        return Arithmetic(node, left, right);
    }

    private static object? Multiply(JinjaBinary node, object? left, object? right)
    {
        if (left is long or bool && right is string or List<object?>) (left, right) = (right, left);
        if (right is long or bool && left is string or List<object?>)
        {
            var times = Math.Max(0, right is bool b ? (b ? 1 : 0) : (long)right);
            // Decide on the size before multiplying, so that a huge factor cannot wrap around.
            var length = left is string text ? text.Length : ((List<object?>)left).Count;
            if (length > 0 && times > JinjaValues.MaxResultSize)
                JinjaValues.CheckSize(node, times);
            if (left is string s)
                return Sized(node, s.Length * times, () => new StringBuilder(s.Length * (int)times).Insert(0, s, (int)times).ToString());
            var list = (List<object?>)left;
            // The copies share their items, but printing or joining them would not.
            return Sized(node, JinjaValues.Weight(list) * times, () => Enumerable.Range(0, (int)times).SelectMany(_ => list).ToList());
        }
        return Arithmetic(node, left, right);
    }

    private static object Sized(JinjaBinary node, long size, Func<object> make)
    {
        JinjaValues.CheckSize(node, size);
        return make();
    }

    private static object? Arithmetic(JinjaBinary node, object? left, object? right)
    {
        if (!JinjaValues.IsNumber(left) || !JinjaValues.IsNumber(right))
            throw new JinjaEvaluationException(node,
                $"unsupported operand type(s) for {node.Operator}: '{JinjaValues.TypeName(left)}' and '{JinjaValues.TypeName(right)}'");
        if (left is not double && right is not double)
            return Integer(node, AsLong(left), AsLong(right));
        var x = JinjaValues.ToDouble(left);
        var y = JinjaValues.ToDouble(right);
        if (y == 0 && node.Operator is "/" or "//" or "%") throw new JinjaEvaluationException(node, "float division by zero");
        double result = node.Operator switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => x / y,
            "//" => Math.Floor(x / y),
            "%" => x - y * Math.Floor(x / y),
            _ => Math.Pow(x, y),
        };
        if (double.IsInfinity(result) && !double.IsInfinity(x) && !double.IsInfinity(y))
            throw new JinjaEvaluationException(node, "numerical result out of range");
        if (double.IsNaN(result) && !double.IsNaN(x) && !double.IsNaN(y))
            throw new JinjaEvaluationException(node, "math domain error");
        return result;
    }

    private static long AsLong(object? value) => value is bool b ? (b ? 1 : 0) : (long)value!;

    private static object Integer(JinjaBinary node, long x, long y)
    {
        switch (node.Operator)
        {
            case "/":
                if (y == 0) throw new JinjaEvaluationException(node, "division by zero");
                return (double)x / y;
            case "//":
            case "%":
            {
                if (y == 0) throw new JinjaEvaluationException(node, "integer division or modulo by zero");
                if (x == long.MinValue && y == -1) return Checked(node, () => checked(-x));
                var quotient = x / y;
                var remainder = x % y;
                // Python floors toward negative infinity; C# truncates toward zero.
                if (remainder != 0 && (remainder < 0) != (y < 0))
                {
                    quotient--;
                    remainder += y;
                }
                return node.Operator == "//" ? quotient : remainder;
            }
            case "**":
                if (y < 0) return Math.Pow(x, y);
                return Checked(node, () => Power(x, y));
            default:
                return Checked(node, () => node.Operator switch
                {
                    "+" => checked(x + y),
                    "-" => checked(x - y),
                    _ => checked(x * y),
                });
        }
    }

    private static long Power(long x, long y)
    {
        long result = 1;
        while (y > 0)
        {
            if ((y & 1) == 1) result = checked(result * x);
            y >>= 1;
            if (y > 0) x = checked(x * x);
        }
        return result;
    }

    private static object Checked(JinjaExpression node, Func<long> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            throw new JinjaEvaluationException(node, "the integer result does not fit in 64 bits");
        }
    }
}
