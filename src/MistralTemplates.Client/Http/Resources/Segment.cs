using System;

namespace MistralTemplates.Mistral.Http.Resources;

internal static class Segment
{
    /// <summary>A name or id as one escaped path segment (names may contain dots, spaces or slashes).</summary>
    public static string Of(string value)
    {
        if (string.IsNullOrEmpty(value)) throw new ArgumentException("A name or id is required.", nameof(value));
        // "." and ".." are valid Mistral names; escaped, they cannot be read as steps of a relative path.
        return value is "." or ".." ? value.Replace(".", "%2E", StringComparison.Ordinal) : Uri.EscapeDataString(value);
    }
}
