using System;
using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>An action, workflow or engine command with its inline parameters.</summary>
internal sealed record InlineCall(string Name, SourceSpan NameSpan, IReadOnlyList<DslInlineParameter> Parameters);

/// <summary>
/// Reads <c>std.echo output='Hi' count=2</c> as Mistral's <c>_parse_cmd_and_input</c> does: the command is
/// the leading name; each <c>key=value</c> takes a quoted string, an expression, a <c>[list]</c>,
/// true/false/null or digits. Mistral silently drops anything else, so that is reported (a warning)
/// at the exact characters. A hand-written scanner: no regex backtracking on user text.
/// </summary>
internal static class InlineCallParser
{
    public static InlineCall Parse(YamlScalar scalar, DiagnosticBag diagnostics)
    {
        var text = scalar.Value;
        var parameters = new List<DslInlineParameter>();
        // Mistral splits only when there is a space; otherwise the whole value is the name.
        if (text.IndexOf(' ') < 0) return new InlineCall(text.Trim(), scalar.SpanOf(0, text.Length), parameters);

        var nameEnd = CommandEnd(text);
        if (nameEnd <= 0)
        {
            diagnostics.Add(DiagnosticCatalog.DslInvalidCommand, scalar.SpanOf(0, Math.Min(text.Length, 1)), DslValues.Shorten(text));
            return new InlineCall(text.Trim(), scalar.SpanOf(0, text.Length), parameters);
        }

        ReadParameters(scalar, nameEnd, parameters, diagnostics);
        return new InlineCall(text.Substring(0, nameEnd), scalar.SpanOf(0, nameEnd), parameters);
    }

    /// <summary>Reads the <c>key=value</c> pairs of <paramref name="scalar"/> from <paramref name="start"/> on.</summary>
    public static List<DslInlineParameter> ReadParameters(YamlScalar scalar, int start, DiagnosticBag diagnostics)
    {
        var parameters = new List<DslInlineParameter>();
        ReadParameters(scalar, start, parameters, diagnostics);
        return parameters;
    }

    private static void ReadParameters(YamlScalar scalar, int start, List<DslInlineParameter> parameters, DiagnosticBag diagnostics)
    {
        var text = scalar.Value;
        var i = start;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var tokenStart = i;
            var keyEnd = i;
            while (keyEnd < text.Length && (IsWord(text[keyEnd]) || text[keyEnd] == '-')) keyEnd++;
            if (keyEnd == tokenStart || keyEnd >= text.Length || text[keyEnd] != '=')
            {
                var end = TokenEnd(text, tokenStart);
                Ignored(scalar, diagnostics, tokenStart, end, "it is not a key=value pair");
                i = end;
                continue;
            }
            var valueStart = keyEnd + 1;
            var valueEnd = ValueEnd(text, valueStart, out var quoted);
            if (valueEnd < 0)
            {
                var end = TokenEnd(text, valueStart);
                var raw = text.Substring(valueStart, end - valueStart);
                if (JunoExpressions.TryGetModernForm(raw, out var modern))
                    diagnostics.Add(DiagnosticCatalog.JunoExpression, scalar.SpanOf(valueStart, end), raw, modern);
                else
                    Ignored(scalar, diagnostics, tokenStart, end,
                        raw.Length == 0 ? "it has no value" : $"the value '{DslValues.Shorten(raw)}' is not quoted");
                i = Math.Max(end, valueStart);
                continue;
            }
            var value = quoted ? text.Substring(valueStart + 1, valueEnd - valueStart - 2) : text.Substring(valueStart, valueEnd - valueStart).TrimEnd();
            parameters.Add(new DslInlineParameter(text.Substring(tokenStart, keyEnd - tokenStart), value,
                scalar.SpanOf(tokenStart, keyEnd), scalar.SpanOf(valueStart, valueEnd), quoted));
            i = valueEnd;
        }
    }

    /// <summary>The end of the leading command: <c>[\w.]+[^=(\s"]*</c>, or a whole leading expression.</summary>
    private static int CommandEnd(string text)
    {
        if (text.StartsWith("<%", StringComparison.Ordinal)) return Closing(text, 2, "%>");
        if (text.StartsWith("{{", StringComparison.Ordinal)) return Closing(text, 2, "}}");
        var i = 0;
        while (i < text.Length && (IsWord(text[i]) || text[i] == '.')) i++;
        if (i == 0) return 0;
        while (i < text.Length && text[i] != '=' && text[i] != '(' && text[i] != '"' && !char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    /// <summary>Where a value Mistral accepts ends, or -1 when Mistral would drop it.</summary>
    private static int ValueEnd(string text, int start, out bool quoted)
    {
        quoted = false;
        if (start >= text.Length) return -1;
        var c = text[start];
        if (c is '"' or '\'')
        {
            var close = text.IndexOf(c, start + 1);
            if (close < 0) return -1;
            quoted = true;
            return close + 1;
        }
        if (text.StartsWith("<%", start)) return Closing(text, start + 2, "%>");
        if (text.StartsWith("{{", start)) return Closing(text, start + 2, "}}");
        if (c == '[')
        {
            // Mistral's \[.*\] runs to the last ']' of the line.
            var lineEnd = text.IndexOf('\n', start);
            if (lineEnd < 0) lineEnd = text.Length;
            var close = text.LastIndexOf(']', lineEnd - 1, lineEnd - start);
            return close <= start ? -1 : close + 1;
        }
        var end = TokenEnd(text, start);
        var token = text.Substring(start, end - start);
        if (token is "true" or "false" or "null") return end;
        foreach (var ch in token)
            if (ch is < '0' or > '9') return -1;
        return token.Length == 0 ? -1 : end;
    }

    private static int Closing(string text, int from, string close)
    {
        var at = text.IndexOf(close, from, StringComparison.Ordinal);
        return at < 0 ? -1 : at + close.Length;
    }

    private static int TokenEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static void Ignored(YamlScalar scalar, DiagnosticBag diagnostics, int start, int end, string reason) =>
        diagnostics.Add(DiagnosticCatalog.DslIgnoredInlineParameter, scalar.SpanOf(start, end),
            DslValues.Shorten(scalar.Value.Substring(start, end - start)), reason);

    private static bool StartsWith(this string text, string value, int at) =>
        at + value.Length <= text.Length && string.CompareOrdinal(text, at, value, 0, value.Length) == 0;
}
