using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MistralTemplates.Language.Expressions.Jinja;

internal enum JinjaTokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
    /// <summary>The <c>}}</c> or <c>%}</c> that closes the block.</summary>
    BlockEnd,
}

internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Text, object? Value, int Start, int End)
{
    public bool Is(string text) => Kind is JinjaTokenKind.Name or JinjaTokenKind.Operator && Text == text;

    /// <summary>How Jinja names the token in its messages.</summary>
    public string Describe(bool statement) => Kind switch
    {
        JinjaTokenKind.Name or JinjaTokenKind.Operator => Text,
        JinjaTokenKind.String => "string",
        JinjaTokenKind.Integer => "integer",
        JinjaTokenKind.Float => "float",
        _ => statement ? "end of statement block" : "end of print statement",
    };
}

/// <summary>A <c>{{ ... }}</c> or <c>{% ... %}</c> of a template, with its tokens (the last is its end).</summary>
internal sealed record JinjaBlock(bool IsStatement, int Start, int InnerStart, int InnerEnd, int End, List<JinjaToken> Tokens);

/// <summary>
/// Splits a Jinja template into its blocks the way Jinja's lexer does: text up to the first <c>{{</c>,
/// <c>{%</c> or <c>{#</c>; inside a block, tokens until the closing delimiter, which only counts while
/// brackets are balanced. Comments and <c>{% raw %}</c> sections are skipped. Stops at the first error.
/// </summary>
internal sealed class JinjaLexer
{
    private static readonly string[] Operators =
    {
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    };

    private readonly string _text;

    private JinjaLexer(string text) => _text = text;

    public List<JinjaBlock> Blocks { get; } = new();

    public ExpressionSyntaxError? Error { get; private set; }

    public static JinjaLexer Run(string text)
    {
        var lexer = new JinjaLexer(text);
        lexer.Scan();
        return lexer;
    }

    /// <summary>Tokens of a bare expression (the inside of <c>{{ }}</c> without the delimiters).</summary>
    public static JinjaBlock? LexExpression(string text, out ExpressionSyntaxError? error)
    {
        var lexer = new JinjaLexer(text);
        var block = lexer.LexBlock(statement: false, open: 0, innerStart: 0, bare: true);
        error = lexer.Error;
        return block;
    }

    private void Scan()
    {
        var pos = 0;
        while (Error is null)
        {
            var open = NextOpening(pos);
            if (open < 0) return;
            var kind = _text[open + 1];
            if (kind == '#')
            {
                var close = _text.IndexOf("#}", open + 2, System.StringComparison.Ordinal);
                var rest = open + 2 < _text.Length && _text[open + 2] is '-' or '+' ? open + 3 : open + 2;
                // Jinja stops reading when the text ends right after the comment's opening: no error then.
                if (close < 0 && rest >= _text.Length) return;
                if (close < 0)
                {
                    Fail(open, 2, "Missing end of comment tag");
                    return;
                }
                pos = close + 2;
                continue;
            }
            var innerStart = open + 2;
            if (innerStart < _text.Length && _text[innerStart] is '-' or '+') innerStart++;
            if (kind == '%' && TrySkipRaw(open, innerStart, out var afterRaw))
            {
                pos = afterRaw;
                continue;
            }
            var block = LexBlock(kind == '%', open, innerStart);
            if (block is null) return;
            Blocks.Add(block);
            pos = block.End;
        }
    }

    private int NextOpening(int from)
    {
        for (var i = from; i + 1 < _text.Length; i++)
            if (_text[i] == '{' && _text[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    // {% raw %} ... {% endraw %}: the content is text, not Jinja.
    private bool TrySkipRaw(int open, int innerStart, out int after)
    {
        after = 0;
        var i = SkipSpaces(innerStart);
        if (string.CompareOrdinal(_text, i, "raw", 0, 3) != 0) return false;
        var end = MatchBlockClose(SkipSpaces(i + 3), statement: true);
        if (end < 0) return false;
        for (var j = end; j + 1 < _text.Length; j++)
        {
            if (_text[j] != '{' || _text[j + 1] != '%') continue;
            var k = j + 2;
            if (k < _text.Length && _text[k] is '-' or '+') k++;
            k = SkipSpaces(k);
            if (string.CompareOrdinal(_text, k, "endraw", 0, 6) != 0) continue;
            var close = MatchBlockClose(SkipSpaces(k + 6), statement: true);
            if (close < 0) continue;
            after = close;
            return true;
        }
        Fail(open, end - open, "Missing end of raw directive");
        after = _text.Length;
        return true;
    }

    /// <summary>The offset past the closing delimiter when one starts at <paramref name="i"/>, else -1.</summary>
    private int MatchBlockClose(int i, bool statement)
    {
        var close = statement ? "%}" : "}}";
        if (i < _text.Length && _text[i] == '-' && string.CompareOrdinal(_text, i + 1, close, 0, 2) == 0) return i + 3;
        if (string.CompareOrdinal(_text, i, close, 0, 2) == 0) return i + 2;
        return -1;
    }

    private int SkipSpaces(int i)
    {
        while (i < _text.Length && char.IsWhiteSpace(_text[i])) i++;
        return i;
    }

    private JinjaBlock? LexBlock(bool statement, int open, int innerStart, bool bare = false)
    {
        var tokens = new List<JinjaToken>();
        var brackets = new Stack<char>();
        var i = innerStart;
        while (true)
        {
            i = SkipSpaces(i);
            if (i >= _text.Length && bare && brackets.Count == 0)
            {
                tokens.Add(new JinjaToken(JinjaTokenKind.BlockEnd, "", null, i, i));
                return new JinjaBlock(statement, open, innerStart, i, i, tokens);
            }
            if (i >= _text.Length)
            {
                Fail(_text.Length, 0, statement
                    ? "unexpected end of template, expected 'end of statement block'"
                    : "unexpected end of template, expected 'end of print statement'");
                return null;
            }
            if (brackets.Count == 0 && !bare)
            {
                var end = MatchBlockClose(i, statement);
                if (end >= 0)
                {
                    tokens.Add(new JinjaToken(JinjaTokenKind.BlockEnd, _text.Substring(i, end - i), null, i, end));
                    return new JinjaBlock(statement, open, innerStart, i, end, tokens);
                }
            }
            var token = LexToken(i);
            if (token is null) return null;
            var t = token.Value;
            if (t.Kind == JinjaTokenKind.Operator && !Balance(brackets, t)) return null;
            tokens.Add(t);
            i = t.End;
        }
    }

    private bool Balance(Stack<char> brackets, JinjaToken token)
    {
        switch (token.Text)
        {
            case "(": brackets.Push(')'); return true;
            case "[": brackets.Push(']'); return true;
            case "{": brackets.Push('}'); return true;
            case ")" or "]" or "}":
                if (brackets.Count == 0)
                {
                    Fail(token.Start, 1, $"unexpected '{token.Text}'");
                    return false;
                }
                var expected = brackets.Pop();
                if (expected == token.Text[0]) return true;
                Fail(token.Start, 1, $"unexpected '{token.Text}', expected '{expected}'");
                return false;
            default:
                return true;
        }
    }

    private JinjaToken? LexToken(int i)
    {
        var c = _text[i];
        if (c is >= '0' and <= '9') return Number(i);
        if (c == '_' || char.IsLetter(c))
        {
            var end = i + 1;
            while (end < _text.Length && (_text[end] == '_' || char.IsLetterOrDigit(_text[end]))) end++;
            return new JinjaToken(JinjaTokenKind.Name, _text.Substring(i, end - i), null, i, end);
        }
        if (c is '\'' or '"') return QuotedString(i);
        foreach (var op in Operators)
            if (string.CompareOrdinal(_text, i, op, 0, op.Length) == 0)
                return new JinjaToken(JinjaTokenKind.Operator, op, null, i, i + op.Length);
        Fail(i, 1, string.Format(CultureInfo.InvariantCulture, "unexpected char '{0}' at {1}", c, i));
        return null;
    }

    private JinjaToken? Number(int start)
    {
        var i = start;
        if (_text[i] == '0' && i + 1 < _text.Length && char.ToLowerInvariant(_text[i + 1]) is 'x' or 'o' or 'b')
        {
            var end = i + 2;
            while (end < _text.Length && (_text[end] == '_' || char.IsLetterOrDigit(_text[end]))) end++;
            return new JinjaToken(JinjaTokenKind.Integer, _text.Substring(i, end - i), null, i, end);
        }
        i = Digits(i);
        var isFloat = false;
        if (i + 1 < _text.Length && _text[i] == '.' && _text[i + 1] is >= '0' and <= '9')
        {
            i = Digits(i + 1);
            isFloat = true;
        }
        if (i < _text.Length && _text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < _text.Length && _text[j] is '+' or '-') j++;
            if (j < _text.Length && _text[j] is >= '0' and <= '9')
            {
                i = Digits(j);
                isFloat = true;
            }
        }
        var text = _text.Substring(start, i - start);
        var plain = text.Replace("_", "");
        object? value = isFloat
            ? double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null
            : long.TryParse(plain, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
        return new JinjaToken(isFloat ? JinjaTokenKind.Float : JinjaTokenKind.Integer, text, value, start, i);
    }

    private int Digits(int i)
    {
        while (i < _text.Length && (_text[i] is >= '0' and <= '9' || (_text[i] == '_' && i + 1 < _text.Length && _text[i + 1] is >= '0' and <= '9'))) i++;
        return i;
    }

    private JinjaToken? QuotedString(int start)
    {
        var quote = _text[start];
        var value = new StringBuilder();
        for (var i = start + 1; i < _text.Length; i++)
        {
            var c = _text[i];
            if (c == quote) return new JinjaToken(JinjaTokenKind.String, _text.Substring(start, i + 1 - start), value.ToString(), start, i + 1);
            if (c == '\\' && i + 1 < _text.Length)
            {
                i++;
                value.Append(_text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                continue;
            }
            value.Append(c);
        }
        Fail(start, 1, string.Format(CultureInfo.InvariantCulture, "unexpected char '{0}' at {1}", quote, start));
        return null;
    }

    private void Fail(int offset, int length, string message) =>
        Error ??= new ExpressionSyntaxError(offset, length, message);
}
