using System;
using System.Globalization;

namespace MistralTemplates;

/// <summary>The one form of a time the runtime prints, in text and JSON alike: UTC, ISO 8601, with a Z.</summary>
internal static class UtcTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary><paramref name="time"/> as e.g. <c>2026-12-07T02:12:09Z</c>, whatever its offset.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
