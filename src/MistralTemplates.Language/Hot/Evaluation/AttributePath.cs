using System.Collections.Generic;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>The path of a <c>get_attr</c> applied to an attribute's value, as Heat's select_from_attribute does.</summary>
public static class AttributePath
{
    /// <summary>
    /// Walks <paramref name="value"/> along <paramref name="path"/>: a string key into a mapping, an integer index
    /// into a list or a string (negative counts from the end). Anything that does not fit gives null.
    /// </summary>
    public static object? Select(object? value, IReadOnlyList<object?> path)
    {
        var current = value;
        foreach (var key in path)
        {
            if (current is DeferredValue || key is DeferredValue) return DeferredValue.Combine("get_attr path", PythonValues.FindDeferred(new List<object?> { current, key }));
            if (!TryStep(current, key, indexFromString: false, out current)) return null;
        }
        return current;
    }

    /// <summary>One step of a path; <paramref name="indexFromString"/> lets "0" index a list, as get_param allows.</summary>
    internal static bool TryStep(object? collection, object? key, bool indexFromString, out object? result)
    {
        result = null;
        if (key is bool flag) key = flag ? 1L : 0L;
        switch (collection)
        {
            case Dictionary<string, object?> map:
                return key is string name && map.TryGetValue(name, out result);
            case List<object?> list:
                if (!TryIndex(key, indexFromString, out var index) || !Normalize(ref index, list.Count)) return false;
                result = list[(int)index];
                return true;
            case string text:
                if (!TryIndex(key, indexFromString, out var at) || !Normalize(ref at, text.Length)) return false;
                result = text[(int)at].ToString();
                return true;
            default:
                return false;
        }
    }

    private static bool TryIndex(object? key, bool indexFromString, out long index)
    {
        index = 0;
        switch (key)
        {
            case long l:
                index = l;
                return true;
            case string s when indexFromString:
                return PythonValues.TryParseInt(s, out index);
            default:
                return false;
        }
    }

    private static bool Normalize(ref long index, int count)
    {
        if (index < 0) index += count;
        return index >= 0 && index < count;
    }
}
