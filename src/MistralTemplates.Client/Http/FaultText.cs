using System;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// Keeps Mistral's error messages readable. DSL schema errors embed the whole JSON schema (~128 KB); the useful
/// parts are the first paragraph (what is wrong) and the last (where: "On instance[...]").
/// </summary>
internal static class FaultText
{
    public const int DefaultMaxLength = 2000;
    private const string SchemaDumpMarker = "\n\nFailed validating";
    private const string InstanceMarker = "\n\nOn instance";

    public static string Summarize(string text, int maxLength = DefaultMaxLength)
    {
        var summary = text;
        var dump = text.IndexOf(SchemaDumpMarker, StringComparison.Ordinal);
        if (dump >= 0)
        {
            summary = text.Substring(0, dump);
            var instance = text.LastIndexOf(InstanceMarker, StringComparison.Ordinal);
            if (instance > dump) summary += "\n" + Truncate(text.Substring(instance + 2), 400);
        }
        return Truncate(summary.TrimEnd(), maxLength);
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : text.Substring(0, maxLength) + $"… ({text.Length - maxLength} more characters)";
}
