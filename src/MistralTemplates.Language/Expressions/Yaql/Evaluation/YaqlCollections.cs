using System.Collections.Generic;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// A set built by <c>set(...)</c>, <c>toSet()</c> or a set operation: a list without repeated items (1 and 1.0
/// are the same item) that compares as a set and becomes a plain list when it leaves the evaluator, as
/// yaql's engine turns sets into lists in its output.
/// </summary>
internal sealed class YaqlSet : List<object?>
{
    private readonly HashSet<string> _keys = new(System.StringComparer.Ordinal);

    public YaqlSet(IEnumerable<object?> items)
    {
        foreach (var item in items) Add(item);
    }

    /// <summary>Adds <paramref name="item"/> unless an equal one is there already.</summary>
    public new void Add(object? item)
    {
        if (_keys.Add(YaqlValues.EqualityKey(item))) base.Add(item);
    }

    public bool Holds(object? item) => _keys.Contains(YaqlValues.EqualityKey(item));

    /// <summary>Whether every item of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(YaqlSet other) => TrueForAll(other.Holds);
}

/// <summary>
/// The result of <c>orderBy</c> and <c>thenBy</c>: the sorted items with the keys they were sorted by, so that a
/// following <c>thenBy</c> breaks only the ties the earlier keys left.
/// </summary>
internal sealed class YaqlOrderedList : List<object?>
{
    public YaqlOrderedList(List<(object? Item, List<(object? Key, bool Descending)> Keys)> sorted)
    {
        Sorted = sorted;
        foreach (var entry in sorted) Add(entry.Item);
    }

    public List<(object? Item, List<(object? Key, bool Descending)> Keys)> Sorted { get; }
}

/// <summary>A value already evaluated, standing as an argument where a call is made from values (<c>call()</c>).</summary>
internal sealed record YaqlValueNode(object? Value, int Start, int End) : YaqlExpression(Start, End);
