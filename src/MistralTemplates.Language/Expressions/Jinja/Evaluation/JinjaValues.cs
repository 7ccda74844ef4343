using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>Python's view of evaluation values, as Jinja applies it: type names, str(), len(), iteration, ordering.</summary>
internal static class JinjaValues
{
    /// <summary>Results larger than this (items or characters) are refused, as a memory-limited Mistral engine would.</summary>
    public const int MaxResultSize = 1_000_000;

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        JinjaUndefined => "Undefined",
        _ => value.GetType().Name,
    };

    public static string Str(object? value) => PythonText.Str(value);

    /// <summary>How Jinja names a value's type in its undefined messages: <c>None</c>, <c>dict object</c>.</summary>
    private static string ObjectTypeRepr(object? value) => value is null ? "None" : TypeName(value) + " object";

    /// <summary>Jinja's message for a missing attribute or string key: <c>'dict object' has no attribute 'x'</c>.</summary>
    public static string NoAttribute(object? target, object? name) => $"{Repr(ObjectTypeRepr(target))} has no attribute {Repr(name)}";

    /// <summary>Jinja's message for a missing index: <c>list object has no element 5</c>.</summary>
    public static string NoElement(object? target, object? index) => $"{ObjectTypeRepr(target)} has no element {Repr(index)}";

    public static string Repr(object? value) => PythonText.Repr(value);

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static bool IsSequence(object? value) => value is string or List<object?> or Dictionary<string, object?>;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => 0,
    };

    public static bool TryLength(object? value, out int length)
    {
        switch (value)
        {
            case string s: length = CodePoints(s).Count; return true;
            case List<object?> l: length = l.Count; return true;
            case Dictionary<string, object?> d: length = d.Count; return true;
            default: length = 0; return false;
        }
    }

    /// <summary>A string's characters as Python counts them (a surrogate pair is one).</summary>
    public static List<string> CodePoints(string text)
    {
        var result = new List<string>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Add(text.Substring(i, 2));
                i++;
            }
            else result.Add(text[i].ToString());
        }
        return result;
    }

    /// <summary>for x in value: a list's items, a mapping's keys, a string's characters; null when not iterable.</summary>
    public static List<object?>? Iterate(object? value) => value switch
    {
        List<object?> l => l,
        Dictionary<string, object?> d => d.Keys.Cast<object?>().ToList(),
        string s => CodePoints(s).Cast<object?>().ToList(),
        _ => null,
    };

    /// <summary>Python's ordering of two values, or null when Python refuses to compare them.</summary>
    public static int? Compare(object? a, object? b, int depth = 0)
    {
        if (depth > PythonValues.MaxValueDepth) return null;
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is long x && b is long y) return x.CompareTo(y);
            return ToDouble(a).CompareTo(ToDouble(b));
        }
        if (a is string s && b is string t) return string.CompareOrdinal(s, t) switch { < 0 => -1, > 0 => 1, _ => 0 };
        if (a is List<object?> left && b is List<object?> right)
        {
            for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
            {
                if (PythonValues.AreEqual(left[i], right[i])) continue;
                return Compare(left[i], right[i], depth + 1);
            }
            return left.Count.CompareTo(right.Count);
        }
        return null;
    }

    public static bool Equal(object? a, object? b) => PythonValues.AreEqual(a, b);

    /// <summary>Python's <c>item in container</c>, or null when the container does not support it.</summary>
    public static bool? Contains(object? container, object? item) => container switch
    {
        string s when item is string t => s.IndexOf(t, StringComparison.Ordinal) >= 0,
        List<object?> l => PythonValues.ListContains(l, item),
        Dictionary<string, object?> d => item is string key && d.ContainsKey(key),
        _ => null,
    };

    public static bool Truthy(object? value) => PythonValues.IsTruthy(value);

    /// <summary>
    /// About how much text <paramref name="value"/> holds (characters of strings and keys, one per item),
    /// counted up to just past <see cref="MaxResultSize"/>; walks without recursion.
    /// </summary>
    public static long Weight(object? value)
    {
        long total = 0;
        var pending = new Stack<object?>();
        pending.Push(value);
        while (pending.Count > 0 && total <= MaxResultSize)
        {
            switch (pending.Pop())
            {
                case string s:
                    total += s.Length;
                    break;
                case List<object?> list:
                    total += list.Count;
                    foreach (var item in list) pending.Push(item);
                    break;
                case Dictionary<string, object?> map:
                    foreach (var pair in map)
                    {
                        total += pair.Key.Length + 1;
                        pending.Push(pair.Value);
                    }
                    break;
                default:
                    total++;
                    break;
            }
        }
        return total;
    }

    /// <summary>Refuses a result over the size limit, as a memory-limited Mistral engine would fail on it.</summary>
    public static void CheckSize(JinjaExpression node, long size)
    {
        if (size > MaxResultSize)
            throw new JinjaEvaluationException(node, $"the result would be larger than the {MaxResultSize} characters or items allowed");
    }
}
