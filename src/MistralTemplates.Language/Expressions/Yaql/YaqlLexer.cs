using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MistralTemplates.Language.Expressions.Yaql;

internal enum YaqlTokenKind
{
    String,
    Number,
    /// <summary>A name followed at once by <c>(</c>: <c>len(</c>.</summary>
    Function,
    Dollar,
    Keyword,
    True,
    False,
    Null,
    Operator,
    /// <summary>The keyword-argument arrow <c>=&gt;</c>.</summary>
    Mapping,
    OpenBracket,
    OpenBrace,
    OpenParen,
    CloseParen,
    CloseBracket,
    CloseBrace,
    Comma,
    /// <summary>A character YAQL does not know; the parser reports it when it gets there.</summary>
    Illegal,
    End,
}

internal readonly record struct YaqlToken(YaqlTokenKind Kind, string Text, object? Value, int Start, int End)
{
    /// <summary>How YAQL shows the token in "unexpected '...'".</summary>
    public string Shown => Kind switch
    {
        YaqlTokenKind.Function => (string)Value!,
        YaqlTokenKind.String => (string)Value!,
        YaqlTokenKind.True => "True",
        YaqlTokenKind.False => "False",
        YaqlTokenKind.Null => "None",
        _ => Text,
    };
}

/// <summary>
/// Reads YAQL text token by token with the rules of YAQL's own lexer (as configured by Mistral: keyword
/// arguments with <c>=&gt;</c>). Like YAQL's, it reads only as far as the parser asks, so an early syntax
/// error stops the work. Linear, no regular expressions, never throws.
/// </summary>
internal sealed class YaqlLexer(string text)
{
    private static readonly string[] SymbolOperators =
    {
        // Longest first, so "?." wins over "." and "->" over "-".
        "?.", "->", "=~", "!~", ">=", "<=", "!=", "=>", ".", "+", "-", "*", "/", ">", "<", "=",
    };

    private static readonly HashSet<string> WordOperators = new() { "mod", "in", "not", "and", "or" };

    private int _position;
    private YaqlToken? _last;

    /// <summary>The next token; after the end or an illegal character, that token again.</summary>
    public YaqlToken Next()
    {
        if (_last is { Kind: YaqlTokenKind.End or YaqlTokenKind.Illegal } stop) return stop;
        while (_position < text.Length && text[_position] is ' ' or '\t' or '\r' or '\n') _position++;
        var token = _position >= text.Length
            ? new YaqlToken(YaqlTokenKind.End, "", null, text.Length, text.Length)
            : Next(text, _position);
        _position = token.End;
        _last = token;
        return token;
    }

    private static YaqlToken Next(string text, int start)
    {
        var c = text[start];
        if (c == '$')
        {
            var end = start + 1;
            while (end < text.Length && IsWordChar(text[end])) end++;
            return Make(YaqlTokenKind.Dollar, text, start, end, text.Substring(start, end - start));
        }
        if (IsDigit(c)) return Number(text, start);
        if (IsWordStart(c)) return Word(text, start);
        if (c is '\'' or '"' or '`') return QuotedString(text, start);
        switch (c)
        {
            case '(': return Make(YaqlTokenKind.OpenParen, text, start, start + 1, null);
            case ')': return Make(YaqlTokenKind.CloseParen, text, start, start + 1, null);
            case '[': return Make(YaqlTokenKind.OpenBracket, text, start, start + 1, null);
            case ']': return Make(YaqlTokenKind.CloseBracket, text, start, start + 1, null);
            case '{': return Make(YaqlTokenKind.OpenBrace, text, start, start + 1, null);
            case '}': return Make(YaqlTokenKind.CloseBrace, text, start, start + 1, null);
            case ',': return Make(YaqlTokenKind.Comma, text, start, start + 1, null);
        }
        foreach (var op in SymbolOperators)
        {
            if (string.CompareOrdinal(text, start, op, 0, op.Length) != 0) continue;
            var kind = op == "=>" ? YaqlTokenKind.Mapping : YaqlTokenKind.Operator;
            return Make(kind, text, start, start + op.Length, op);
        }
        return Make(YaqlTokenKind.Illegal, text, start, start + 1, null);
    }

    // YAQL numbers are \b\d+(\.?\d+)?\b: "1.5" is one number, "1.x" is 1 then ".x", "12abc" is illegal.
    private static YaqlToken Number(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsDigit(text[end])) end++;
        var integerEnd = end;
        if (end + 1 < text.Length && text[end] == '.' && IsDigit(text[end + 1]))
        {
            var fractionEnd = end + 1;
            while (fractionEnd < text.Length && IsDigit(text[fractionEnd])) fractionEnd++;
            if (fractionEnd >= text.Length || !IsWordChar(text[fractionEnd]))
            {
                var s = text.Substring(start, fractionEnd - start);
                double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d);
                return Make(YaqlTokenKind.Number, text, start, fractionEnd, d);
            }
        }
        if (integerEnd < text.Length && IsWordChar(text[integerEnd]))
            return Make(YaqlTokenKind.Illegal, text, start, start + 1, null);
        var digits = text.Substring(start, integerEnd - start);
        object value = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : digits;
        return Make(YaqlTokenKind.Number, text, start, integerEnd, value);
    }

    private static YaqlToken Word(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsWordChar(text[end])) end++;
        var name = text.Substring(start, end - start);
        if (end < text.Length && text[end] == '(')
            return Make(YaqlTokenKind.Function, text, start, end + 1, name);
        // YAQL keeps names starting with "__" for itself.
        if (name.StartsWith("__", System.StringComparison.Ordinal))
            return Make(YaqlTokenKind.Illegal, text, start, start + 1, null);
        if (WordOperators.Contains(name)) return Make(YaqlTokenKind.Operator, text, start, end, name);
        return name switch
        {
            "true" => Make(YaqlTokenKind.True, text, start, end, true),
            "false" => Make(YaqlTokenKind.False, text, start, end, false),
            "null" => Make(YaqlTokenKind.Null, text, start, end, null),
            _ => Make(YaqlTokenKind.Keyword, text, start, end, name),
        };
    }

    private static YaqlToken QuotedString(string text, int start)
    {
        var quote = text[start];
        var value = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote)
                return Make(YaqlTokenKind.String, text, start, i + 1, value.ToString());
            if (c == '\\')
            {
                // A backslash escapes any character but a line break, as YAQL's "\\." does.
                if (i + 1 >= text.Length || text[i + 1] is '\n' or '\r') break;
                i = quote == '`' ? Verbatim(text, i, value) : Escape(text, i, value);
                continue;
            }
            value.Append(c);
            i++;
        }
        // An unclosed quote: YAQL cannot read the quote character itself.
        return Make(YaqlTokenKind.Illegal, text, start, start + 1, null);
    }

    private static int Verbatim(string text, int i, StringBuilder value)
    {
        var next = text[i + 1];
        if (next != '`') value.Append('\\');
        value.Append(next);
        return i + 2;
    }

    private static int Escape(string text, int i, StringBuilder value)
    {
        var next = text[i + 1];
        switch (next)
        {
            case 'n': value.Append('\n'); return i + 2;
            case 't': value.Append('\t'); return i + 2;
            case 'r': value.Append('\r'); return i + 2;
            case 'a': value.Append('\a'); return i + 2;
            case 'b': value.Append('\b'); return i + 2;
            case 'f': value.Append('\f'); return i + 2;
            case 'v': value.Append('\v'); return i + 2;
            case '\\' or '\'' or '"': value.Append(next); return i + 2;
            case 'u' when i + 6 <= text.Length && TryHex(text, i + 2, 4, out var u):
                value.Append((char)u);
                return i + 6;
            case 'x' when i + 4 <= text.Length && TryHex(text, i + 2, 2, out var x):
                value.Append((char)x);
                return i + 4;
            default:
                // Unknown escapes stay as written, as Python's decoding leaves them.
                value.Append('\\').Append(next);
                return i + 2;
        }
    }

    private static bool TryHex(string text, int start, int length, out int value) =>
        int.TryParse(text.Substring(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static YaqlToken Make(YaqlTokenKind kind, string text, int start, int end, object? value) =>
        new(kind, text.Substring(start, end - start), value, start, end);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    internal static bool IsWordStart(char c) => c == '_' || char.IsLetter(c);

    internal static bool IsWordChar(char c) => c == '_' || char.IsLetterOrDigit(c);
}
