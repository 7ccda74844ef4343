using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>yaql's collection queries, set functions, branching helpers and context functions.</summary>
internal static partial class YaqlStandardLibrary
{
    private static void RegisterQueries(YaqlFunctions f)
    {
        f.Register("examine", c => Enumerable.Range(0, c.Count).Select(i => (object?)PythonValues.IsTruthy(c.Argument(i))).ToList());
        f.Register("selectAllCases", c => Enumerable.Range(0, c.Count).Where(i => PythonValues.IsTruthy(c.Argument(i))).Select(i => (object?)(long)i).ToList());
        f.Register("selectCase", c => (long)Enumerable.Range(0, c.Count).Concat(new[] { c.Count }).First(i => i == c.Count || PythonValues.IsTruthy(c.Argument(i))));
        f.Register("switchCase", SwitchCase);

        f.Register("containsValue", c => PythonValues.ListContains(YaqlValues.Dict(c, 0).Values.ToList(), c.Argument(1)));
        f.Register("delete", Delete);
        f.Register("deleteAll", c => Without(YaqlValues.Dict(c, 0), YaqlValues.List(c, 1)));
        f.Register("set", SetOrUpdate);
        f.Register("toSet", c => new YaqlSet(YaqlValues.List(c, 0)));
        f.Register("isSet", c => c.Argument(0) is YaqlSet);
        f.Register("add", c => new YaqlSet(YaqlValues.List(c, 0).Concat(Enumerable.Range(1, c.Count - 1).Select(c.Argument))));
        f.Register("remove", c => Remove(YaqlValues.List(c, 0), Enumerable.Range(1, c.Count - 1).Select(c.Argument)));
        f.Register("union", c => new YaqlSet(Enumerable.Range(0, c.Count).SelectMany(i => YaqlValues.List(c, i))));
        f.Register("difference", c => Remove(YaqlValues.List(c, 0), YaqlValues.List(c, 1)));
        f.Register("intersect", c => Intersect(YaqlValues.List(c, 0), YaqlValues.List(c, 1)));
        f.Register("symmetricDifference", SymmetricDifference);
        f.Register("toDict", c => YaqlValues.List(c, 0).Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal),
            (map, item) => { map[YaqlValues.Key(c.Lambda(1, item))] = c.Has(2) ? c.Lambda(2, item) : item; return map; }));
        f.Register("insert", c => InsertAt(c, new List<object?> { c.Argument(2) }, python: true));
        f.Register("insertMany", c => InsertAt(c, YaqlValues.List(c, 2), python: false));
        f.Register("replaceMany", c => ReplaceItems(c, YaqlValues.List(c, 2)));
        f.Register("append", c => YaqlValues.List(c, 0).Concat(Enumerable.Range(1, c.Count - 1).Select(c.Argument)).ToList());
        f.Register("repeat", Repeat);
        f.Register("reverse", c => Enumerable.Reverse(YaqlValues.List(c, 0)).ToList());
        f.Register("selectMany", c => YaqlValues.List(c, 0).SelectMany(i => c.Lambda(1, i) is List<object?> l ? l : new List<object?> { c.Lambda(1, i) }).ToList());
        f.Register("single", c => YaqlValues.List(c, 0) is { Count: 1 } one ? one[0] : throw new YaqlException("single() needs a collection of exactly one item"));
        f.Register("skipWhile", c => YaqlValues.List(c, 0).SkipWhile(i => PythonValues.IsTruthy(c.Lambda(1, i))).ToList());
        f.Register("takeWhile", c => YaqlValues.List(c, 0).TakeWhile(i => PythonValues.IsTruthy(c.Lambda(1, i))).ToList());
        f.Register("slice", Slice);
        f.Register("sliceWhere", c => SliceWhere(c, YaqlValues.List(c, 0)));
        f.Register("splitAt", c => SplitAt(YaqlValues.List(c, 0), YaqlValues.Integer(c, 1)));
        f.Register("splitWhere", SplitWhere);
        f.Register("zip", c => Zip(c, longest: false));
        f.Register("zipLongest", c => Zip(c, longest: true));
        f.Register("enumerate", c => YaqlValues.List(c, 0).Select((item, i) => (object?)new List<object?> { (c.Has(1) ? YaqlValues.Integer(c, 1) : 0) + i, item }).ToList());
        f.Register("generate", Generate);
        f.Register("generateMany", GenerateMany);
        f.Register("groupBy", GroupBy);
        f.Register("indexWhere", c => (long)YaqlValues.List(c, 0).FindIndex(i => PythonValues.IsTruthy(c.Lambda(1, i))));
        f.Register("lastIndexWhere", c => (long)YaqlValues.List(c, 0).FindLastIndex(i => PythonValues.IsTruthy(c.Lambda(1, i))));
        f.Register("isIterable", c => c.Argument(0) is List<object?>);
        f.Register("mergeWith", MergeWith);
        f.Register("thenBy", c => ThenBy(c, false));
        f.Register("thenByDescending", c => ThenBy(c, true));
        f.Register("accumulate", Accumulate);
        f.Register("aggregate", Fold);
        f.Register("reduce", Fold);
        f.Register("defaultIfEmpty", c => YaqlValues.List(c, 0) is { Count: > 0 } items ? items : c.Argument(1));
        f.Register("with", With);
        f.Register("unpack", Unpack);
        f.Register("assert", Assert);
        f.Register("def", Define);
        f.Register("call", CallByName);
    }

    /// <summary><c>def(name, body) -&gt; ...</c>: a scope in which <c>name(args)</c> evaluates body with the arguments.</summary>
    private static object Define(YaqlInvocation c)
    {
        var name = YaqlValues.String(c, 0);
        var body = c.Unevaluated(1) ?? throw new YaqlException("def() needs a name and a body");
        return c.Scope.WithFunction(name, body);
    }

    /// <summary><c>call(name, args, kwargs, receiver?)</c>: the function called name, with those arguments.</summary>
    private static object? CallByName(YaqlInvocation c)
    {
        var name = YaqlValues.String(c, 0);
        var arguments = YaqlValues.List(c, 1);
        var named = YaqlValues.Dict(c, 2);
        return c.CallWithValues(name, arguments, named, c.Has(3), c.Has(3) ? c.Argument(3) : null);
    }

    /// <summary><c>n.switchCase(a, b, c)</c>: the n-th value, or the last when n is out of range.</summary>
    private static object? SwitchCase(YaqlInvocation c)
    {
        var index = YaqlValues.Integer(c, 0);
        var last = c.Count - 1;
        if (last < 1) throw new YaqlException("switchCase() needs at least one case");
        return c.Argument(index >= 0 && index < last ? (int)index + 1 : last);
    }

    /// <summary><c>list.delete(position, count = 1)</c> (a negative count deletes to the end); <c>dict.delete(keys...)</c>.</summary>
    private static object Delete(YaqlInvocation c)
    {
        if (c.Argument(0) is Dictionary<string, object?> map) return Without(map, Enumerable.Range(1, c.Count - 1).Select(c.Argument));
        var list = YaqlValues.List(c, 0);
        var (start, end) = Span(list, YaqlValues.Integer(c, 1), c.Has(2) ? YaqlValues.Integer(c, 2) : 1);
        return list.Take(start).Concat(list.Skip(end)).ToList();
    }

    /// <summary>The items from <paramref name="position"/> on, <paramref name="count"/> of them (all when negative).</summary>
    private static (int Start, int End) Span(List<object?> list, long position, long count)
    {
        var start = (int)Math.Max(0, Math.Min(list.Count, position));
        var end = count < 0 || count >= list.Count - start ? list.Count : start + (int)count;
        return (start, end);
    }

    private static Dictionary<string, object?> Without(Dictionary<string, object?> map, IEnumerable<object?> keys)
    {
        var copy = new Dictionary<string, object?>(map, StringComparer.Ordinal);
        foreach (var key in keys) copy.Remove(YaqlValues.Key(key));
        return copy;
    }

    /// <summary><c>set(a, b)</c> builds a set; <c>dict.set(key, value)</c> or <c>dict.set(key =&gt; value, ...)</c> updates a copy.</summary>
    private static object SetOrUpdate(YaqlInvocation c)
    {
        if (!(c.IsMethod && c.Argument(0) is Dictionary<string, object?> map))
            return new YaqlSet(Enumerable.Range(0, c.Count).Select(c.Argument));
        var copy = new Dictionary<string, object?>(map, StringComparer.Ordinal);
        if (c.Count == 3) copy[YaqlValues.Key(c.Argument(1))] = c.Argument(2);
        for (var i = 1; i < c.Count && c.Count != 3; i++)
            foreach (var pair in YaqlValues.Dict(c, i)) copy[pair.Key] = pair.Value;
        for (var i = 0; i < c.NamedCount; i++) copy[YaqlValues.Key(c.NamedKey(i))] = c.NamedValue(i);
        return copy;
    }

    private static YaqlSet Remove(IEnumerable<object?> items, IEnumerable<object?> removed)
    {
        var gone = new YaqlSet(removed);
        return new YaqlSet(items.Where(i => !gone.Holds(i)));
    }

    private static YaqlSet Intersect(IEnumerable<object?> items, IEnumerable<object?> other)
    {
        var kept = new YaqlSet(other);
        return new YaqlSet(items.Where(kept.Holds));
    }

    private static YaqlSet SymmetricDifference(YaqlInvocation c)
    {
        var a = new YaqlSet(YaqlValues.List(c, 0));
        var b = new YaqlSet(YaqlValues.List(c, 1));
        return new YaqlSet(a.Where(i => !b.Holds(i)).Concat(b.Where(i => !a.Holds(i))));
    }

    /// <summary>
    /// <c>insert</c> follows Python's list.insert (a negative position counts from the end);
    /// <c>insertMany</c> puts the values first for a negative position. Both append beyond the end.
    /// </summary>
    private static List<object?> InsertAt(YaqlInvocation c, List<object?> values, bool python)
    {
        if (c.Argument(0) is YaqlSet) throw new YaqlException($"{c.Name}() needs a list; a set has no positions (sort it first)");
        var list = new List<object?>(YaqlValues.List(c, 0));
        var position = YaqlValues.Integer(c, 1);
        if (position < 0) position = python ? Math.Max(0, list.Count + position) : 0;
        list.InsertRange((int)Math.Min(list.Count, position), values);
        return list;
    }

    /// <summary><c>list.replace(position, value, count = 1)</c> and <c>replaceMany</c>: the span is replaced by the values.</summary>
    private static List<object?> ReplaceItems(YaqlInvocation c, List<object?> values)
    {
        var list = YaqlValues.List(c, 0);
        var (start, end) = Span(list, YaqlValues.Integer(c, 1), c.Has(3) ? YaqlValues.Integer(c, 3) : 1);
        return list.Take(start).Concat(values).Concat(list.Skip(end)).ToList();
    }

    private static List<object?> Repeat(YaqlInvocation c)
    {
        if (!c.Has(1)) throw new YaqlException($"repeat() without a count never ends; give one (at most {YaqlValues.MaxCollectionSize})");
        var count = Math.Max(0, YaqlValues.Integer(c, 1));
        YaqlValues.CheckSize(count);
        var value = c.Argument(0);
        return Enumerable.Repeat(value, (int)count).ToList();
    }

    private static List<object?> Slice(YaqlInvocation c)
    {
        var list = YaqlValues.List(c, 0);
        var size = YaqlValues.Integer(c, 1);
        if (size < 1) throw new YaqlException("slice() needs a length of at least 1");
        var slices = new List<object?>();
        for (var i = 0; i < list.Count; i += (int)Math.Min(size, int.MaxValue))
            slices.Add(list.Skip(i).Take((int)Math.Min(size, int.MaxValue)).ToList());
        return slices;
    }

    /// <summary><c>sliceWhere(predicate)</c>: a new slice starts wherever the predicate's value changes.</summary>
    private static List<object?> SliceWhere(YaqlInvocation c, List<object?> list)
    {
        var slices = new List<object?>();
        List<object?>? current = null;
        object? previous = null;
        foreach (var item in list)
        {
            var key = c.Lambda(1, item);
            if (current is null || !PythonValues.AreEqual(key, previous)) slices.Add(current = new List<object?>());
            current.Add(item);
            previous = key;
        }
        return slices;
    }

    private static List<object?> SplitAt(List<object?> list, long position)
    {
        var at = (int)Math.Max(0, Math.Min(list.Count, position));
        return new List<object?> { list.Take(at).ToList(), list.Skip(at).ToList() };
    }

    /// <summary><c>splitWhere(predicate)</c>: the items that satisfy the predicate separate the parts and are dropped.</summary>
    private static List<object?> SplitWhere(YaqlInvocation c)
    {
        var parts = new List<object?>();
        var current = new List<object?>();
        foreach (var item in YaqlValues.List(c, 0))
        {
            if (PythonValues.IsTruthy(c.Lambda(1, item)))
            {
                parts.Add(current);
                current = new List<object?>();
            }
            else current.Add(item);
        }
        parts.Add(current);
        return parts;
    }

    private static List<object?> Zip(YaqlInvocation c, bool longest)
    {
        var lists = Enumerable.Range(0, c.Count).Select(i => YaqlValues.List(c, i)).ToList();
        var fallback = c.Named("default");
        var length = lists.Count == 0 ? 0 : longest ? lists.Max(l => l.Count) : lists.Min(l => l.Count);
        return Enumerable.Range(0, length)
            .Select(i => (object?)lists.Select(l => i < l.Count ? l[i] : fallback).ToList())
            .ToList();
    }

    /// <summary><c>generate(initial, condition, next, selector?)</c>: values from initial while the condition holds.</summary>
    private static List<object?> Generate(YaqlInvocation c)
    {
        var result = new List<object?>();
        for (var value = c.Argument(0); PythonValues.IsTruthy(c.Lambda(1, value)); value = c.Lambda(2, value))
        {
            YaqlValues.CheckSize(result.Count + 1);
            result.Add(c.Has(3) ? c.Lambda(3, value) : value);
        }
        return result;
    }

    /// <summary>
    /// <c>generateMany(initial, producer, selector?, decycle =&gt; false, depthFirst =&gt; false)</c>: every value the
    /// producer reaches from the initial one, breadth first unless told otherwise, each once when decycling.
    /// </summary>
    private static List<object?> GenerateMany(YaqlInvocation c)
    {
        var decycle = PythonValues.IsTruthy(c.Named("decycle", false));
        var depthFirst = PythonValues.IsTruthy(c.Named("depthFirst", false));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new LinkedList<object?>();
        pending.AddLast(c.Argument(0));
        var result = new List<object?>();
        while (pending.Count > 0)
        {
            var value = pending.First!.Value;
            pending.RemoveFirst();
            if (decycle && !seen.Add(YaqlValues.EqualityKey(value))) continue;
            YaqlValues.CheckSize(result.Count + 1);
            result.Add(c.TryLambda(2, "selector", new[] { value }, out var selected) ? selected : value);
            var produced = c.Lambda(1, value) as List<object?> ?? throw new YaqlException("generateMany() producer must give a list");
            if (depthFirst)
                foreach (var next in Enumerable.Reverse(produced)) pending.AddFirst(next);
            else
                foreach (var next in produced) pending.AddLast(next);
        }
        return result;
    }

    /// <summary>
    /// <c>groupBy(key, value?, aggregator?)</c>: <c>[key, values]</c> pairs in order of first appearance. The
    /// aggregator gets each group's values; when that fails it gets the <c>[key, values]</c> pair instead and
    /// gives the pair, as yaql 1.1.1's form of the function did.
    /// </summary>
    private static List<object?> GroupBy(YaqlInvocation c)
    {
        var groups = new List<(object? Key, List<object?> Values)>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in YaqlValues.List(c, 0))
        {
            var key = c.Lambda(1, item);
            var value = c.TryLambda(2, "valueSelector", new[] { item }, out var selected) ? selected : item;
            if (!byKey.TryGetValue(YaqlValues.EqualityKey(key), out var index))
            {
                byKey[YaqlValues.EqualityKey(key)] = index = groups.Count;
                groups.Add((key, new List<object?>()));
            }
            groups[index].Values.Add(value);
        }
        var hasAggregator = c.Has(3) || c.HasNamed("aggregator");
        var oldForm = false;
        return groups.Select(g => (object?)(hasAggregator ? Aggregated(c, g.Key, g.Values, ref oldForm) : new List<object?> { g.Key, g.Values })).ToList();
    }

    private static object? Aggregated(YaqlInvocation c, object? key, List<object?> values, ref bool oldForm)
    {
        var pair = new List<object?> { key, values };
        if (!oldForm)
        {
            try
            {
                c.TryLambda(3, "aggregator", new object?[] { values }, out var result);
                return new List<object?> { key, result };
            }
            catch (YaqlException)
            {
                oldForm = true;
            }
        }
        c.TryLambda(3, "aggregator", new object?[] { pair }, out var old);
        return old is List<object?> { Count: 2 } ? old : throw new YaqlException("groupBy() aggregator must give a [key, value] pair");
    }

    /// <summary>
    /// <c>a.mergeWith(b, listMerger?, itemMerger?, maxLevels =&gt; 0)</c>: b's keys merged into a; nested dicts merge
    /// deeper (up to maxLevels when it is not 0), lists join without repeats, other values are b's.
    /// </summary>
    private static Dictionary<string, object?> MergeWith(YaqlInvocation c)
    {
        var maxLevels = c.Named("maxLevels", 0L) as long? ?? throw new YaqlException("mergeWith() maxLevels must be an integer");
        return Merge(c, YaqlValues.Dict(c, 0), YaqlValues.Dict(c, 1), maxLevels);
    }

    private static Dictionary<string, object?> Merge(YaqlInvocation c, Dictionary<string, object?> a, Dictionary<string, object?> b, long maxLevels)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in a)
        {
            result[pair.Key] = pair.Value;
            if (!b.TryGetValue(pair.Key, out var other)) continue;
            if (maxLevels != 1 && other is Dictionary<string, object?> otherMap)
                result[pair.Key] = Merge(c, pair.Value as Dictionary<string, object?>
                    ?? throw new YaqlException($"mergeWith() cannot merge a dict into {YaqlValues.Describe(pair.Value)} at '{pair.Key}'"),
                    otherMap, maxLevels == 0 ? 0 : maxLevels - 1);
            else if (maxLevels != 1 && other is List<object?> otherList)
                result[pair.Key] = c.TryLambda(2, "listMerger", new[] { pair.Value, other }, out var merged) ? merged
                    : new YaqlSet((pair.Value as List<object?> ?? throw new YaqlException($"mergeWith() cannot merge a list into {YaqlValues.Describe(pair.Value)} at '{pair.Key}'")).Concat(otherList)).ToList();
            else
                result[pair.Key] = c.TryLambda(3, "itemMerger", new[] { pair.Value, other }, out var item) ? item : other;
        }
        foreach (var pair in b)
            if (!result.ContainsKey(pair.Key)) result[pair.Key] = pair.Value;
        return result;
    }

    private static YaqlOrderedList ThenBy(YaqlInvocation c, bool descending)
    {
        if (c.Argument(0) is not YaqlOrderedList ordered) throw YaqlValues.WrongType(c, 0, "the result of orderBy()", c.Argument(0));
        return Sorted(c, ordered.Sorted.Select(e => (e.Item, new List<(object?, bool)>(e.Keys) { (c.Lambda(1, e.Item), descending) })));
    }

    /// <summary>Sorts stably by the keys in turn, each ascending or descending.</summary>
    private static YaqlOrderedList Sorted(YaqlInvocation c, IEnumerable<(object? Item, List<(object? Key, bool Descending)> Keys)> entries)
    {
        int Compare(List<(object? Key, bool Descending)> a, List<(object? Key, bool Descending)> b)
        {
            for (var i = 0; i < a.Count; i++)
            {
                var order = YaqlOperators.Compare("<", a[i].Key, b[i].Key, c.Call);
                if (order != 0) return a[i].Descending ? -order : order;
            }
            return 0;
        }
        return new YaqlOrderedList(entries.OrderBy(e => e.Keys, Comparer<List<(object?, bool)>>.Create(Compare)).ToList());
    }

    private static List<object?> Accumulate(YaqlInvocation c)
    {
        var list = YaqlValues.List(c, 0);
        var result = new List<object?>();
        if (list.Count == 0 && !c.Has(2)) return result;
        var value = c.Has(2) ? c.Argument(2) : list[0];
        result.Add(value);
        foreach (var item in c.Has(2) ? list : list.Skip(1)) result.Add(value = c.LambdaOf(1, new[] { value, item }));
        return result;
    }

    private static object? Fold(YaqlInvocation c)
    {
        var list = YaqlValues.List(c, 0);
        if (list.Count == 0) return c.Has(2) ? c.Argument(2) : throw new YaqlException($"{c.Name}() of an empty collection and no initial value given");
        var value = c.Has(2) ? c.Argument(2) : list[0];
        foreach (var item in c.Has(2) ? list : list.Skip(1)) value = c.LambdaOf(1, new[] { value, item });
        return value;
    }

    /// <summary><c>with(a, b) -&gt; ...</c>: <c>$</c> and <c>$1</c> are a, <c>$2</c> is b.</summary>
    private static object With(YaqlInvocation c)
    {
        var values = Enumerable.Range(0, c.Count).Select(c.Argument).ToList();
        return c.ScopeWith(values.Count > 0 ? values[0] : null, Numbered(values));
    }

    /// <summary><c>[a, b].unpack() -&gt; $1 + $2</c>, or with names: <c>unpack(x, y) -&gt; $x + $y</c>.</summary>
    private static object Unpack(YaqlInvocation c)
    {
        var values = YaqlValues.List(c, 0);
        if (c.Count == 1) return c.ScopeWith(values, Numbered(values));
        if (c.Count - 1 != values.Count) throw new YaqlException($"unpack() got {c.Count - 1} names for {values.Count} values");
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 1; i < c.Count; i++) variables[YaqlValues.String(c, i)] = values[i - 1];
        return c.ScopeWith(values, variables);
    }

    private static Dictionary<string, object?> Numbered(List<object?> values)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++) variables[(i + 1).ToString(CultureInfo.InvariantCulture)] = values[i];
        return variables;
    }

    /// <summary><c>value.assert(predicate, message?)</c>: the value when the predicate holds for it, else an error.</summary>
    private static object? Assert(YaqlInvocation c)
    {
        var value = c.Argument(0);
        if (PythonValues.IsTruthy(c.Lambda(1, value))) return value;
        throw new YaqlException(c.Has(2) ? YaqlValues.Str(c.Argument(2)) : "assertion failed");
    }
}
