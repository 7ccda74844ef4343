using System;
using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Expressions;

public static partial class ExpressionScanner
{
    private const int ShownExpressionLength = 60;

    /// <summary>
    /// Finds and checks the expressions of <paramref name="text"/> as Mistral does: every <c>&lt;% %&gt;</c>
    /// on one line is YAQL (an unclosed <c>&lt;%</c> is plain text), and a string holding <c>{{ }}</c> or
    /// <c>{% %}</c> is a Jinja template. Syntax errors go to <paramref name="diagnostics"/> at the exact
    /// characters, mapped through <paramref name="map"/>. Never throws.
    /// </summary>
    public static ExpressionScan Scan(string text, SourceMap map, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrEmpty(text) || !MayHoldExpressions(text)) return ExpressionScan.None;
        var occurrences = new List<ExpressionOccurrence>();
        var references = new List<ExpressionReference>();
        var yaql = YaqlOccurrences(text, map, diagnostics, occurrences, references);
        var jinja = IsJinjaTemplate(text) && JinjaOccurrences(text, map, diagnostics, occurrences, references);
        if (yaql is { } firstYaql && jinja)
            diagnostics.Add(DiagnosticCatalog.MixedExpressionLanguages, firstYaql);
        if (occurrences.Count == 0) return ExpressionScan.None;
        occurrences.Sort((a, b) => a.Span.Start.Offset.CompareTo(b.Span.Start.Offset));
        return new ExpressionScan(occurrences, references);
    }

    private static bool MayHoldExpressions(string text) =>
        text.IndexOf("<%", StringComparison.Ordinal) >= 0 || text.IndexOf("{{", StringComparison.Ordinal) >= 0 ||
        text.IndexOf("{%", StringComparison.Ordinal) >= 0;

    /// <summary>The <c>&lt;%.*?%&gt;</c> matches of Mistral's pattern: non-greedy, never across a line break.</summary>
    public static IReadOnlyList<(int Start, int End)> FindYaqlDelimiters(string text)
    {
        var found = new List<(int, int)>();
        var i = 0;
        while (FindPairOnLine(text, "<%", "%>", i) is var (start, end) && start >= 0)
        {
            found.Add((start, end));
            i = end;
        }
        return found;
    }

    /// <summary>True when Mistral treats the string as Jinja: a <c>{{ }}</c> or <c>{% %}</c> on one line.</summary>
    public static bool IsJinjaTemplate(string text) => HasPairOnLine(text, "{{", "}}") || HasPairOnLine(text, "{%", "%}");

    private static bool HasPairOnLine(string text, string open, string close) => FindPairOnLine(text, open, close, 0).Start >= 0;

    /// <summary>
    /// The first <paramref name="open"/>, from <paramref name="from"/>, followed on the same line by
    /// <paramref name="close"/> (the end is past the close); (-1, -1) when there is none. Linear: an opening
    /// whose line has no close lets the search go on after that line break.
    /// </summary>
    private static (int Start, int End) FindPairOnLine(string text, string open, string close, int from)
    {
        while (true)
        {
            var start = text.IndexOf(open, from, StringComparison.Ordinal);
            if (start < 0) return (-1, -1);
            var end = text.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            if (end < 0) return (-1, -1);
            var newline = text.IndexOf('\n', start, end - start);
            if (newline < 0) return (start, end + close.Length);
            from = newline + 1;
        }
    }

    /// <summary>Parses every YAQL occurrence; returns the span of the first, if any.</summary>
    private static SourceSpan? YaqlOccurrences(string text, SourceMap map, DiagnosticBag diagnostics,
        List<ExpressionOccurrence> occurrences, List<ExpressionReference> references)
    {
        SourceSpan? first = null;
        foreach (var (start, end) in FindYaqlDelimiters(text))
        {
            // Mistral strips '<', '%' and '>' from both ends of the match before parsing.
            var exprStart = start;
            var exprEnd = end;
            while (exprStart < exprEnd && text[exprStart] is '<' or '%' or '>') exprStart++;
            while (exprEnd > exprStart && text[exprEnd - 1] is '<' or '%' or '>') exprEnd--;
            var expression = text.Substring(exprStart, exprEnd - exprStart);
            var span = map.MapSpan(start, end);
            first ??= span;
            occurrences.Add(new ExpressionOccurrence(ExpressionLanguage.Yaql, expression, span));
            var result = YaqlParser.Parse(expression);
            if (result.Error is { } error)
            {
                // "Unexpected end of statement" has no token: point at the closing delimiter.
                var errorSpan = error.Length == 0
                    ? map.MapSpan(exprEnd, end)
                    : map.MapSpan(exprStart + error.Offset, exprStart + error.Offset + error.Length);
                diagnostics.Add(DiagnosticCatalog.YaqlSyntax, errorSpan, Shorten(expression.Trim()), error.Message);
                continue;
            }
            CheckYaqlNames(result.Expression!, exprStart, map, diagnostics);
            foreach (var reference in ReferenceFinder.Find(result.Expression!))
                references.Add(new ExpressionReference(reference.Kind, reference.Name,
                    map.MapSpan(exprStart + reference.Start, exprStart + reference.End)));
        }
        return first;
    }

    /// <summary>Checks the string as a Jinja template; true when it holds Jinja blocks.</summary>
    private static bool JinjaOccurrences(string text, SourceMap map, DiagnosticBag diagnostics,
        List<ExpressionOccurrence> occurrences, List<ExpressionReference> references)
    {
        var result = JinjaTemplate.Check(text);
        foreach (var block in result.Blocks)
        {
            var inner = text.Substring(block.InnerStart, block.InnerEnd - block.InnerStart);
            occurrences.Add(new ExpressionOccurrence(ExpressionLanguage.Jinja, inner, map.MapSpan(block.Start, block.End))
            {
                IsStatement = block.IsStatement,
            });
            foreach (var expression in block.Expressions)
                CheckJinjaNames(expression, text, map, diagnostics);
            foreach (var expression in block.Expressions)
            foreach (var reference in ReferenceFinder.Find(expression))
                references.Add(new ExpressionReference(reference.Kind, reference.Name, map.MapSpan(reference.Start, reference.End)));
        }
        if (result.Error is { } error)
            diagnostics.Add(DiagnosticCatalog.JinjaSyntax, map.MapSpan(error.Offset, error.Offset + error.Length), error.Message);
        return true;
    }

    private static string Shorten(string expression) =>
        expression.Length <= ShownExpressionLength ? expression : expression.Substring(0, ShownExpressionLength - 3) + "...";
}
