using System;
using System.Collections.Generic;
using System.Globalization;

namespace MistralTemplates.Language.Expressions.Yaql;

/// <summary>The tree of a YAQL expression, or where and why it does not parse.</summary>
public sealed class YaqlParseResult
{
    internal YaqlParseResult(YaqlExpression? expression, ExpressionSyntaxError? error)
    {
        Expression = expression;
        Error = error;
    }

    /// <summary>The tree; null when <see cref="Error"/> is set.</summary>
    public YaqlExpression? Expression { get; }

    public ExpressionSyntaxError? Error { get; }

    public bool Success => Error is null;
}

/// <summary>
/// A precedence-climbing parser that accepts what YAQL (as Mistral configures it) accepts and rejects the
/// rest with YAQL's message and the offset of the offending token. Never throws; nesting is bounded.
/// </summary>
public static class YaqlParser
{
    /// <summary>Nesting deeper than this is reported as an error instead of risking the stack.</summary>
    public const int MaxDepth = 200;

    private const int PrefixNotLevel = 4;
    private const int PrefixSignLevel = 9;
    private const int IndexerLevel = 10;

    public static YaqlParseResult Parse(string text)
    {
        text ??= "";
        try
        {
            var parser = new Parser(new YaqlLexer(text));
            var expression = parser.ParseExpression(0, out _);
            parser.ExpectEnd();
            return new YaqlParseResult(expression, null);
        }
        catch (SyntaxException e)
        {
            return new YaqlParseResult(null, e.Error);
        }
    }

    /// <summary>Binding strength of a binary operator (higher binds tighter), as in YAQL's operator table.</summary>
    private static int BinaryLevel(string op) => op switch
    {
        "->" => 1,
        "or" => 2,
        "and" => 3,
        ">" or "<" or ">=" or "<=" or "!=" or "=" or "in" => 5,
        "+" or "-" => 6,
        "*" or "/" or "mod" => 7,
        "=~" or "!~" => 8,
        "." or "?." => 11,
        _ => 0,
    };

    private sealed class SyntaxException(ExpressionSyntaxError error) : Exception(error.Message)
    {
        public ExpressionSyntaxError Error { get; } = error;
    }

    private sealed class Parser(YaqlLexer lexer)
    {
        private YaqlToken _current = lexer.Next();
        private int _depth;

        private YaqlToken Current => _current;

        private YaqlToken Take()
        {
            var token = _current;
            _current = lexer.Next();
            return token;
        }

        public void ExpectEnd()
        {
            if (Current.Kind != YaqlTokenKind.End) throw Unexpected(Current);
        }

        /// <summary>
        /// Parses an expression whose operators bind at least as tight as <paramref name="minLevel"/>;
        /// <paramref name="height"/> receives the height of its tree. Both the recursion and the tree
        /// height are bounded by <see cref="MaxDepth"/>, so nothing that walks the tree can exhaust the stack.
        /// </summary>
        public YaqlExpression ParseExpression(int minLevel, out int height)
        {
            if (++_depth > MaxDepth) throw TooDeep();
            try
            {
                var left = ParsePrefix(out height);
                while (true)
                {
                    var token = Current;
                    if (token.Kind == YaqlTokenKind.OpenBracket)
                    {
                        if (IndexerLevel < minLevel) break;
                        Take();
                        var args = ParseArguments(YaqlTokenKind.CloseBracket, out var argsHeight);
                        height = Grow(Math.Max(height, argsHeight));
                        left = new YaqlIndexer(left, args, left.Start, Take().End);
                        continue;
                    }
                    if (token.Kind != YaqlTokenKind.Operator) break;
                    var level = BinaryLevel(token.Text);
                    if (level == 0 || level < minLevel) break;
                    Take();
                    // "->" is right-associative; every other binary operator groups to the left.
                    var right = ParseExpression(token.Text == "->" ? level : level + 1, out var rightHeight);
                    height = Grow(Math.Max(height, rightHeight));
                    left = new YaqlBinary(token.Text, left, right, left.Start, right.End);
                }
                return left;
            }
            finally
            {
                _depth--;
            }
        }

        private int Grow(int childHeight)
        {
            if (childHeight + 1 > MaxDepth) throw TooDeep();
            return childHeight + 1;
        }

        private SyntaxException TooDeep()
        {
            var token = Current;
            return new SyntaxException(new ExpressionSyntaxError(token.Start, Math.Max(1, token.End - token.Start),
                string.Format(CultureInfo.InvariantCulture, "expression nested deeper than {0} levels at position {1}", MaxDepth, token.Start)));
        }

        private YaqlExpression ParsePrefix(out int height)
        {
            var token = Current;
            if (token.Kind == YaqlTokenKind.Operator && token.Text is "+" or "-" or "not")
            {
                Take();
                var operand = ParseExpression(token.Text == "not" ? PrefixNotLevel + 1 : PrefixSignLevel + 1, out var operandHeight);
                height = Grow(operandHeight);
                return new YaqlUnary(token.Text, operand, token.Start, operand.End);
            }
            return ParsePrimary(out height);
        }

        private YaqlExpression ParsePrimary(out int height)
        {
            var token = Take();
            height = 1;
            switch (token.Kind)
            {
                case YaqlTokenKind.String:
                case YaqlTokenKind.Number:
                case YaqlTokenKind.True:
                case YaqlTokenKind.False:
                case YaqlTokenKind.Null:
                    return new YaqlConstant(token.Value, token.Start, token.End);
                case YaqlTokenKind.Keyword:
                    return new YaqlKeyword(token.Text, token.Start, token.End);
                case YaqlTokenKind.Dollar:
                    return new YaqlContextValue(token.Text, token.Start, token.End);
                case YaqlTokenKind.OpenParen:
                {
                    var inner = ParseExpression(0, out height);
                    Expect(YaqlTokenKind.CloseParen);
                    return inner;
                }
                case YaqlTokenKind.OpenBracket:
                {
                    var items = ParseArguments(YaqlTokenKind.CloseBracket, out var itemsHeight);
                    height = Grow(itemsHeight);
                    return new YaqlList(items, token.Start, Take().End);
                }
                case YaqlTokenKind.OpenBrace:
                {
                    var items = ParseArguments(YaqlTokenKind.CloseBrace, out var itemsHeight);
                    height = Grow(itemsHeight);
                    return new YaqlMap(items, token.Start, Take().End);
                }
                case YaqlTokenKind.Function:
                {
                    var args = ParseArguments(YaqlTokenKind.CloseParen, out var argsHeight);
                    height = Grow(argsHeight);
                    return new YaqlCall((string)token.Value!, args, token.Start, Take().End, token.End - 1);
                }
                default:
                    throw Unexpected(token);
            }
        }

        /// <summary>
        /// YAQL's argument list: positional arguments (a position may be left empty: <c>f(, a)</c>), then
        /// keyword arguments <c>name =&gt; value</c>; no trailing comma. Leaves the closing token current.
        /// <paramref name="height"/> receives the height of the tallest argument.
        /// </summary>
        private List<YaqlExpression> ParseArguments(YaqlTokenKind closer, out int height)
        {
            var args = new List<YaqlExpression>();
            height = 0;
            if (Current.Kind == closer) return args;
            var named = false;
            var positional = false;
            var emptiesSincePositional = 0;
            while (true)
            {
                if (Current.Kind == YaqlTokenKind.Comma && !named)
                {
                    args.Add(new YaqlNoValue(Current.Start, Current.Start));
                    emptiesSincePositional++;
                    Take();
                    if (Current.Kind == closer) throw Unexpected(Current);
                    continue;
                }
                var value = ParseExpression(0, out var valueHeight);
                if (Current.Kind == YaqlTokenKind.Mapping)
                {
                    // YAQL's grammar lets keyword arguments follow empty positions only after a real
                    // argument and at most one empty one: "f(a, , k => 1)" but not "f(, k => 1)".
                    if (!named && emptiesSincePositional > (positional ? 1 : 0)) throw Unexpected(Current);
                    Take();
                    var mapped = ParseExpression(0, out var mappedHeight);
                    valueHeight = Grow(Math.Max(valueHeight, mappedHeight));
                    args.Add(new YaqlNamedArgument(value, mapped, value.Start, mapped.End));
                    named = true;
                }
                else
                {
                    // Positional arguments cannot follow keyword ones: YAQL expects "=>" here.
                    if (named) throw Unexpected(Current);
                    args.Add(value);
                    positional = true;
                    emptiesSincePositional = 0;
                }
                height = Math.Max(height, valueHeight);
                if (Current.Kind != YaqlTokenKind.Comma) break;
                Take();
                if (Current.Kind == closer) throw Unexpected(Current);
            }
            if (Current.Kind != closer) throw Unexpected(Current);
            return args;
        }

        private void Expect(YaqlTokenKind kind)
        {
            if (Current.Kind != kind) throw Unexpected(Current);
            Take();
        }

        private static SyntaxException Unexpected(YaqlToken token) => token.Kind switch
        {
            YaqlTokenKind.End => new SyntaxException(new ExpressionSyntaxError(token.Start, 0, "unexpected end of statement")),
            YaqlTokenKind.Illegal => new SyntaxException(new ExpressionSyntaxError(token.Start, 1,
                string.Format(CultureInfo.InvariantCulture, "illegal character '{0}' at position {1}", token.Text, token.Start))),
            _ => new SyntaxException(new ExpressionSyntaxError(token.Start, token.End - token.Start,
                string.Format(CultureInfo.InvariantCulture, "unexpected '{0}' at position {1}", token.Shown, token.Start))),
        };
    }
}
