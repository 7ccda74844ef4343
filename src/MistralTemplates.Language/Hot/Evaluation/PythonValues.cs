using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// The evaluation value model and the Python rules Heat applies to it: null, string, long (Python int),
/// double (Python float), bool, <see cref="List{T}"/> of values, <see cref="Dictionary{TKey,TValue}"/> with
/// ordinal string keys, and <see cref="DeferredValue"/>.
/// </summary>
internal static class PythonValues
{
    /// <summary>How deep a value may nest before walks over it stop; JSON and YAML readers stop well before.</summary>
    public const int MaxValueDepth = 512;

    /// <summary>For messages: "a string", "a number", "a list" ...</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string => "a string",
        bool => "a boolean",
        long or double => "a number",
        List<object?> => "a list",
        Dictionary<string, object?> => "a mapping",
        DeferredValue => "a value known only after deployment",
        _ => "a " + value.GetType().Name,
    };

    /// <summary>Python's truth value: None, False, 0, 0.0, "" and empty collections are false.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length != 0,
        ICollection c => c.Count != 0,
        _ => true,
    };

    /// <summary>Python's int(text): optional sign and surrounding blanks, digits with single underscores between them.</summary>
    public static bool TryParseInt(string text, out long value)
    {
        var trimmed = text.Trim();
        if (trimmed.IndexOf('_') >= 0)
        {
            if (trimmed.Contains("__") || trimmed.EndsWith("_", StringComparison.Ordinal) || trimmed.StartsWith("_", StringComparison.Ordinal) ||
                trimmed.StartsWith("-_", StringComparison.Ordinal) || trimmed.StartsWith("+_", StringComparison.Ordinal))
            {
                value = 0;
                return false;
            }
            trimmed = trimmed.Replace("_", "");
        }
        return long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Python's int(value) for the values templates hold: truncates floats, parses strings, bools are 0 and 1.</summary>
    public static bool TryToInt(object? value, out long result)
    {
        result = 0;
        switch (value)
        {
            case long l:
                result = l;
                return true;
            case bool b:
                result = b ? 1 : 0;
                return true;
            case double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 9.2e18:
                result = (long)Math.Truncate(d);
                return true;
            case string s:
                return TryParseInt(s, out result);
            default:
                return false;
        }
    }

    /// <summary>Python's ==: 1 == 1.0 == True, lists and mappings compare item by item.</summary>
    public static bool AreEqual(object? a, object? b) => AreEqual(a, b, 0);

    private static bool AreEqual(object? a, object? b, int depth)
    {
        if (depth > MaxValueDepth) return false;
        if (a is null || b is null) return a is null && b is null;
        if (TryNumeric(a, out var x) && TryNumeric(b, out var y)) return x == y;
        switch (a)
        {
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case List<object?> left:
                if (b is not List<object?> right || left.Count != right.Count) return false;
                for (var i = 0; i < left.Count; i++)
                    if (!AreEqual(left[i], right[i], depth + 1)) return false;
                return true;
            case Dictionary<string, object?> leftMap:
                if (b is not Dictionary<string, object?> rightMap || leftMap.Count != rightMap.Count) return false;
                foreach (var pair in leftMap)
                    if (!rightMap.TryGetValue(pair.Key, out var other) || !AreEqual(pair.Value, other, depth + 1)) return false;
                return true;
            default:
                return a.Equals(b);
        }
    }

    /// <summary>Numbers and booleans compare as numbers in Python. Longs beyond 2^53 lose precision here, as nowhere in practice.</summary>
    private static bool TryNumeric(object value, out double number)
    {
        switch (value)
        {
            case long l: number = l; return true;
            case double d: number = d; return true;
            case bool b: number = b ? 1 : 0; return true;
            default: number = 0; return false;
        }
    }

    /// <summary>Python's <c>value in list</c>.</summary>
    public static bool ListContains(List<object?> list, object? value)
    {
        foreach (var item in list)
            if (AreEqual(item, value)) return true;
        return false;
    }

    /// <summary>The deferred values anywhere inside <paramref name="value"/>, in order; walks without recursion.</summary>
    public static List<DeferredValue> FindDeferred(object? value)
    {
        var found = new List<DeferredValue>();
        var pending = new Stack<(object? Value, int Depth)>();
        pending.Push((value, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            if (depth > MaxValueDepth) continue;
            switch (current)
            {
                case DeferredValue deferred:
                    found.Add(deferred);
                    break;
                case List<object?> list:
                    for (var i = list.Count - 1; i >= 0; i--) pending.Push((list[i], depth + 1));
                    break;
                case Dictionary<string, object?> map:
                    var values = new List<object?>(map.Values);
                    for (var i = values.Count - 1; i >= 0; i--) pending.Push((values[i], depth + 1));
                    break;
            }
        }
        return found;
    }

    /// <summary>A copy that shares nothing mutable with <paramref name="value"/>, so callers may change what they get.</summary>
    public static object? DeepCopy(object? value, int depth = 0)
    {
        if (depth > MaxValueDepth) return null;
        switch (value)
        {
            case List<object?> list:
            {
                var copy = new List<object?>(list.Count);
                foreach (var item in list) copy.Add(DeepCopy(item, depth + 1));
                return copy;
            }
            case Dictionary<string, object?> map:
            {
                var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (var pair in map) copy[pair.Key] = DeepCopy(pair.Value, depth + 1);
                return copy;
            }
            default:
                return value;
        }
    }

    /// <summary>
    /// A copy in the model of values from outside (parameters given in code, resolver answers): other integer
    /// types become long, float and decimal become double, other dictionaries and enumerables become the model's
    /// mapping and list.
    /// </summary>
    public static object? Normalize(object? value, int depth = 0)
    {
        if (depth > MaxValueDepth) return null;
        switch (value)
        {
            case null or string or bool or long or double or DeferredValue:
                return value;
            case int or short or sbyte or byte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u:
                return u <= long.MaxValue ? (long)u : (double)u;
            case float f:
                return (double)f;
            case decimal m:
                return decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue ? (long)m : (double)m;
            case char c:
                return c.ToString();
            case IDictionary dictionary:
            {
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                    copy[entry.Key as string ?? PythonText.Str(Normalize(entry.Key, depth + 1))] = Normalize(entry.Value, depth + 1);
                return copy;
            }
            case IEnumerable<KeyValuePair<string, object?>> pairs:
            {
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var pair in pairs) copy[pair.Key] = Normalize(pair.Value, depth + 1);
                return copy;
            }
            case IEnumerable items:
            {
                var list = new List<object?>();
                foreach (var item in items) list.Add(Normalize(item, depth + 1));
                return list;
            }
            default:
                return value;
        }
    }
}
