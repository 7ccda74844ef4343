using System;
using System.Collections.Generic;
using System.Text;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Expressions;

/// <summary>
/// A Juno-era expression inside a string: characters <see cref="Start"/>..<see cref="End"/> of the value
/// hold <see cref="Original"/> (<c>$.vm_id</c> or <c>{$.vm_name}</c>), which modern Mistral reads as
/// <see cref="Modern"/> (<c>&lt;% $.vm_id %&gt;</c>).
/// </summary>
public sealed record JunoExpression(int Start, int End, string Original, string Modern);

/// <summary>
/// Juno-era Mistral wrote bare YAQL (<c>result: $</c>, <c>$.vm_id</c>, <c>name={$.vm_name}</c>); modern
/// Mistral reads those as plain strings. This finds such forms and gives the <c>&lt;% %&gt;</c> form to suggest.
/// </summary>
public static partial class JunoExpressions
{
    /// <summary>Longer <c>{$...}</c> text is not taken for a placeholder; real ones are a few words.</summary>
    public const int MaxPlaceholderLength = 1000;

    /// <summary>
    /// True when <paramref name="value"/> is a Juno-era expression: the whole value is <c>$</c> or starts
    /// with <c>$.</c>, or it holds <c>{$...}</c> placeholders. <paramref name="modern"/> is the value with
    /// each of them written in <c>&lt;% %&gt;</c>. False for strings that already use <c>&lt;% %&gt;</c> or Jinja.
    /// </summary>
    public static bool TryGetModernForm(string value, out string modern)
    {
        var found = Find(value);
        if (found.Count == 0)
        {
            modern = value;
            return false;
        }
        var builder = new StringBuilder();
        var last = 0;
        foreach (var juno in found)
        {
            builder.Append(value, last, juno.Start - last).Append(juno.Modern);
            last = juno.End;
        }
        modern = builder.Append(value, last, value.Length - last).ToString();
        return true;
    }

    /// <summary>The Juno-era expressions of <paramref name="value"/>, in order; empty when there are none.</summary>
    public static IReadOnlyList<JunoExpression> Find(string value)
    {
        var found = new List<JunoExpression>();
        if (string.IsNullOrEmpty(value) || value.IndexOf('$') < 0) return found;
        if (ExpressionScanner.FindYaqlDelimiters(value).Count > 0 || ExpressionScanner.IsJinjaTemplate(value)) return found;

        var trimmed = value.Trim();
        if ((trimmed == "$" || trimmed.StartsWith("$.", StringComparison.Ordinal)) && YaqlParser.Parse(trimmed).Success)
        {
            var start = value.IndexOf(trimmed, StringComparison.Ordinal);
            found.Add(new JunoExpression(start, start + trimmed.Length, trimmed, "<% " + trimmed + " %>"));
            return found;
        }

        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] != '{' || value[i + 1] != '$') continue;
            var close = MatchingBrace(value, i);
            if (close < 0) continue;
            var inner = value.Substring(i + 1, close - i - 1);
            if (YaqlParser.Parse(inner).Success)
            {
                found.Add(new JunoExpression(i, close + 1, value.Substring(i, close + 1 - i), "<% " + inner.Trim() + " %>"));
                i = close;
            }
        }
        return found;
    }

    /// <summary>Reports <see cref="DiagnosticCatalog.JunoExpression"/> at each Juno-era expression of the scalar.</summary>
    public static bool Report(YamlScalar scalar, DiagnosticBag diagnostics) =>
        Report(scalar.Value, scalar.ContentMap, diagnostics);

    /// <summary>
    /// Reports <see cref="DiagnosticCatalog.JunoExpression"/> at each Juno-era expression of
    /// <paramref name="value"/> (offsets mapped through <paramref name="map"/>); true when there was one.
    /// </summary>
    public static bool Report(string value, SourceMap map, DiagnosticBag diagnostics)
    {
        var found = Find(value);
        foreach (var juno in found)
            diagnostics.Add(DiagnosticCatalog.JunoExpression, map.MapSpan(juno.Start, juno.End), juno.Original, juno.Modern);
        return found.Count > 0;
    }

    /// <summary>
    /// The '}' closing the '{' at <paramref name="open"/>, skipping quoted strings; -1 when unclosed or
    /// further than <see cref="MaxPlaceholderLength"/> away (which keeps nested braces from costing n²).
    /// </summary>
    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        var limit = Math.Min(text.Length, open + MaxPlaceholderLength);
        for (var i = open; i < limit; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1, limit - i - 1);
                if (end < 0) return -1;
                i = end;
            }
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }
}
