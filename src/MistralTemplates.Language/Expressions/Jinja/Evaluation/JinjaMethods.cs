using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>
/// The Python methods of dicts, strings and lists that workflows call in expressions
/// (<c>_.get('k', 1)</c>, <c>_.csv.split(',')</c>). In Jinja a method name wins over a key of the same
/// name, so <c>_.items</c> is the method, never the key <c>items</c>.
/// </summary>
internal static class JinjaMethods
{
    private static readonly HashSet<string> DictMethods = new(StringComparer.Ordinal)
    {
        "get", "keys", "values", "items", "copy", "pop", "popitem", "update", "clear", "setdefault", "fromkeys",
    };

    private static readonly HashSet<string> StringMethods = new(StringComparer.Ordinal)
    {
        "upper", "lower", "strip", "lstrip", "rstrip", "split", "startswith", "endswith", "replace", "join", "title",
        "capitalize", "find", "count", "format", "isdigit",
    };

    private static readonly HashSet<string> ListMethods = new(StringComparer.Ordinal) { "index", "count", "append", "pop" };

    public static bool IsMethod(object? target, string name) => target switch
    {
        Dictionary<string, object?> => DictMethods.Contains(name),
        string => StringMethods.Contains(name),
        List<object?> => ListMethods.Contains(name),
        _ => false,
    };

    public static JinjaEvaluationException NotCalled(JinjaAttribute node, object? target) =>
        new(node, $"'{node.Name}' is a method of {JinjaValues.TypeName(target)}, not a value" +
            (target is Dictionary<string, object?> ? $"; to read the key write ['{node.Name}']" : ""));

    public static object? Call(JinjaCall call, JinjaAttribute method, object? target, List<object?> args, Dictionary<string, object?> keywords)
    {
        object? Arg(int index, object? fallback = null) => index < args.Count ? args[index] : fallback;
        string Text(int index)
        {
            var value = Arg(index);
            return value as string ?? throw new JinjaEvaluationException(call, $"{method.Name}() needs a string, not '{JinjaValues.TypeName(value)}'");
        }
        var name = method.Name;
        switch (target)
        {
            case Dictionary<string, object?> map:
                switch (name)
                {
                    case "get": return Arg(0) is string key && map.TryGetValue(key, out var value) ? value : Arg(1);
                    case "keys": return map.Keys.Cast<object?>().ToList();
                    case "values": return map.Values.ToList();
                    case "items": return map.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList();
                }
                break;
            case string s:
                switch (name)
                {
                    case "upper": return s.ToUpperInvariant();
                    case "lower": return s.ToLowerInvariant();
                    case "title": return System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant());
                    case "capitalize": return s.Length == 0 ? s : s.Substring(0, 1).ToUpperInvariant() + s.Substring(1).ToLowerInvariant();
                    case "strip": return Arg(0) is string c ? s.Trim(c.ToCharArray()) : s.Trim();
                    case "lstrip": return Arg(0) is string l ? s.TrimStart(l.ToCharArray()) : s.TrimStart();
                    case "rstrip": return Arg(0) is string r ? s.TrimEnd(r.ToCharArray()) : s.TrimEnd();
                    case "startswith": return s.StartsWith(Text(0), StringComparison.Ordinal);
                    case "endswith": return s.EndsWith(Text(0), StringComparison.Ordinal);
                    case "find": return (long)s.IndexOf(Text(0), StringComparison.Ordinal);
                    case "count": return Text(0).Length == 0 ? s.Length + 1L : (long)((s.Length - s.Replace(Text(0), "").Length) / Text(0).Length);
                    case "isdigit": return s.Length > 0 && s.All(char.IsDigit);
                    case "replace":
                    {
                        long occurrences = Text(0).Length == 0 ? s.Length + 1 : (s.Length - s.Replace(Text(0), "").Length) / Text(0).Length;
                        JinjaValues.CheckSize(call, s.Length + occurrences * (Text(1).Length - (long)Text(0).Length));
                        return PythonText.Replace(s, Text(0), Text(1));
                    }
                    case "join":
                        JinjaValues.CheckSize(call, JinjaValues.Weight(Arg(0)) + (long)s.Length * (JinjaValues.Iterate(Arg(0))?.Count ?? 0));
                        return string.Join(s, (JinjaValues.Iterate(Arg(0)) ?? throw new JinjaEvaluationException(call, "join() needs a list"))
                            .Select(i => i as string ?? throw new JinjaEvaluationException(call, $"join() needs strings, found '{JinjaValues.TypeName(i)}'")));
                    case "split":
                    {
                        var separator = Arg(0, keywords.TryGetValue("sep", out var sep) ? sep : null);
                        var max = Arg(1, keywords.TryGetValue("maxsplit", out var m) ? m : -1L) is long n ? n : -1;
                        if (separator is null)
                        {
                            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                            return (max < 0 || words.Length <= max + 1 ? words : s.Split((char[]?)null, (int)max + 1, StringSplitOptions.RemoveEmptyEntries))
                                .Cast<object?>().ToList();
                        }
                        if (separator is not string text || text.Length == 0) throw new JinjaEvaluationException(call, "split() needs a non-empty separator");
                        var parts = max < 0 ? s.Split(new[] { text }, StringSplitOptions.None) : s.Split(new[] { text }, (int)Math.Min(int.MaxValue, max + 1), StringSplitOptions.None);
                        return parts.Cast<object?>().ToList();
                    }
                }
                break;
            case List<object?> list:
                switch (name)
                {
                    case "count": return (long)list.Count(i => JinjaValues.Equal(i, Arg(0)));
                    case "index":
                    {
                        var index = list.FindIndex(i => JinjaValues.Equal(i, Arg(0)));
                        return index >= 0 ? (long)index : throw new JinjaEvaluationException(call, JinjaValues.Repr(Arg(0)) + " is not in list");
                    }
                }
                break;
        }
        // The sandbox Mistral runs Jinja in refuses methods that change a value.
        throw new JinjaEvaluationException(call, $"{JinjaValues.TypeName(target)}.{name}() is not supported in expressions");
    }
}
