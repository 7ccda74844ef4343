using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>YAQL's standard functions that Mistral workflows use most, under YAQL's names.</summary>
internal static partial class YaqlStandardLibrary
{
    public static void RegisterAll(YaqlFunctions f)
    {
        // Types and conversions.
        f.Register("str", c => YaqlValues.Str(c.Argument(0)));
        f.Register("int", c => ToInt(c, c.Argument(0)));
        f.Register("float", c => ToFloat(c, c.Argument(0)));
        f.Register("bool", c => PythonValues.IsTruthy(c.Argument(0)));
        f.Register("isString", c => c.Argument(0) is string);
        f.Register("isList", c => c.Argument(0) is List<object?>);
        f.Register("isDict", c => c.Argument(0) is Dictionary<string, object?>);
        f.Register("isInteger", c => c.Argument(0) is long);
        f.Register("isNumber", c => YaqlValues.IsNumber(c.Argument(0)));
        f.Register("isBoolean", c => c.Argument(0) is bool);

        // Collections.
        f.Register("len", Len);
        f.Register("count", c => (long)YaqlValues.List(c, 0).Count);
        f.Register("keys", c => YaqlValues.Dict(c, 0).Keys.Cast<object?>().ToList());
        f.Register("values", c => YaqlValues.Dict(c, 0).Values.ToList());
        f.Register("items", c => YaqlValues.Dict(c, 0).Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList());
        f.Register("list", c => Enumerable.Range(0, c.Count).Select(c.Argument).ToList());
        f.Register("toList", c => new List<object?>(YaqlValues.List(c, 0)));
        f.Register("dict", Dict);
        f.Register("get", c => YaqlValues.Dict(c, 0).TryGetValue(YaqlValues.Key(c.Argument(1)), out var v) ? v : c.Has(2) ? c.Argument(2) : null);
        f.Register("containsKey", c => YaqlValues.Dict(c, 0).ContainsKey(YaqlValues.Key(c.Argument(1))));
        f.Register("contains", c => PythonValues.ListContains(YaqlValues.List(c, 0), c.Argument(1)));
        f.Register("range", Range);
        f.Register("flatten", c => YaqlValues.List(c, 0).SelectMany(i => i as List<object?> ?? new List<object?> { i }).ToList());

        // Queries; their arguments are lambdas over each item.
        f.Register("select", c => YaqlValues.List(c, 0).Select(i => c.Lambda(1, i)).ToList());
        f.Register("where", c => YaqlValues.List(c, 0).Where(i => PythonValues.IsTruthy(c.Lambda(1, i))).ToList());
        f.Register("any", c => c.Has(1) ? YaqlValues.List(c, 0).Any(i => PythonValues.IsTruthy(c.Lambda(1, i))) : YaqlValues.List(c, 0).Count > 0);
        f.Register("all", c => YaqlValues.List(c, 0).All(i => PythonValues.IsTruthy(c.Has(1) ? c.Lambda(1, i) : i)));
        f.Register("first", c => First(c, YaqlValues.List(c, 0)));
        f.Register("last", c => First(c, Enumerable.Reverse(YaqlValues.List(c, 0)).ToList()));
        f.Register("skip", c => YaqlValues.List(c, 0).Skip((int)Math.Min(int.MaxValue, YaqlValues.Integer(c, 1))).ToList());
        f.Register("limit", Take);
        f.Register("take", Take);
        f.Register("distinct", Distinct);
        f.Register("orderBy", c => Order(c, false));
        f.Register("orderByDescending", c => Order(c, true));
        f.Register("sum", c => Aggregate(c, (a, b) => YaqlOperators.Plus(a, b, c.Call)));
        f.Register("max", c => Extreme(c, 1));
        f.Register("min", c => Extreme(c, -1));

        // Strings.
        f.Register("join", Join);
        f.Register("split", Split);
        f.Register("toUpper", c => YaqlValues.String(c, 0).ToUpperInvariant());
        f.Register("toLower", c => YaqlValues.String(c, 0).ToLowerInvariant());
        f.Register("trim", c => c.Has(1) ? YaqlValues.String(c, 0).Trim(YaqlValues.String(c, 1).ToCharArray()) : YaqlValues.String(c, 0).Trim());
        f.Register("replace", Replace);
        f.Register("startsWith", c => Affix(c, (s, a) => s.StartsWith(a, StringComparison.Ordinal)));
        f.Register("endsWith", c => Affix(c, (s, a) => s.EndsWith(a, StringComparison.Ordinal)));
        f.Register("concat", Concat);

        // Branching and context.
        f.Register("switch", Switch);
        f.Register("coalesce", c => Enumerable.Range(0, c.Count).Select(c.Argument).FirstOrDefault(v => v is not null));
        f.Register("let", Let);

        RegisterQueries(f);
        RegisterText(f);
        RegisterMath(f);
    }

    private static List<object?> Take(YaqlInvocation c) =>
        YaqlValues.List(c, 0).Take((int)Math.Min(int.MaxValue, YaqlValues.Integer(c, 1))).ToList();

    /// <summary><c>concat</c> joins strings, or lists when the first argument is one.</summary>
    private static object Concat(YaqlInvocation c)
    {
        if (c.Count > 0 && c.Argument(0) is List<object?>)
            return Enumerable.Range(0, c.Count).SelectMany(i => YaqlValues.List(c, i)).ToList();
        return string.Concat(Enumerable.Range(0, c.Count).Select(i => YaqlValues.String(c, i)));
    }

    private static object? Len(YaqlInvocation c) => c.Argument(0) switch
    {
        string s => (long)CodePoints(s),
        List<object?> l => (long)l.Count,
        Dictionary<string, object?> d => (long)d.Count,
        var other => throw YaqlValues.WrongType(c, 0, "a string, list or dict", other),
    };

    private static int CodePoints(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i++, count++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
        return count;
    }

    private static long ToInt(YaqlInvocation c, object? value) => value switch
    {
        null => 0,
        string s => PythonValues.TryParseInt(s, out var l) ? l : throw new YaqlException($"invalid literal for int(): '{s}'"),
        _ => PythonValues.TryToInt(value, out var l) ? l : throw YaqlValues.WrongType(c, 0, "a number, string or null", value),
    };

    private static double ToFloat(YaqlInvocation c, object? value) => value switch
    {
        null => 0.0,
        long l => l,
        double d => d,
        bool b => b ? 1.0 : 0.0,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw new YaqlException($"could not convert string to float: '{s}'"),
        _ => throw YaqlValues.WrongType(c, 0, "a number, string or null", value),
    };

    /// <summary><c>dict(a =&gt; 1)</c> from named arguments, or <c>dict([[k, v], ...])</c> from pairs.</summary>
    private static Dictionary<string, object?> Dict(YaqlInvocation c)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < c.NamedCount; i++) map[YaqlValues.Key(c.NamedKey(i))] = c.NamedValue(i);
        for (var i = 0; i < c.Count; i++)
            foreach (var item in YaqlValues.List(c, i))
            {
                if (item is not List<object?> { Count: 2 } pair) throw new YaqlException("dict() expects pairs [key, value]");
                map[YaqlValues.Key(pair[0])] = pair[1];
            }
        return map;
    }


    private static List<object?> Range(YaqlInvocation c)
    {
        long start = 0, step = 1, stop;
        if (c.Count == 1) stop = YaqlValues.Integer(c, 0);
        else
        {
            start = YaqlValues.Integer(c, 0);
            stop = YaqlValues.Integer(c, 1);
            if (c.Has(2)) step = YaqlValues.Integer(c, 2);
        }
        if (step == 0) throw new YaqlException("range() step must not be zero");
        var count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0) : (start > stop ? (start - stop - step - 1) / -step : 0);
        YaqlValues.CheckSize(count);
        var list = new List<object?>((int)count);
        for (long i = 0, v = start; i < count; i++, v += step) list.Add(v);
        return list;
    }

    private static object? First(YaqlInvocation c, List<object?> list)
    {
        if (list.Count > 0) return list[0];
        return c.Has(1) ? c.Argument(1) : throw new YaqlException($"{c.Name}() of an empty collection and no default given");
    }

    private static List<object?> Distinct(YaqlInvocation c)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return YaqlValues.List(c, 0).Where(i => seen.Add(YaqlValues.EqualityKey(c.Has(1) ? c.Lambda(1, i) : i))).ToList();
    }

    private static YaqlOrderedList Order(YaqlInvocation c, bool descending) =>
        Sorted(c, YaqlValues.List(c, 0).Select(i => (i, new List<(object? Key, bool Descending)> { (c.Lambda(1, i), descending) })));

    private static object? Aggregate(YaqlInvocation c, Func<object?, object?, object?> combine)
    {
        var list = YaqlValues.List(c, 0);
        if (list.Count == 0)
            return c.Has(1) ? c.Argument(1) : throw new YaqlException($"{c.Name}() of an empty collection and no initial value given");
        var result = c.Has(1) ? c.Argument(1) : list[0];
        foreach (var item in c.Has(1) ? list : list.Skip(1)) result = combine(result, item);
        return result;
    }

    /// <summary><c>list.max()</c> over a collection, or <c>max(a, b)</c> of two values.</summary>
    private static object? Extreme(YaqlInvocation c, int sign)
    {
        if (c.Count == 2 && !c.IsMethod)
        {
            var a = c.Argument(0);
            var b = c.Argument(1);
            return YaqlOperators.Compare(">", b, a, c.Call) * sign > 0 ? b : a;
        }
        return Aggregate(c, (a, b) => YaqlOperators.Compare(">", b, a, c.Call) * sign > 0 ? b : a);
    }

    /// <summary><c>list.join(sep)</c> and <c>sep.join(list)</c>; items go through str().</summary>
    private static object Join(YaqlInvocation c)
    {
        if (c.Count >= 3) return CollectionJoin(c);
        var first = c.Argument(0);
        var second = c.Argument(1);
        var (items, separator) = first is string s && second is List<object?> l ? (l, s) : (first as List<object?>, second as string);
        if (items is null || separator is null)
            throw new YaqlException($"join() expects a list and a string separator, got {YaqlValues.Describe(first)} and {YaqlValues.Describe(second)}");
        return string.Join(separator, items.Select(YaqlValues.Str));
    }

    /// <summary>Python's str.split: without a separator, runs of blanks split and ends are trimmed.</summary>
    private static List<object?> Split(YaqlInvocation c)
    {
        if (c.Argument(0) is YaqlRegex || c.Has(1) && c.Argument(1) is YaqlRegex) return RegexSplit(c);
        var text = YaqlValues.String(c, 0);
        var separator = c.Has(1) ? c.Argument(1) : null;
        var maxSplits = c.Has(2) ? YaqlValues.Integer(c, 2) : -1;
        var count = maxSplits < 0 || maxSplits >= int.MaxValue ? int.MaxValue : (int)maxSplits + 1;
        if (separator is null)
        {
            var parts = text.TrimStart().Split((char[]?)null, count, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && count == int.MaxValue) parts[parts.Length - 1] = parts[parts.Length - 1].TrimEnd();
            return parts.Select(p => (object?)p).ToList();
        }
        if (separator is not string sep) throw YaqlValues.WrongType(c, 1, "a string", separator);
        if (sep.Length == 0) throw new YaqlException("split() separator must not be empty");
        return text.Split(new[] { sep }, count, StringSplitOptions.None).Select(p => (object?)p).ToList();
    }

    private static object Replace(YaqlInvocation c)
    {
        switch (c.Argument(0))
        {
            case List<object?>:
                return ReplaceItems(c, new List<object?> { c.Argument(2) });
            case YaqlRegex:
                return RegexReplace(c);
            case string when c.Argument(1) is YaqlRegex:
                return RegexReplace(c);
            case string when c.Argument(1) is Dictionary<string, object?>:
                return ReplaceWithDict(c);
        }
        return ReplaceCount(YaqlValues.String(c, 0), YaqlValues.String(c, 1), YaqlValues.String(c, 2), c.Has(3) ? YaqlValues.Integer(c, 3) : -1);
    }

    /// <summary>Python's str.replace: at most <paramref name="count"/> replacements, all when it is negative.</summary>
    private static string ReplaceCount(string text, string old, string replacement, long count)
    {
        if (count < 0 || old.Length == 0) return PythonText.Replace(text, old, replacement);
        var builder = new System.Text.StringBuilder();
        var position = 0;
        for (long done = 0; done < count; done++)
        {
            var found = text.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0) break;
            builder.Append(text, position, found - position).Append(replacement);
            position = found + old.Length;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static bool Affix(YaqlInvocation c, Func<string, string, bool> test)
    {
        var text = YaqlValues.String(c, 0);
        for (var i = 1; i < c.Count; i++)
            if (test(text, YaqlValues.String(c, i))) return true;
        return false;
    }

    /// <summary><c>switch(condition =&gt; value, ...)</c>: the value of the first true condition, else null.</summary>
    private static object? Switch(YaqlInvocation c)
    {
        for (var i = 0; i < c.NamedCount; i++)
            if (PythonValues.IsTruthy(c.NamedKey(i))) return c.NamedValue(i);
        return null;
    }

    /// <summary><c>let(a, name =&gt; b)</c>: a context with <c>$1</c> = a and <c>$name</c> = b, for the right of <c>-&gt;</c>.</summary>
    private static object Let(YaqlInvocation c)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var first = c.IsMethod ? 1 : 0;
        for (var i = first; i < c.Count; i++) variables[(i - first + 1).ToString(CultureInfo.InvariantCulture)] = c.Argument(i);
        for (var i = 0; i < c.NamedCount; i++) variables[YaqlValues.Key(c.NamedKey(i))] = c.NamedValue(i);
        var scope = c.Scope.WithVariables(variables);
        return c.IsMethod ? scope.WithData(c.Argument(0)) : scope;
    }
}
