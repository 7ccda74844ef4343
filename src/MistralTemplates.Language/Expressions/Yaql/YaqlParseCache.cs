using System;
using System.Collections.Concurrent;

namespace MistralTemplates.Language.Expressions.Yaql;

/// <summary>
/// Parse results by expression text: a workflow evaluates the same few expressions over and over, and a parse
/// result is read-only, so it is parsed once. Syntax errors are kept too, as they are as cheap to keep.
/// </summary>
internal static class YaqlParseCache
{
    /// <summary>
    /// How many texts are kept. When full the cache starts over, so that texts built from data (a new
    /// expression per call) cannot grow it without end; the common expressions come back at once.
    /// </summary>
    public const int Capacity = 4096;

    /// <summary>Texts longer than this are parsed every time rather than kept.</summary>
    public const int MaxTextLength = 4096;

    private static readonly ConcurrentDictionary<string, YaqlParseResult> Cache = new(StringComparer.Ordinal);

    public static YaqlParseResult Parse(string text)
    {
        if (text is null || text.Length > MaxTextLength) return YaqlParser.Parse(text!);
        if (Cache.TryGetValue(text, out var cached)) return cached;
        var parsed = YaqlParser.Parse(text);
        if (Cache.Count >= Capacity) Cache.Clear();
        Cache[text] = parsed;
        return parsed;
    }

    /// <summary>How many texts are kept now (for tests).</summary>
    internal static int Count => Cache.Count;
}
