using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>Jinja 3.1's filters for grouping, formatting and text, as its own implementations behave.</summary>
internal static partial class JinjaFilters
{
    /// <summary>The filters Jinja 3.1 has (for the <c>filter</c> test); Mistral adds its functions to them.</summary>
    internal static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "filesizeformat",
        "first", "float", "forceescape", "format", "groupby", "indent", "int", "items", "join", "last", "length", "list",
        "lower", "map", "max", "min", "pprint", "random", "reject", "rejectattr", "replace", "reverse", "round", "safe",
        "select", "selectattr", "slice", "sort", "string", "striptags", "sum", "title", "tojson", "trim", "truncate",
        "unique", "upper", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr",
    };

    public static bool IsFilter(JinjaContext context, string name) => Names.Contains(name) || context.TryGetFunction(name, out _);

    private static readonly Regex WordBeginning = new(@"([-\s({\[<]+)", RegexOptions.CultureInvariant);
    private static readonly Regex Word = new(@"\w+", RegexOptions.CultureInvariant);
    private static readonly Regex Comment = new("<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex Tag = new("<.*?>", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>The filters of this file; false when <paramref name="a"/> names none of them.</summary>
    private static bool TryApplyMore(FilterArguments a, object? value, out object? result)
    {
        result = a.Node.Name switch
        {
            "format" => Format(a, value),
            "dictsort" => DictSort(a, value),
            "groupby" => GroupBy(a, value),
            "batch" => Batch(a, value),
            "slice" => SliceInto(a, value),
            "items" => value is Dictionary<string, object?> map
                ? map.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()
                : throw a.Fail("Can only get item pairs from a mapping."),
            "capitalize" => Capitalize(JinjaValues.Str(value)),
            "title" => string.Concat(WordBeginning.Split(JinjaValues.Str(value)).Where(p => p.Length > 0).Select(Capitalize)),
            "center" => Center(a, JinjaValues.Str(value)),
            "indent" => Indent(a, JinjaValues.Str(value)),
            "wordcount" => (long)Word.Matches(JinjaValues.Str(value)).Count,
            "truncate" => Truncate(a, JinjaValues.Str(value)),
            "wordwrap" => WordWrap(a, value),
            "striptags" => WebUtility.HtmlDecode(string.Join(" ",
                Tag.Replace(Comment.Replace(JinjaValues.Str(value), ""), "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))),
            "escape" or "e" or "forceescape" => Escape(JinjaValues.Str(value)),
            "safe" => JinjaValues.Str(value),
            "pprint" => SortedRepr(value),
            "filesizeformat" => FileSize(a, value),
            "urlencode" => value switch
            {
                Dictionary<string, object?> query => UrlQuoting.Encode(query),
                // Any other iterable is read as (key, value) pairs.
                List<object?> pairs => string.Join("&", pairs.Select(pair => pair is List<object?> { Count: 2 } kv
                    ? UrlQuoting.QuotePlus(JinjaValues.Str(kv[0])) + "=" + UrlQuoting.QuotePlus(JinjaValues.Str(kv[1]))
                    : throw a.Fail("urlencode needs a mapping, a string, or a list of (key, value) pairs"))),
                string text => UrlQuoting.Quote(text),
                _ => UrlQuoting.Quote(JinjaValues.Str(value)),
            },
            "xmlattr" => XmlAttributes(a, value),
            _ => Missing.Value,
        };
        return result is not Missing;
    }

    private sealed class Missing
    {
        public static readonly Missing Value = new();
    }

    private static string Format(FilterArguments a, object? value)
    {
        if (a.Positional.Count > 0 && a.Keywords.Count > 0) throw a.Fail("can't handle positional and keyword arguments at the same time");
        return a.Keywords.Count > 0
            ? JinjaPercentFormat.Format(a.Node, JinjaValues.Str(value), null, a.Keywords)
            : JinjaPercentFormat.Format(a.Node, JinjaValues.Str(value), a.Positional, null);
    }

    private static List<object?> DictSort(FilterArguments a, object? value)
    {
        if (value is not Dictionary<string, object?> map) throw a.Fail($"'{JinjaValues.TypeName(value)}' object has no attribute 'items'");
        var caseSensitive = JinjaValues.Truthy(a.Get(0, "case_sensitive", false));
        var position = JinjaValues.Str(a.Get(1, "by", "key")) switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw a.Fail("You can only sort by either \"key\" or \"value\""),
        };
        var reverse = JinjaValues.Truthy(a.Get(2, "reverse", false));
        var pairs = map.Select(p => new List<object?> { p.Key, p.Value }).ToList();
        object? Key(List<object?> pair) => !caseSensitive && pair[position] is string s ? s.ToLowerInvariant() : pair[position];
        return Sorted(a, pairs, Key, reverse).Cast<object?>().ToList();
    }

    private static List<T> Sorted<T>(FilterArguments a, List<T> items, Func<T, object?> key, bool reverse)
    {
        // OrderBy is stable, as Python's sort is; it wraps what a comparison throws, so unwrap our error.
        var comparer = Comparer<object?>.Create((x, y) => Order(a, x, y));
        try
        {
            return reverse ? items.OrderByDescending(key, comparer).ToList() : items.OrderBy(key, comparer).ToList();
        }
        catch (InvalidOperationException e) when (e.InnerException is JinjaEvaluationException inner)
        {
            throw inner;
        }
    }

    /// <summary>
    /// Groups by an attribute, sorted by it; each group is a (grouper, list) pair that also answers to
    /// <c>.grouper</c> and <c>.list</c>. Without case sensitivity the grouper is the first item's own value.
    /// </summary>
    private static List<object?> GroupBy(FilterArguments a, object? value)
    {
        var attribute = a.Required(0, "attribute");
        var hasDefault = a.Positional.Count > 1 || a.Keywords.ContainsKey("default");
        var fallback = a.Get(1, "default", null);
        var caseSensitive = JinjaValues.Truthy(a.Get(2, "case_sensitive", false));
        object? Raw(object? item) => a.TryAttribute(item, attribute, out var v) ? v : hasDefault ? fallback : throw a.Fail(a.Missing(item, attribute));
        object? Key(object? item)
        {
            var key = Raw(item);
            return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
        }
        var groups = new List<object?>();
        List<object?>? current = null;
        object? currentKey = null;
        foreach (var item in Sorted(a, a.Items(value), Key, reverse: false))
        {
            var key = Key(item);
            if (current is null || !JinjaValues.Equal(key, currentKey))
            {
                current = [];
                currentKey = key;
                groups.Add(new JinjaGroup(Raw(item), current));
            }
            current.Add(item);
        }
        return groups;
    }

    private static List<object?> Batch(FilterArguments a, object? value)
    {
        var size = a.Required(0, "linecount") is long n ? n : throw a.Fail("linecount must be an integer");
        var hasFill = (a.Positional.Count > 1 || a.Keywords.ContainsKey("fill_with")) && a.Get(1, "fill_with", null) is not null;
        var fill = a.Get(1, "fill_with", null);
        var batches = new List<object?>();
        var current = new List<object?>();
        // Jinja's own loop: a batch is closed when the next item finds it full, so a size of 0 gives an empty first batch.
        foreach (var item in a.Items(value))
        {
            if (current.Count == size)
            {
                batches.Add(current);
                current = [];
            }
            current.Add(item);
        }
        if (current.Count > 0)
        {
            if (hasFill && current.Count < size)
            {
                JinjaValues.CheckSize(a.Node, size);
                while (current.Count < size) current.Add(fill);
            }
            batches.Add(current);
        }
        return batches;
    }

    private static List<object?> SliceInto(FilterArguments a, object? value)
    {
        var count = a.Required(0, "slices") is long n ? n : throw a.Fail("slices must be an integer");
        if (count == 0) throw a.Fail("integer division or modulo by zero");
        JinjaValues.CheckSize(a.Node, Math.Abs(count));
        var hasFill = a.Get(1, "fill_with", null) is not null;
        var fill = a.Get(1, "fill_with", null);
        var items = a.Items(value);
        var length = (long)items.Count;
        var perSlice = FloorDiv(length, count);
        var withExtra = length - perSlice * count;
        var offset = 0L;
        var slices = new List<object?>();
        for (var number = 0L; number < count; number++)
        {
            var start = offset + number * perSlice;
            if (number < withExtra) offset++;
            var end = offset + (number + 1) * perSlice;
            var slice = items.Skip((int)Math.Max(0, start)).Take((int)Math.Max(0, Math.Min(length, end) - Math.Max(0, start))).ToList();
            if (hasFill && number >= withExtra) slice.Add(fill);
            slices.Add(slice);
        }
        return slices;
    }

    private static long FloorDiv(long x, long y) => x / y - ((x % y != 0 && (x < 0) != (y < 0)) ? 1 : 0);

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ConvertFromUtf32(char.ConvertToUtf32(text, 0)).ToUpperInvariant() + text.Substring(char.IsSurrogatePair(text, 0) ? 2 : 1).ToLowerInvariant();

    private static string Center(FilterArguments a, string text)
    {
        var width = a.Get(0, "width", 80L) is long w ? w : throw a.Fail("width must be an integer");
        var length = JinjaValues.CodePoints(text).Count;
        if (width <= length) return text;
        JinjaValues.CheckSize(a.Node, width);
        // Python's str.center puts the odd space on the left when the width is odd.
        var margin = (int)width - length;
        var left = margin / 2 + (margin & (int)width & 1);
        return new string(' ', left) + text + new string(' ', margin - left);
    }

    private static string Indent(FilterArguments a, string text)
    {
        var width = a.Get(0, "width", 4L);
        var indention = width switch
        {
            string s => s,
            long n => new string(' ', (int)Math.Max(0, Math.Min(n, JinjaValues.MaxResultSize))),
            _ => throw a.Fail("width must be an integer or a string"),
        };
        var first = JinjaValues.Truthy(a.Get(1, "first", false));
        var blank = JinjaValues.Truthy(a.Get(2, "blank", false));
        var lines = PythonLines(text + "\n");
        JinjaValues.CheckSize(a.Node, text.Length + (long)indention.Length * (lines.Count + 1));
        string result;
        if (blank) result = string.Join("\n" + indention, lines);
        else
        {
            result = lines[0];
            if (lines.Count > 1) result += "\n" + string.Join("\n", lines.Skip(1).Select(l => l.Length > 0 ? indention + l : l));
        }
        return first ? indention + result : result;
    }

    /// <summary>Python's str.splitlines for the common line ends.</summary>
    private static List<string> PythonLines(string text)
    {
        var lines = Regex.Split(text, "\r\n|\r|\n").ToList();
        if (lines.Count > 1 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static string Truncate(FilterArguments a, string text)
    {
        var length = a.Get(0, "length", 255L) is long n ? n : throw a.Fail("length must be an integer");
        var killWords = JinjaValues.Truthy(a.Get(1, "killwords", false));
        var end = JinjaValues.Str(a.Get(2, "end", "..."));
        // Jinja's default leeway (the truncate.leeway policy) lets a text a little over the length stay whole.
        var leeway = a.Get(3, "leeway", null) is long l ? l : 5;
        if (length < end.Length) throw a.Fail($"expected length >= {end.Length}, got {length}");
        if (leeway < 0) throw a.Fail($"expected leeway >= 0, got {leeway}");
        var points = JinjaValues.CodePoints(text);
        if (points.Count <= length + leeway) return text;
        var kept = string.Concat(points.Take((int)(length - end.Length)));
        if (killWords) return kept + end;
        var space = kept.LastIndexOf(' ');
        return (space >= 0 ? kept.Substring(0, space) : kept) + end;
    }

    /// <summary>Jinja's wordwrap: each line of the text wrapped by Python's textwrap, lines joined by the wrapstring.</summary>
    private static string WordWrap(FilterArguments a, object? value)
    {
        var text = value as string ?? throw a.Fail($"'{JinjaValues.TypeName(value)}' object has no attribute 'splitlines'");
        var width = a.Get(0, "width", 79L) is long w ? w : throw a.Fail("width must be an integer");
        if (width <= 0) throw a.Fail($"invalid width {width} (must be > 0)");
        var breakLongWords = JinjaValues.Truthy(a.Get(1, "break_long_words", true));
        var wrapString = a.Get(2, "wrapstring", null) is { } given ? JinjaValues.Str(given) : "\n";
        var breakOnHyphens = JinjaValues.Truthy(a.Get(3, "break_on_hyphens", true));
        var lineWidth = (int)Math.Min(width, int.MaxValue);
        return string.Join(wrapString, PythonLines(text)
            .Select(line => string.Join(wrapString, PythonTextWrap.Wrap(line, lineWidth, breakLongWords, breakOnHyphens))));
    }

    /// <summary>MarkupSafe's escaping, which Jinja's escape filter uses.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace(">", "&gt;").Replace("<", "&lt;").Replace("'", "&#39;").Replace("\"", "&#34;");

    /// <summary>pprint's form of a short value: repr, with each mapping's keys sorted.</summary>
    private static string SortedRepr(object? value) => value switch
    {
        Dictionary<string, object?> map => "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JinjaValues.Repr(p.Key) + ": " + SortedRepr(p.Value))) + "}",
        List<object?> list => "[" + string.Join(", ", list.Select(SortedRepr)) + "]",
        _ => JinjaValues.Repr(value),
    };

    private static string FileSize(FilterArguments a, object? value)
    {
        var bytes = value switch
        {
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ when JinjaValues.IsNumber(value) => JinjaValues.ToDouble(value),
            _ => throw a.Fail($"could not convert {JinjaValues.TypeName(value)} to float: {JinjaValues.Repr(value)}"),
        };
        var binary = JinjaValues.Truthy(a.Get(0, "binary", false));
        double unitBase = binary ? 1024 : 1000;
        var prefixes = binary
            ? new[] { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB" }
            : new[] { "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB" };
        if (bytes == 1) return "1 Byte";
        if (bytes < unitBase) return $"{(long)bytes} Bytes";
        var unit = 0.0;
        for (var i = 0; i < prefixes.Length; i++)
        {
            unit = Math.Pow(unitBase, i + 2);
            if (bytes < unit || i == prefixes.Length - 1)
                return (unitBase * bytes / unit).ToString("F1", CultureInfo.InvariantCulture) + " " + prefixes[i];
        }
        return (unitBase * bytes / unit).ToString("F1", CultureInfo.InvariantCulture) + " " + prefixes[^1];
    }

    private static string XmlAttributes(FilterArguments a, object? value)
    {
        if (value is not Dictionary<string, object?> map) throw a.Fail($"'{JinjaValues.TypeName(value)}' object has no attribute 'items'");
        var text = string.Join(" ", map.Where(p => p.Value is not null and not JinjaUndefined)
            .Select(p => $"{Escape(p.Key)}=\"{Escape(JinjaValues.Str(p.Value))}\""));
        return JinjaValues.Truthy(a.Get(0, "autospace", true)) && text.Length > 0 ? " " + text : text;
    }
}

/// <summary>One group of the groupby filter: a (grouper, list) pair whose parts also read as <c>.grouper</c> and <c>.list</c>.</summary>
internal sealed class JinjaGroup : List<object?>
{
    public JinjaGroup(object? grouper, List<object?> items) : base(2)
    {
        Add(grouper);
        Add(items);
    }

    public bool TryGetField(string name, out object? value)
    {
        value = name switch { "grouper" => this[0], "list" => this[1], _ => null };
        return name is "grouper" or "list";
    }
}
