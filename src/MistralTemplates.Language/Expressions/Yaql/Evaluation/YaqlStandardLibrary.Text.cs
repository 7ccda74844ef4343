using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>yaql's string functions beyond the basics, <c>format</c>, and its regular expression functions.</summary>
internal static partial class YaqlStandardLibrary
{
    private static void RegisterText(YaqlFunctions f)
    {
        f.Register("format", Format);
        f.Register("indexOf", c => c.Argument(0) is string ? (object)Find(c, last: false) : (long)IndexOf(YaqlValues.List(c, 0), c.Argument(1)));
        f.Register("lastIndexOf", c => c.Argument(0) is string ? (object)Find(c, last: true) : (long)LastIndexOf(YaqlValues.List(c, 0), c.Argument(1)));
        f.Register("isEmpty", c => c.Argument(0) is null || YaqlValues.String(c, 0).Trim().Length == 0);
        f.Register("norm", c => c.Argument(0) is null ? null : YaqlValues.String(c, 0).Trim() is { Length: > 0 } trimmed ? trimmed : null);
        f.Register("rightSplit", RightSplit);
        f.Register("substring", Substring);
        f.Register("toCharArray", c => TextElements(YaqlValues.String(c, 0)));
        f.Register("trimLeft", c => c.Has(1) ? YaqlValues.String(c, 0).TrimStart(YaqlValues.String(c, 1).ToCharArray()) : YaqlValues.String(c, 0).TrimStart());
        f.Register("trimRight", c => c.Has(1) ? YaqlValues.String(c, 0).TrimEnd(YaqlValues.String(c, 1).ToCharArray()) : YaqlValues.String(c, 0).TrimEnd());

        f.Register("characters", Characters);

        f.Register("regex", MakeRegex);
        f.Register("isRegex", c => c.Argument(0) is YaqlRegex);
        f.Register("escapeRegex", c => EscapeRegex(YaqlValues.String(c, 0)));
        f.Register("matches", Matches);
        f.Register("search", c => Search(c).FirstOrDefault());
        f.Register("searchAll", c => Search(c).ToList());
        f.Register("replaceBy", RegexReplace);
    }

    private static int IndexOf(List<object?> list, object? value) => list.FindIndex(i => PythonValues.AreEqual(i, value));

    private static int LastIndexOf(List<object?> list, object? value) => list.FindLastIndex(i => PythonValues.AreEqual(i, value));

    /// <summary>
    /// <c>s.indexOf(sub, start = 0, length = -1)</c> and <c>lastIndexOf</c>: where sub is found within the part of s
    /// from start (counted from the end when negative), length characters long (to the end when negative); -1 if not.
    /// </summary>
    private static long Find(YaqlInvocation c, bool last)
    {
        var text = YaqlValues.String(c, 0);
        var part = YaqlValues.String(c, 1);
        var start = c.Has(2) ? YaqlValues.Integer(c, 2) : 0;
        var length = c.Has(3) ? YaqlValues.Integer(c, 3) : -1;
        if (start < 0) start = Math.Max(0, text.Length + start);
        start = Math.Min(start, text.Length);
        var end = length < 0 ? text.Length : Math.Min(text.Length, start + length);
        var window = text.Substring((int)start, (int)(end - start));
        var found = last ? window.LastIndexOf(part, StringComparison.Ordinal) : window.IndexOf(part, StringComparison.Ordinal);
        return found < 0 ? -1 : start + found;
    }

    /// <summary><c>s.substring(start, length = -1)</c>: a negative start counts from the end, a negative length runs to the end.</summary>
    private static string Substring(YaqlInvocation c)
    {
        var text = YaqlValues.String(c, 0);
        var start = YaqlValues.Integer(c, 1);
        var length = c.Has(2) ? YaqlValues.Integer(c, 2) : -1;
        if (start < 0) start = Math.Max(0, text.Length + start);
        start = Math.Min(start, text.Length);
        var end = length < 0 ? text.Length : Math.Min(text.Length, start + length);
        return text.Substring((int)start, (int)(end - start));
    }

    private static List<object?> TextElements(string text)
    {
        var items = new List<object?>();
        for (var i = 0; i < text.Length; i++)
            items.Add(char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? text.Substring(i++, 2) : text[i].ToString());
        return items;
    }

    /// <summary>Python's str.rsplit: splits from the right, at most maxSplits times.</summary>
    private static List<object?> RightSplit(YaqlInvocation c)
    {
        var text = YaqlValues.String(c, 0);
        var separator = c.Has(1) ? c.Argument(1) : null;
        var maxSplits = c.Has(2) ? YaqlValues.Integer(c, 2) : -1;
        if (separator is null)
        {
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
            if (maxSplits < 0 || words.Count <= maxSplits + 1) return words.Cast<object?>().ToList();
            var keep = (int)maxSplits;
            var restEnd = text.TrimEnd().Length;
            for (var i = 0; i < keep; i++) restEnd = text.Substring(0, restEnd).TrimEnd().LastIndexOfAny(new[] { ' ', '\t', '\n', '\r', '\f', '\v' }) is var at and >= 0 ? at : restEnd;
            var head = text.Substring(0, restEnd).Trim();
            return new object?[] { head }.Concat(words.Skip(words.Count - keep).Cast<object?>()).ToList();
        }
        if (separator is not string sep || sep.Length == 0) throw new YaqlException("rightSplit() separator must be a non-empty string");
        var parts = new List<object?>();
        var end = text.Length;
        while (maxSplits < 0 || parts.Count < maxSplits)
        {
            var found = end - sep.Length < 0 ? -1 : text.LastIndexOf(sep, end - 1, StringComparison.Ordinal);
            if (found < 0 || found + sep.Length > end) break;
            parts.Insert(0, text.Substring(found + sep.Length, end - found - sep.Length));
            end = found;
        }
        parts.Insert(0, text.Substring(0, end));
        return parts;
    }

    /// <summary><c>s.replace({old =&gt; new, ...}, count = -1)</c>: each key replaced by its value's str() in turn.</summary>
    private static string ReplaceWithDict(YaqlInvocation c)
    {
        var text = YaqlValues.String(c, 0);
        var count = c.Has(2) ? YaqlValues.Integer(c, 2) : -1;
        foreach (var pair in YaqlValues.Dict(c, 1)) text = ReplaceCount(text, pair.Key, YaqlValues.Str(pair.Value), count);
        return text;
    }

    /// <summary>
    /// Python's str.format as yaql offers it: <c>{0}</c>, <c>{}</c> and <c>{name}</c> fields with an optional
    /// <c>:spec</c> (fill, alignment, width, precision and the d, f, s, x, e and % types), and <c>{{</c> / <c>}}</c>.
    /// </summary>
    private static string Format(YaqlInvocation c)
    {
        var template = YaqlValues.String(c, 0);
        var builder = new StringBuilder();
        var automatic = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var ch = template[i];
            if (ch == '}' )
            {
                if (i + 1 < template.Length && template[i + 1] == '}') i++;
                else throw new YaqlException("format() string has a single '}'; write '}}' for a brace");
                builder.Append('}');
                continue;
            }
            if (ch != '{') { builder.Append(ch); continue; }
            if (i + 1 < template.Length && template[i + 1] == '{') { builder.Append('{'); i++; continue; }
            var close = template.IndexOf('}', i);
            if (close < 0) throw new YaqlException("format() string has a '{' without its '}'");
            var field = template.Substring(i + 1, close - i - 1);
            var colon = field.IndexOf(':');
            var name = colon < 0 ? field : field.Substring(0, colon);
            var spec = colon < 0 ? "" : field.Substring(colon + 1);
            object? value;
            if (name.Length == 0) value = c.Argument(automatic++);
            else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var position)) value = c.Argument(position + 1);
            else if (c.HasNamed(name)) value = c.Named(name);
            else throw new YaqlException($"format() has no argument named '{name}'");
            builder.Append(FormatValue(value, spec));
            i = close;
        }
        return builder.ToString();
    }

    private static string FormatValue(object? value, string spec)
    {
        if (spec.Length == 0) return YaqlValues.Str(value);
        var match = Regex.Match(spec, @"^(?:(?<fill>.)?(?<align>[<>^=]))?(?<sign>[+\- ])?(?<zero>0)?(?<width>\d+)?(?<comma>,)?(?:\.(?<precision>\d+))?(?<type>[sdfFeExX%gGbo])?$");
        if (!match.Success) throw new YaqlException($"format() does not know the format spec '{spec}'");
        var precision = match.Groups["precision"].Success ? Bounded(match.Groups["precision"].Value, MaxPrecision) : (int?)null;
        var type = match.Groups["type"].Value;
        string text;
        switch (type)
        {
            case "d" when value is long l:
                text = match.Groups["comma"].Success ? l.ToString("N0", CultureInfo.InvariantCulture) : l.ToString(CultureInfo.InvariantCulture);
                break;
            case "x" or "X" when value is long l:
                text = l.ToString(type, CultureInfo.InvariantCulture);
                break;
            case "b" when value is long l:
                text = Convert.ToString(l, 2);
                break;
            case "o" when value is long l:
                text = Convert.ToString(l, 8);
                break;
            case "f" or "F" or "%" or "e" or "E" when value is long or double:
            {
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture) * (type == "%" ? 100 : 1);
                var digits = precision ?? 6;
                text = type is "e" or "E"
                    ? number.ToString((type == "e" ? "0." + new string('0', digits) + "e+00" : "0." + new string('0', digits) + "E+00"), CultureInfo.InvariantCulture)
                    : number.ToString((match.Groups["comma"].Success ? "N" : "F") + digits, CultureInfo.InvariantCulture) + (type == "%" ? "%" : "");
                break;
            }
            case "" or "s" or "g" or "G":
                text = YaqlValues.Str(value);
                if (precision is { } p && value is string && text.Length > p) text = text.Substring(0, p);
                break;
            default:
                throw new YaqlException($"format() cannot apply '{spec}' to {YaqlValues.Describe(value)}");
        }
        if (match.Groups["sign"].Value == "+" && value is long or double && !text.StartsWith("-", StringComparison.Ordinal)) text = "+" + text;
        var width = match.Groups["width"].Success ? Bounded(match.Groups["width"].Value, YaqlValues.MaxCollectionSize) : 0;
        if (text.Length >= width) return text;
        var fill = match.Groups["fill"].Success ? match.Groups["fill"].Value[0] : match.Groups["zero"].Success ? '0' : ' ';
        var align = match.Groups["align"].Success ? match.Groups["align"].Value : match.Groups["zero"].Success ? "=" : value is long or double ? ">" : "<";
        var padding = width - text.Length;
        return align switch
        {
            "<" => text + new string(fill, padding),
            "^" => new string(fill, padding / 2) + text + new string(fill, padding - padding / 2),
            "=" when text.Length > 0 && text[0] is '-' or '+' => text[0] + new string(fill, padding) + text.Substring(1),
            _ => new string(fill, padding) + text,
        };
    }

    /// <summary>The character classes of Python's string module that <c>characters(digits =&gt; true, ...)</c> names.</summary>
    private static readonly (string Name, string Characters)[] CharacterClasses =
    {
        ("digits", "0123456789"),
        ("hexdigits", "0123456789abcdefABCDEF"),
        ("asciiLowercase", "abcdefghijklmnopqrstuvwxyz"),
        ("asciiUppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("asciiLetters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("letters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("octdigits", "01234567"),
        ("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
        ("printable", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"),
        ("lowercase", "abcdefghijklmnopqrstuvwxyz"),
        ("uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("whitespace", " \t\n\r\x0b\x0c"),
    };

    /// <summary><c>characters(digits =&gt; true, ...)</c>: the set of the characters of the classes asked for.</summary>
    private static YaqlSet Characters(YaqlInvocation c) =>
        new(CharacterClasses.Where(k => PythonValues.IsTruthy(c.Named(k.Name, false)))
            .SelectMany(k => k.Characters).Select(ch => (object?)ch.ToString()));

    /// <summary>More digits than this after the point is refused rather than formatted.</summary>
    private const int MaxPrecision = 100;

    /// <summary>A width or precision of a format spec, refused beyond <paramref name="limit"/> so a spec cannot exhaust memory.</summary>
    private static int Bounded(string digits, int limit) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= limit ? value
            : throw new YaqlException($"format() width or precision {digits} is over the limit of {limit}");

    /// <summary><c>regex(pattern, ignoreCase =&gt; false, multiLine =&gt; false, dotAll =&gt; false)</c>.</summary>
    private static YaqlRegex MakeRegex(YaqlInvocation c)
    {
        var options = RegexOptions.None;
        if (PythonValues.IsTruthy(c.Named("ignoreCase", false))) options |= RegexOptions.IgnoreCase;
        if (PythonValues.IsTruthy(c.Named("multiLine", false))) options |= RegexOptions.Multiline;
        if (PythonValues.IsTruthy(c.Named("dotAll", false))) options |= RegexOptions.Singleline;
        return new YaqlRegex(YaqlValues.String(c, 0), options);
    }

    /// <summary>The regex and the text of a call written either way round: <c>regex.f(text)</c> or <c>text.f(regex)</c>.</summary>
    private static (YaqlRegex Regex, string Text) RegexAndText(YaqlInvocation c) => c.Argument(0) switch
    {
        YaqlRegex regex => (regex, YaqlValues.String(c, 1)),
        string text when c.Argument(1) is YaqlRegex regex => (regex, text),
        string text => (new YaqlRegex(YaqlValues.String(c, 1), RegexOptions.None), text),
        var other => throw YaqlValues.WrongType(c, 0, "a regex or a string", other),
    };

    private static object Matches(YaqlInvocation c)
    {
        var (regex, text) = RegexAndText(c);
        return regex.Run(r => r.IsMatch(text));
    }

    /// <summary><c>regex.search(text, selector?)</c> and <c>searchAll</c>: each match's text, or the selector's value for it.</summary>
    private static IEnumerable<object?> Search(YaqlInvocation c)
    {
        var (regex, text) = RegexAndText(c);
        foreach (Match match in regex.Run(r => r.Matches(text)))
        {
            if (!c.Has(2)) { yield return match.Value; continue; }
            var (data, variables) = regex.Publish(match);
            yield return c.LambdaIn(2, c.ScopeWith(data, variables));
        }
    }

    /// <summary>
    /// <c>regex.replace(text, replacement, count = -1)</c>, <c>text.replace(regex, ...)</c> and <c>replaceBy</c>, whose
    /// replacement is a selector evaluated for each match.
    /// </summary>
    private static string RegexReplace(YaqlInvocation c)
    {
        var (regex, text) = RegexAndText(c);
        var count = c.Has(3) ? YaqlValues.Integer(c, 3) : -1;
        var limit = count < 0 ? -1 : (int)Math.Min(int.MaxValue, count);
        if (c.Name == "replaceBy")
            return regex.Run(r => r.Replace(text, match =>
            {
                var (data, variables) = regex.Publish(match);
                return YaqlValues.Str(c.LambdaIn(2, c.ScopeWith(data, variables)));
            }, limit));
        var replacement = YaqlRegex.Replacement(YaqlValues.String(c, 2));
        return regex.Run(r => r.Replace(text, replacement, limit));
    }

    /// <summary><c>regex.split(text, maxSplit = 0)</c> or <c>text.split(regex, ...)</c>: Python's re.split, groups kept.</summary>
    private static List<object?> RegexSplit(YaqlInvocation c)
    {
        var (regex, text) = RegexAndText(c);
        var maxSplit = c.Has(2) ? YaqlValues.Integer(c, 2) : 0;
        var parts = maxSplit > 0 ? regex.Run(r => r.Split(text, (int)Math.Min(int.MaxValue - 1, maxSplit) + 1)) : regex.Run(r => r.Split(text));
        return parts.Cast<object?>().ToList();
    }

    /// <summary>Python's re.escape: a backslash before each character that means something in a pattern.</summary>
    private static string EscapeRegex(string text)
    {
        const string special = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (special.IndexOf(ch) >= 0) builder.Append('\\');
            builder.Append(ch);
        }
        return builder.ToString();
    }

    /// <summary><c>collection.join(other, predicate, selector)</c>: the selector's value for each pair the predicate accepts.</summary>
    private static List<object?> CollectionJoin(YaqlInvocation c)
    {
        var left = YaqlValues.List(c, 0);
        var right = YaqlValues.List(c, 1);
        var result = new List<object?>();
        foreach (var a in left)
            foreach (var b in right)
            {
                var pair = new[] { a, b };
                if (PythonValues.IsTruthy(c.LambdaOf(2, pair))) result.Add(c.LambdaOf(3, pair));
            }
        return result;
    }
}
