using System;
using System.Collections.Generic;

namespace MistralTemplates.Language.Text;

/// <summary>
/// "Did you mean …?" for a name that is not one of the names a place accepts: the one accepted name within a
/// few typing mistakes of it. Every unknown-name diagnostic uses it, so a typo gets the same help everywhere.
/// </summary>
public static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by edit distance (a swap of two neighbouring letters
    /// counts as one edit, letter case as none), or null when none is close enough for its length or when two
    /// are equally close: a guess between two names would mislead more than it helps.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        if (string.IsNullOrEmpty(name)) return null;
        var allowed = AllowedEdits(name.Length);
        string? best = null;
        (int IgnoringCase, int WithCase) bestDistance = (int.MaxValue, int.MaxValue);
        var tie = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate) || candidate == name || !seen.Add(candidate)) continue;
            var ignoringCase = Distance(name, candidate);
            if (ignoringCase > allowed) continue;
            // Between two spellings of one name (Retain, retain) the one written the same way wins.
            var distance = (ignoringCase, Distance(name, candidate, ignoreCase: false));
            if (distance == bestDistance) tie = true;
            else if (distance.CompareTo(bestDistance) < 0)
            {
                best = candidate;
                bestDistance = distance;
                tie = false;
            }
        }
        return tie ? null : best;
    }

    /// <summary>
    /// <c>" Did you mean 'x'?"</c> (with a leading space) when <see cref="Closest"/> finds one name, else empty:
    /// written right after the sentence that says <paramref name="name"/> is unknown.
    /// </summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } closest ? $" Did you mean '{closest}'?" : string.Empty;

    /// <summary>
    /// Edits that still read as a typo of a name this long: none for one or two letters (any two short names
    /// are that close), one up to five letters, then one more for every three letters, at most three.
    /// </summary>
    private static int AllowedEdits(int length) => length <= 2 ? 0 : length <= 5 ? 1 : Math.Min(3, length / 3);

    /// <summary>
    /// Insertions, deletions, substitutions and swaps of neighbouring letters that turn one name into the other
    /// (optimal string alignment), by default ignoring letter case.
    /// </summary>
    internal static int Distance(string a, string b, bool ignoreCase = true)
    {
        if (ignoreCase)
        {
            a = a.ToLowerInvariant();
            b = b.ToLowerInvariant();
        }
        // Three rows: the swap looks two rows back.
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, beforePrevious[j - 2] + 1);
                current[j] = value;
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }
}
