using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>repeat, map_merge, map_replace, list_concat, filter, contains, Fn::Select and Fn::MemberListToMap.</summary>
internal sealed partial class Evaluator
{
    /// <summary>repeat refuses to make more items than this: permutations of a few lists multiply quickly.</summary>
    internal const int MaxRepeatItems = 100_000;

    private static readonly Regex MemberKey = new(@"^\.member\.([0-9]+)\.(.*)", RegexOptions.CultureInvariant);

    /// <summary>
    /// <c>repeat: {for_each: {placeholder: list}, template: value}</c>: a copy of the template per combination
    /// of the lists' items (every permutation, or item by item with <c>permutations: false</c> from
    /// 2017-09-01), each placeholder replaced in the template's strings and keys. From 2016-10-14 a mapping
    /// stands for its keys.
    /// </summary>
    private object? Repeat(YamlEntry call, FunctionTable table)
    {
        if (ArgumentMap(call, table, "for_each", "template") is not { } args) return null;
        var permutations = true;
        if (Version.IsAtLeast(HotVersions.V20170901) && args["permutations"] is { } flagNode)
        {
            if (flagNode is not YamlScalar { Kind: YamlScalarKind.Bool } flag || !flag.TryGetBool(out permutations))
                return Wrong(call, $"permutations must be true or false, not {flagNode.Describe()}");
        }
        var forEachNode = args["for_each"]!;
        if (forEachNode is not YamlMapping) return Wrong(call, $"for_each must be a mapping of placeholders to lists, not {forEachNode.Describe()}");
        var mark = Mark;
        var forEach = Argument(forEachNode, table);
        var template = Argument(args["template"]!, table);
        if (FailedSince(mark)) return null;
        if (forEach is DeferredValue) return DeferredResult(call, forEach);
        if (forEach is not Dictionary<string, object?> lists) return Wrong(call, $"for_each must be a mapping of placeholders to lists, not {PythonValues.Describe(forEach)}");
        if (lists.Count == 0) return Wrong(call, "for_each must name at least one placeholder");
        if (ShallowDeferredResult(call, lists.Values) is { } deferredLists) return deferredLists;

        var mapsAllowed = permutations && Version.IsAtLeast(HotVersions.V20161014);
        var placeholders = lists.Keys.ToList();
        var columns = new List<List<object?>>();
        var lengths = new HashSet<int>();
        foreach (var pair in lists)
        {
            switch (pair.Value)
            {
                case null:
                    columns.Add(new List<object?>());
                    break;
                case List<object?> items:
                    columns.Add(items);
                    lengths.Add(items.Count);
                    break;
                case Dictionary<string, object?> map when mapsAllowed:
                    columns.Add(map.Keys.Cast<object?>().ToList());
                    lengths.Add(map.Count);
                    break;
                default:
                    return Wrong(call, $"the value of '{pair.Key}' in for_each must be a list{(mapsAllowed ? " or a mapping" : "")}, not {PythonValues.Describe(pair.Value)}");
            }
        }
        if (!permutations && lengths.Count > 1) return Wrong(call, "with permutations: false the lists of for_each must be of the same length");

        long count = permutations ? columns.Aggregate(1L, (n, c) => Math.Min(n * c.Count, MaxRepeatItems + 1L)) : columns.Min(c => c.Count);
        if (count > MaxRepeatItems) return Error(call.Key.Span, $"repeat would make more than {MaxRepeatItems} items.");
        if (count == 0) return new List<object?>();
        if (ContainsText(template))
        {
            if (DeferredResult(call, columns.Cast<object?>().ToArray()) is { } deferredItems) return deferredItems;
            foreach (var (column, index) in columns.Select((c, i) => (c, i)))
                foreach (var item in column)
                    if (item is not string)
                        return Wrong(call, $"the items of '{placeholders[index]}' replace text, so they must be strings; found {PythonValues.Describe(item)} ({PythonText.Repr(item)})");
        }

        var result = new List<object?>((int)count);
        var length = 0L;
        foreach (var combination in Combinations(columns, permutations))
        {
            var copy = ReplaceIn(template, placeholders, combination, 0, ref length);
            if (length > MaxTextLength) return TooLong(call);
            result.Add(copy);
        }
        return result;
    }

    /// <summary>Every permutation (the last list varies fastest, as itertools.product), or the items side by side.</summary>
    private static IEnumerable<object?[]> Combinations(List<List<object?>> columns, bool permutations)
    {
        if (!permutations)
        {
            var rows = columns.Min(c => c.Count);
            for (var r = 0; r < rows; r++) yield return columns.Select(c => c[r]).ToArray();
            yield break;
        }
        var positions = new int[columns.Count];
        while (true)
        {
            yield return columns.Select((c, i) => c[positions[i]]).ToArray();
            var k = columns.Count - 1;
            while (k >= 0 && ++positions[k] == columns[k].Count)
            {
                positions[k] = 0;
                k--;
            }
            if (k < 0) yield break;
        }
    }

    /// <summary>Whether any string (a value or a mapping key) is in the template, so the items must be strings.</summary>
    private static bool ContainsText(object? template)
    {
        var pending = new Stack<(object? Value, int Depth)>();
        pending.Push((template, 0));
        while (pending.Count > 0)
        {
            var (value, depth) = pending.Pop();
            if (depth > PythonValues.MaxValueDepth) continue;
            switch (value)
            {
                case string:
                    return true;
                case Dictionary<string, object?> map:
                    if (map.Count > 0) return true;
                    break;
                case List<object?> list:
                    foreach (var item in list) pending.Push((item, depth + 1));
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// A copy of <paramref name="template"/> with each placeholder replaced in turn, as Heat's repeat does
    /// (a later placeholder is also replaced inside the values of an earlier one). Counts the text made.
    /// The values are strings whenever the template holds text (checked before).
    /// </summary>
    private static object? ReplaceIn(object? template, List<string> placeholders, object?[] values, int depth, ref long length)
    {
        if (depth > PythonValues.MaxValueDepth) return null;
        switch (template)
        {
            case string text:
                for (var i = 0; i < placeholders.Count; i++)
                {
                    if (text.Length > MaxTextLength) break;
                    text = PythonText.Replace(text, placeholders[i], (string)values[i]!);
                }
                length += text.Length;
                return text;
            case List<object?> list:
            {
                var copy = new List<object?>(list.Count);
                foreach (var item in list) copy.Add(ReplaceIn(item, placeholders, values, depth + 1, ref length));
                return copy;
            }
            case Dictionary<string, object?> map:
            {
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var pair in map)
                    copy[(string)ReplaceIn(pair.Key, placeholders, values, depth + 1, ref length)!] = ReplaceIn(pair.Value, placeholders, values, depth + 1, ref length);
                return copy;
            }
            default:
                return template;
        }
    }

    /// <summary><c>map_merge: [mapping, ...]</c>: later keys win; null items count as empty.</summary>
    private object? MapMerge(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var args = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (ShallowDeferredResult(call, new[] { args }) is { } deferred) return deferred;
        if (args is not List<object?> maps) return Wrong(call, $"it takes a list of mappings, not {PythonValues.Describe(args)}");
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var item in maps)
        {
            if (item is null) continue;
            if (item is not Dictionary<string, object?> map) return Wrong(call, $"the items to merge must be mappings; {PythonText.Repr(item)} is {PythonValues.Describe(item)}");
            foreach (var pair in map) result[pair.Key] = pair.Value;
        }
        return result;
    }

    /// <summary>
    /// <c>map_replace: [mapping, {keys: {old: new}, values: {old: new}}]</c>. A new key may not collide with
    /// another key of the mapping; values are replaced when they equal a key of <c>values</c>.
    /// </summary>
    private object? MapReplace(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var args = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (args is DeferredValue) return DeferredResult(call, args);
        if (args is not List<object?> { Count: 2 } list) return Wrong(call, "it takes [mapping, {keys: {...}, values: {...}}]");
        if (ShallowDeferredResult(call, new object?[] { list }) is { } deferredArgs) return deferredArgs;
        if (!AsMap(call, list[0], out var input) || !AsMap(call, list[1], out var replacements)) return null;
        foreach (var key in replacements.Keys)
            if (key is not ("keys" or "values")) return Wrong(call, $"'{key}' is not one of keys, values");
        if (ShallowDeferredResult(call, replacements.Values) is { } deferredReplacements) return deferredReplacements;
        if (!AsMap(call, replacements.TryGetValue("keys", out var k) ? k : null, out var newKeys) ||
            !AsMap(call, replacements.TryGetValue("values", out var v) ? v : null, out var newValues))
            return null;
        if (ShallowDeferredResult(call, new object?[] { newKeys }) is { } deferredKeys) return deferredKeys;
        if (newValues.Count > 0 && ShallowDeferredResult(call, new object?[] { input }) is { } deferredValues) return deferredValues;

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in input)
        {
            var key = pair.Key;
            if (newKeys.TryGetValue(pair.Key, out var replacement) && replacement is not null)
            {
                key = PythonText.Str(replacement);
                if (input.ContainsKey(key) && key != pair.Key)
                    return Error(call.Key.Span, $"The key replacement '{key}' of map_replace collides with a key in the input map.");
                if (result.ContainsKey(key))
                    return Error(call.Key.Span, $"The key replacement '{key}' of map_replace collides with a key in the output map.");
            }
            result[key] = pair.Value is string text && newValues.TryGetValue(text, out var newValue) ? newValue : pair.Value;
        }
        return result;
    }

    /// <summary>A mapping argument; null counts as an empty one.</summary>
    private bool AsMap(YamlEntry call, object? value, out Dictionary<string, object?> map)
    {
        map = value as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        if (value is null or Dictionary<string, object?>) return true;
        Wrong(call, $"its arguments must be mappings, not {PythonValues.Describe(value)}");
        return false;
    }

    /// <summary><c>list_concat: [list, ...]</c>; the unique form keeps the first of equal items.</summary>
    private object? ListConcat(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var args = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (args is DeferredValue) return DeferredResult(call, args);
        if (args is not List<object?> lists) return Wrong(call, $"it takes a list of lists, not {PythonValues.Describe(args)}");
        if (ShallowDeferredResult(call, new object?[] { lists }) is { } deferred) return deferred;
        var result = new List<object?>();
        foreach (var item in lists)
        {
            if (item is null) continue;
            if (item is not List<object?> list) return Wrong(call, $"the items to concatenate must be lists; {PythonText.Repr(item)} is {PythonValues.Describe(item)}");
            result.AddRange(list);
        }
        if (call.KeyText != "list_concat_unique") return result;
        if (DeferredResult(call, result) is { } deferredItems) return deferredItems;
        var unique = new List<object?>();
        foreach (var item in result)
            if (!PythonValues.ListContains(unique, item)) unique.Add(item);
        return unique;
    }

    /// <summary><c>filter: [values_to_remove, list]</c>; an empty or null list is returned as it is.</summary>
    private object? Filter(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        var mark = Mark;
        var values = Argument(args.Items[0], table);
        var sequence = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, values, sequence) is { } deferred) return deferred;
        if (!PythonValues.IsTruthy(sequence)) return sequence;
        if (sequence is not List<object?> list) return Wrong(call, $"it filters a list, not {PythonValues.Describe(sequence)}");
        if (!PythonValues.IsTruthy(values)) return new List<object?>(list);
        if (values is not List<object?> removed) return Wrong(call, $"the values to remove must be a list, not {PythonValues.Describe(values)}");
        return list.Where(item => !PythonValues.ListContains(removed, item)).ToList();
    }

    /// <summary><c>contains: [value, list]</c>; on a string, whether the value is part of it.</summary>
    private object? Contains(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        var mark = Mark;
        var value = Argument(args.Items[0], table);
        var sequence = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, value, sequence) is { } deferred) return deferred;
        switch (sequence)
        {
            case List<object?> list:
                return PythonValues.ListContains(list, value);
            case string text:
                if (value is string part) return text.IndexOf(part, StringComparison.Ordinal) >= 0;
                return Wrong(call, $"to look into a string the value must be a string, not {PythonValues.Describe(value)}");
            default:
                return Wrong(call, $"the second argument must be a list, not {PythonValues.Describe(sequence)}");
        }
    }

    /// <summary>
    /// CFN's <c>Fn::Select: [index, list_or_mapping]</c> (up to 2015-04-30). A string is read as JSON; an index
    /// that is not there gives an empty string.
    /// </summary>
    private object? FnSelect(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        var mark = Mark;
        var index = Argument(args.Items[0], table);
        var collection = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, index, collection) is { } deferred) return deferred;
        if (collection is "") return string.Empty;
        if (collection is string json)
        {
            if (!JsonText.TryParse(json, out var parsed, out var error)) return Error(call.Key.Span, $"Fn::Select: the text is not JSON: {error}.");
            collection = LiteralValues.FromJson(parsed);
        }
        if (collection is Dictionary<string, object?> map)
        {
            if (index is not string key) return Wrong(call, $"the index into a mapping must be a string, not {PythonValues.Describe(index)}");
            return map.TryGetValue(key, out var found) ? found : string.Empty;
        }
        if (collection is List<object?> list)
        {
            if (!PythonValues.TryToInt(index, out var position)) return Wrong(call, $"the index into a list must be an integer, not {PythonText.Repr(index)}");
            var at = position < 0 ? position + list.Count : position;
            return at >= 0 && at < list.Count ? list[(int)at] : string.Empty;
        }
        if (collection is null) return string.Empty;
        return Wrong(call, $"it selects from a list or a mapping, not {PythonValues.Describe(collection)}");
    }

    /// <summary>
    /// CFN's <c>Fn::MemberListToMap: [key_name, value_name, ['.member.0.key_name=k', '.member.0.value_name=v', ...]]</c>.
    /// </summary>
    private object? FnMemberListToMap(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 3, 3) is not { } args) return null;
        if (args.Items[0] is not YamlScalar { Kind: YamlScalarKind.String } keyName || args.Items[1] is not YamlScalar { Kind: YamlScalarKind.String } valueName)
            return Wrong(call, "the key and value names must be strings written in the template");
        var mark = Mark;
        var members = Argument(args.Items[2], table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, members) is { } deferred) return deferred;
        if (members is not List<object?> list) return Wrong(call, $"the member list must be a list, not {PythonValues.Describe(members)}");
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not string text) return Wrong(call, $"the member list items must be strings, not {PythonValues.Describe(item)}");
            var equals = text.IndexOf('=');
            if (equals < 0) return Wrong(call, $"'{text}' is not of the form .member.N.name=value");
            pairs[text.Substring(0, equals)] = text.Substring(equals + 1);
        }
        var byIndex = new SortedDictionary<long, Dictionary<string, string>>();
        foreach (var pair in pairs)
        {
            var match = MemberKey.Match(pair.Key);
            if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) continue;
            if (!byIndex.TryGetValue(n, out var member)) byIndex[n] = member = new Dictionary<string, string>(StringComparer.Ordinal);
            member[match.Groups[2].Value] = pair.Value;
        }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var member in byIndex.Values)
            if (member.TryGetValue(keyName.Value, out var key) && member.TryGetValue(valueName.Value, out var value)) result[key] = value;
        return result;
    }
}
