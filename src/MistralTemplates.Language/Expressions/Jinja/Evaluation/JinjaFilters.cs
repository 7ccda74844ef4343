using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>Jinja's built-in filters that Mistral workflows use; other names go to the context's registered functions.</summary>
internal static partial class JinjaFilters
{
    public static object? Apply(JinjaEvaluator.Walker walker, JinjaFilter f)
    {
        if (f.Target is null) throw new JinjaEvaluationException(f, "a filter needs a value");
        var value = walker.Eval(f.Target);
        var (args, keywords) = walker.Arguments(f.Arguments);
        var a = new FilterArguments(f, args, keywords);
        if (f.Name is "default" or "d")
        {
            var fallback = a.Get(0, "default_value", "");
            var boolean = JinjaValues.Truthy(a.Get(1, "boolean", false));
            return value is JinjaUndefined || (boolean && !JinjaValues.Truthy(value)) ? fallback : value;
        }
        // Jinja's items filter gives nothing for an undefined value, where every other filter fails.
        if (f.Name == "items" && value is JinjaUndefined) return new List<object?>();
        if (value is JinjaUndefined undefined) throw new JinjaEvaluationException(f.Target, undefined.Message);
        switch (f.Name)
        {
            case "length" or "count":
                return JinjaValues.TryLength(value, out var length) ? (long)length : throw a.Fail($"object of type '{JinjaValues.TypeName(value)}' has no len()");
            case "upper": return JinjaValues.Str(value).ToUpperInvariant();
            case "lower": return JinjaValues.Str(value).ToLowerInvariant();
            case "string": return JinjaValues.Str(value);
            case "trim":
            {
                var chars = a.Get(0, "chars", null);
                var text = JinjaValues.Str(value);
                return chars is string c ? text.Trim(c.ToCharArray()) : text.Trim();
            }
            case "replace":
            {
                var text = JinjaValues.Str(value);
                var (old, replacement) = (JinjaValues.Str(a.Required(0, "old")), JinjaValues.Str(a.Required(1, "new")));
                // Size the result first: a long replacement repeated many times must not exhaust memory.
                long occurrences = old.Length == 0 ? text.Length + 1 : (text.Length - text.Replace(old, "").Length) / old.Length;
                if (a.Get(2, "count", null) is long count && count >= 0)
                {
                    JinjaValues.CheckSize(f, text.Length + Math.Min(count, occurrences) * (replacement.Length - (long)old.Length));
                    return ReplaceFirst(text, old, replacement, count);
                }
                JinjaValues.CheckSize(f, text.Length + occurrences * (replacement.Length - (long)old.Length));
                return PythonText.Replace(text, old, replacement);
            }
            case "join":
            {
                var separator = JinjaValues.Str(a.Get(0, "d", ""));
                var attribute = a.Get(1, "attribute", null);
                var items = a.Items(value);
                if (attribute is not null) items = items.Select(i => a.Attribute(i, attribute)).ToList();
                JinjaValues.CheckSize(f, JinjaValues.Weight(items) + (long)separator.Length * items.Count);
                return string.Join(separator, items.Select(JinjaValues.Str));
            }
            case "first" or "last":
            {
                // An empty sequence gives undefined, which | default can still replace.
                var items = a.Items(value);
                if (items.Count == 0) return new JinjaUndefined($"No {f.Name} item, sequence was empty.");
                return f.Name == "first" ? items[0] : items[items.Count - 1];
            }
            case "list": return a.Items(value).ToList();
            // attr() reads an attribute, never a key; plain data has none.
            case "attr": return new JinjaUndefined(JinjaValues.NoAttribute(value, a.Required(0, "name")));
            case "reverse":
                if (value is string s) return string.Concat(JinjaValues.CodePoints(s).AsEnumerable().Reverse());
                return Enumerable.Reverse(a.Items(value)).ToList();
            case "int": return ToInt(a, value, a.Get(0, "default", 0L), a.Get(1, "base", 10L));
            case "float": return ToFloat(value, a.Get(0, "default", 0.0));
            case "abs":
                return value switch
                {
                    long l when l != long.MinValue => (object)Math.Abs(l),
                    double d => Math.Abs(d),
                    bool b => b ? 1L : 0L,
                    _ => throw a.Fail($"bad operand type for abs(): '{JinjaValues.TypeName(value)}'"),
                };
            case "round": return Round(a, value);
            case "unique": return Unique(a, value);
            case "sort": return Sort(a, value);
            case "sum":
            {
                var attribute = a.Get(0, "attribute", null);
                object? total = a.Get(1, "start", 0L);
                foreach (var item in a.Items(value))
                    total = JinjaOperators.Binary(new JinjaBinary("+", f, f, f.Start, f.End), total, attribute is null ? item : a.Attribute(item, attribute));
                return total;
            }
            case "min" or "max": return Extreme(a, value, f.Name == "max");
            case "map": return Map(walker, a, value);
            case "select" or "reject": return Select(walker, a, value, null, f.Name == "select");
            case "selectattr" or "rejectattr":
                return Select(walker, a, value, a.Required(0, "attribute"), f.Name == "selectattr");
            case "tojson":
            {
                var indent = a.Get(0, "indent", null) is long spaces ? (int?)Math.Max(0, Math.Min(spaces, 64)) : null;
                var text = PythonJson.Dumps(value, out var error, indent) ?? throw a.Fail("cannot be written as JSON: " + error);
                // Jinja escapes these so the JSON can sit inside HTML.
                return text.Replace("<", "\\u003c").Replace(">", "\\u003e").Replace("&", "\\u0026").Replace("'", "\\u0027");
            }
            default:
                if (TryApplyMore(a, value, out var more)) return more;
                if (walker.Context.TryGetFunction(f.Name, out var function))
                    return JinjaEvaluator.Walker.Invoke(f, function, new[] { value }.Concat(args).ToList(), keywords);
                throw new JinjaEvaluationException(f, $"No filter named '{f.Name}'.");
        }
    }

    public static object? Range(JinjaExpression node, List<object?> args)
    {
        var numbers = args.Select(x => x is long l ? l : throw new JinjaEvaluationException(node, "range() takes integers")).ToList();
        var (start, stop, step) = numbers.Count switch
        {
            1 => (0L, numbers[0], 1L),
            2 => (numbers[0], numbers[1], 1L),
            3 => (numbers[0], numbers[1], numbers[2]),
            _ => throw new JinjaEvaluationException(node, "range() takes 1 to 3 integers"),
        };
        if (step == 0) throw new JinjaEvaluationException(node, "range() step must not be zero");
        // Counted in decimal: the difference of two longs can exceed a long.
        var count = Math.Max(0m, Math.Ceiling(((decimal)stop - start) / step));
        JinjaValues.CheckSize(node, (long)Math.Min(count, long.MaxValue));
        var result = new List<object?>();
        for (long i = 0, v = start; i < count; i++, v += step) result.Add(v);
        return result;
    }

    /// <summary>str.replace with a count: only the first <paramref name="count"/> occurrences.</summary>
    private static string ReplaceFirst(string text, string old, string replacement, long count)
    {
        if (old.Length == 0)
        {
            var points = JinjaValues.CodePoints(text);
            var inserted = (int)Math.Min(count, points.Count + 1L);
            return string.Concat(points.Take(inserted).Select(c => replacement + c)) + (inserted > points.Count ? replacement : "") + string.Concat(points.Skip(inserted));
        }
        var builder = new System.Text.StringBuilder();
        var position = 0;
        for (var done = 0L; done < count; done++)
        {
            var found = text.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0) break;
            builder.Append(text, position, found - position).Append(replacement);
            position = found + old.Length;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static object? ToInt(FilterArguments a, object? value, object? fallback, object? numberBase)
    {
        if (numberBase is not 10L && value is string digits)
        {
            var radix = numberBase is long r && r is 2 or 8 or 16 ? (int)r : throw a.Fail("base must be 2, 8, 10 or 16 here");
            var trimmed = digits.Trim().Replace("_", "");
            var prefix = radix switch { 2 => "0b", 8 => "0o", _ => "0x" };
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) trimmed = trimmed.Substring(2);
            try
            {
                return trimmed.Length > 0 && !trimmed.StartsWith("-", StringComparison.Ordinal) ? System.Convert.ToInt64(trimmed, radix) : fallback;
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                return fallback;
            }
        }
        if (value is double d) return PythonValues.TryToInt(d, out var t) ? t : fallback;
        if (value is string s && !PythonValues.TryParseInt(s, out _))
            return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && PythonValues.TryToInt(parsed, out var fromFloat) ? fromFloat : fallback;
        return value is long or bool or string && PythonValues.TryToInt(value, out var result) ? result : fallback;
    }

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        long or bool or double => JinjaValues.ToDouble(value),
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    private static object? Round(FilterArguments a, object? value)
    {
        if (!JinjaValues.IsNumber(value)) throw a.Fail($"type {JinjaValues.TypeName(value)} doesn't define __round__ method");
        var precision = a.Get(0, "precision", 0L) is long p ? (int)Math.Max(-15, Math.Min(15, p)) : throw a.Fail("precision must be an integer");
        var method = JinjaValues.Str(a.Get(1, "method", "common"));
        // Python's round keeps an integer an integer, and rounds ties to even.
        if (method == "common" && value is long or bool)
        {
            var whole = value is bool flag ? (flag ? 1L : 0L) : (long)value;
            if (precision >= 0) return whole;
            var unit = (decimal)Math.Pow(10, -precision);
            return (long)Math.Min(long.MaxValue, Math.Max(long.MinValue, Math.Round(whole / unit, MidpointRounding.ToEven) * unit));
        }
        var x = JinjaValues.ToDouble(value);
        var scale = Math.Pow(10, precision);
        return method switch
        {
            "common" => precision >= 0 ? RoundDigits(x, precision) : Math.Round(x * scale, MidpointRounding.ToEven) / scale,
            "ceil" => Math.Ceiling(x * scale) / scale,
            "floor" => Math.Floor(x * scale) / scale,
            _ => throw a.Fail("method must be common, ceil or floor"),
        };
    }

    /// <summary>
    /// Python's round(x, digits): the binary value itself is rounded, so 2.675 (stored just under it) gives 2.67.
    /// Its 17 significant digits stand for that value; ties left in them round to even.
    /// </summary>
    private static double RoundDigits(double x, int digits)
    {
        if (double.IsNaN(x) || double.IsInfinity(x) || Math.Abs(x) >= 1e15) return x;
        var exact = decimal.Parse(x.ToString("E16", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        return (double)Math.Round(exact, Math.Min(digits, 28), MidpointRounding.ToEven);
    }

    /// <summary>Jinja compares strings without case in sort, unique, min and max unless told otherwise.</summary>
    private static Func<object?, object?> KeyOf(FilterArguments a, int caseIndex, int attributeIndex, bool severalAttributes = false)
    {
        var caseSensitive = JinjaValues.Truthy(a.Get(caseIndex, "case_sensitive", false));
        var attribute = a.Get(attributeIndex, "attribute", null);
        object? Fold(object? key) => !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
        // sort takes "a,b": the key is the list of those attributes, compared in turn.
        if (severalAttributes && attribute is string names && names.Contains(','))
        {
            var parts = names.Split(',');
            return item => parts.Select(part => Fold(a.Attribute(item, part))).ToList();
        }
        return item => Fold(attribute is null ? item : a.Attribute(item, attribute));
    }

    private static List<object?> Unique(FilterArguments a, object? value)
    {
        var key = KeyOf(a, 0, 1);
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in a.Items(value))
        {
            var k = key(item);
            // Python keeps the keys it has seen in a set, which refuses lists and mappings.
            if (k is List<object?> or Dictionary<string, object?>) throw a.Fail($"unhashable type: '{JinjaValues.TypeName(k)}'");
            if (seen.Any(s => JinjaValues.Equal(s, k))) continue;
            seen.Add(k);
            result.Add(item);
        }
        return result;
    }

    private static List<object?> Sort(FilterArguments a, object? value)
    {
        var reverse = JinjaValues.Truthy(a.Get(0, "reverse", false));
        var key = KeyOf(a, 1, 2, severalAttributes: true);
        var items = a.Items(value).Select(i => (Item: i, Key: key(i))).ToList();
        // OrderBy is stable, as Python's sort is; it wraps what a comparison throws, so unwrap our error.
        var comparer = Comparer<object?>.Create((x, y) => Order(a, x, y));
        try
        {
            var sorted = reverse ? items.OrderByDescending(x => x.Key, comparer).ToList() : items.OrderBy(x => x.Key, comparer).ToList();
            return sorted.Select(x => x.Item).ToList();
        }
        catch (InvalidOperationException e) when (e.InnerException is JinjaEvaluationException inner)
        {
            throw inner;
        }
    }

    private static int Order(FilterArguments a, object? x, object? y) =>
        JinjaValues.Compare(x, y) ?? throw a.Fail($"'<' not supported between instances of '{JinjaValues.TypeName(x)}' and '{JinjaValues.TypeName(y)}'");

    private static object? Extreme(FilterArguments a, object? value, bool max)
    {
        var key = KeyOf(a, 0, 1);
        var items = a.Items(value);
        if (items.Count == 0) return new JinjaUndefined("No aggregated item, sequence was empty.");
        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            var order = Order(a, key(item), key(best));
            if (max ? order > 0 : order < 0) best = item;
        }
        return best;
    }

    private static List<object?> Map(JinjaEvaluator.Walker walker, FilterArguments a, object? value)
    {
        var items = a.Items(value);
        if (a.Keywords.TryGetValue("attribute", out var attribute))
        {
            var hasDefault = a.Keywords.TryGetValue("default", out var fallback);
            return items.Select(i => a.TryAttribute(i, attribute, out var v) ? v : hasDefault ? fallback : throw a.Fail(a.Missing(i, attribute))).ToList();
        }
        if (a.Positional.Count == 0 || a.Positional[0] is not string filter) throw a.Fail("map needs attribute=... or the name of a filter");
        return items.Select(i => ApplyNamed(walker, a, filter, i, a.Positional.Skip(1).ToList())).ToList();
    }

    private static object? ApplyNamed(JinjaEvaluator.Walker walker, FilterArguments a, string name, object? item, List<object?> extra)
    {
        // Values wrapped as constants get empty spans, so they are never mistaken for number literals.
        var node = new JinjaFilter(new JinjaConstant(item, a.Node.Start, a.Node.Start), name,
            extra.Select(x => (JinjaExpression)new JinjaConstant(x, a.Node.Start, a.Node.Start)).ToList(), a.Node.Start, a.Node.End);
        return Apply(walker, node);
    }

    private static List<object?> Select(JinjaEvaluator.Walker walker, FilterArguments a, object? value, object? attribute, bool keep)
    {
        var offset = attribute is null ? 0 : 1;
        var test = a.Positional.Count > offset ? a.Positional[offset] as string ?? throw a.Fail("the test must be named by a string") : null;
        var testArgs = a.Positional.Skip(offset + 1).ToList();
        var result = new List<object?>();
        foreach (var item in a.Items(value))
        {
            object? subject = item;
            if (attribute is not null) subject = a.TryAttribute(item, attribute, out var v) ? v : new JinjaUndefined(a.Missing(item, attribute));
            var passed = test is null
                ? (subject is JinjaUndefined u ? throw a.Fail(u.Message) : JinjaValues.Truthy(subject))
                : JinjaTests.Run(walker, a.Node, test, subject, testArgs);
            if (passed == keep) result.Add(item);
        }
        return result;
    }

    /// <summary>The arguments of one filter call, by position or by keyword, as Python binds them.</summary>
    internal sealed class FilterArguments(JinjaFilter node, List<object?> positional, Dictionary<string, object?> keywords)
    {
        public JinjaFilter Node { get; } = node;
        public List<object?> Positional { get; } = positional;
        public Dictionary<string, object?> Keywords { get; } = keywords;

        public object? Get(int index, string name, object? fallback) =>
            index < Positional.Count ? Positional[index] : Keywords.TryGetValue(name, out var value) ? value : fallback;

        public object? Required(int index, string name) =>
            index < Positional.Count || Keywords.ContainsKey(name) ? Get(index, name, null) : throw Fail($"the '{name}' argument is missing");

        /// <summary>An error worded as Jinja's filter raises it (the filter is located by the error's offset).</summary>
        public JinjaEvaluationException Fail(string message) => new(Node, message);

        public List<object?> Items(object? value) =>
            JinjaValues.Iterate(value) ?? throw Fail($"'{JinjaValues.TypeName(value)}' object is not iterable");

        /// <summary>Jinja's attribute paths: <c>a.b.0</c> walks keys and list positions.</summary>
        public bool TryAttribute(object? item, object? attribute, out object? value)
        {
            value = item;
            var parts = attribute is string s ? s.Split('.') : new[] { JinjaValues.Str(attribute) };
            foreach (var part in parts)
            {
                switch (value)
                {
                    case Dictionary<string, object?> map when map.TryGetValue(part, out var next):
                        value = next;
                        break;
                    case JinjaGroup group when group.TryGetField(part, out var field):
                        value = field;
                        break;
                    case string text when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position < JinjaValues.CodePoints(text).Count:
                        value = JinjaValues.CodePoints(text)[position];
                        break;
                    case List<object?> list when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count:
                        value = list[index];
                        break;
                    default:
                        value = null;
                        return false;
                }
            }
            return true;
        }

        public object? Attribute(object? item, object? attribute) =>
            TryAttribute(item, attribute, out var value) ? value : throw Fail(Missing(item, attribute));

        public string Missing(object? item, object? attribute) =>
            JinjaValues.NoAttribute(item, attribute);
    }
}
