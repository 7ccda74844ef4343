using System;
using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// A value that exists only once a resource does, such as <c>get_attr workflow alarm_url</c> while a deploy is
/// being planned. Evaluation passes it through unchanged inside lists and mappings; a function that has to look
/// at it (str_replace, list_join, digest ...) yields a deferred value of its own instead of failing.
/// </summary>
public sealed class DeferredValue : IEquatable<DeferredValue>
{
    private readonly DeferredValue[] _sources;

    /// <summary>A value a resource will provide, described as the template asks for it, e.g. "get_attr workflow alarm_url".</summary>
    public DeferredValue(string reference)
    {
        Reference = reference ?? string.Empty;
        _sources = new[] { this };
    }

    private DeferredValue(string reference, DeferredValue[] sources)
    {
        Reference = reference;
        _sources = sources;
    }

    /// <summary>What the value stands for: a reference, or a function applied to references.</summary>
    public string Reference { get; }

    /// <summary>The references the value waits for; a plain reference waits for itself.</summary>
    public IReadOnlyList<DeferredValue> Sources => _sources;

    /// <summary>The result of <paramref name="function"/> applied to values that are not known yet.</summary>
    public static DeferredValue Combine(string function, IEnumerable<DeferredValue> inputs)
    {
        var sources = inputs.SelectMany(i => i._sources).Distinct().ToArray();
        return new DeferredValue($"{function}({string.Join(", ", sources.Select(s => s.Reference))})", sources);
    }

    public bool Equals(DeferredValue? other) => other is not null && string.Equals(Reference, other.Reference, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DeferredValue other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Reference);

    public override string ToString() => "<" + Reference + ">";
}
