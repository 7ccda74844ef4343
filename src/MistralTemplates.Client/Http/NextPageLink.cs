using System;
using System.Collections.Generic;

namespace MistralTemplates.Mistral.Http;

/// <summary>What the client keeps from a list's <c>next</c> link: where the next page starts and the sort it assumes.</summary>
internal sealed record NextPageLink(string Marker, string? SortKeys, string? SortDirs)
{
    public static NextPageLink? Parse(string next)
    {
        var question = next.IndexOf('?');
        if (question < 0) return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in next.Substring(question + 1).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) continue;
            values[Uri.UnescapeDataString(part.Substring(0, equals))] = Uri.UnescapeDataString(part.Substring(equals + 1));
        }
        if (!values.TryGetValue("marker", out var marker) || marker.Length == 0) return null;
        values.TryGetValue("sort_keys", out var keys);
        values.TryGetValue("sort_dirs", out var dirs);
        return new NextPageLink(marker, keys, dirs);
    }

    public QueryString ApplyTo(QueryString query) =>
        query.With("sort_keys", SortKeys).With("sort_dirs", SortDirs).With("marker", Marker);
}
