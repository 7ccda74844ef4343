using System;
using System.Collections.Generic;
using System.Globalization;

namespace MistralTemplates.Language.Expressions.Jinja;

/// <summary>The tree of a Jinja expression, or where and why it does not parse.</summary>
public sealed class JinjaParseResult
{
    internal JinjaParseResult(JinjaExpression? expression, ExpressionSyntaxError? error)
    {
        Expression = expression;
        Error = error;
    }

    public JinjaExpression? Expression { get; }

    public ExpressionSyntaxError? Error { get; }

    public bool Success => Error is null;
}

/// <summary>Parses one Jinja expression, the text between <c>{{</c> and <c>}}</c>. Never throws.</summary>
public static class JinjaParser
{
    /// <summary>Nesting deeper than this is reported as an error instead of risking the stack.</summary>
    public const int MaxDepth = 200;

    public static JinjaParseResult ParseExpression(string text)
    {
        var block = JinjaLexer.LexExpression(text ?? "", out var lexError);
        if (block is null) return new JinjaParseResult(null, lexError);
        var parser = new JinjaTokenParser(block.Tokens, statement: false);
        return parser.TryRun(p => p.ParseTuple(withCondition: true), out var expression, out var error)
            ? new JinjaParseResult(expression, null)
            : new JinjaParseResult(null, error);
    }
}

/// <summary>Thrown inside the Jinja parsers only; the public entry points turn it into a result.</summary>
internal sealed class JinjaSyntaxException(ExpressionSyntaxError error) : Exception(error.Message)
{
    public ExpressionSyntaxError Error { get; } = error;
}

/// <summary>
/// Recursive descent over the tokens of one block, with Jinja's grammar and precedence
/// (<c>if/else</c> &lt; <c>or</c> &lt; <c>and</c> &lt; <c>not</c> &lt; comparisons &lt; <c>+ -</c> &lt; <c>~</c>
/// &lt; <c>* / // %</c> &lt; <c>**</c> &lt; unary sign &lt; postfix, filters and tests).
/// </summary>
internal sealed class JinjaTokenParser
{
    private static readonly HashSet<string> CompareOperators = new() { "==", "!=", "<", "<=", ">", ">=" };
    private static readonly string[] OrOperator = { "or" };
    private static readonly string[] AndOperator = { "and" };
    private static readonly string[] AddOperators = { "+", "-" };
    private static readonly string[] ConcatOperator = { "~" };
    private static readonly string[] MultiplyOperators = { "*", "/", "//", "%" };
    private static readonly string[] PowerOperator = { "**" };

    // Created once per parser: the binary levels are parsed by one loop that calls the next level.
    private readonly Func<JinjaExpression> _parseAnd, _parseNot, _parseConcat, _parseMath2, _parsePow, _parseUnary;

    private int _index;
    private int _depth;

    private readonly List<JinjaToken> _tokens;
    private readonly bool _statement;

    public JinjaTokenParser(List<JinjaToken> tokens, bool statement)
    {
        _tokens = tokens;
        _statement = statement;
        _parseAnd = ParseAnd;
        _parseNot = ParseNot;
        _parseConcat = ParseConcat;
        _parseMath2 = ParseMath2;
        _parsePow = ParsePow;
        _parseUnary = () => ParseUnary(withFilter: true);
    }

    public JinjaToken Current => _tokens[_index];

    public JinjaToken Peek => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

    public bool AtEnd => Current.Kind == JinjaTokenKind.BlockEnd;

    public JinjaToken Take() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    /// <summary>Runs a parse that must consume the whole block; false with the error when it does not.</summary>
    public bool TryRun(Func<JinjaTokenParser, JinjaExpression?> parse, out JinjaExpression? expression, out ExpressionSyntaxError? error)
    {
        try
        {
            expression = parse(this);
            ExpectEnd();
            if (expression is not null) JinjaTree.CheckHeight(expression, JinjaParser.MaxDepth);
            error = null;
            return true;
        }
        catch (JinjaSyntaxException e)
        {
            expression = null;
            error = e.Error;
            return false;
        }
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
            throw Fail(Current, $"expected token '{(_statement ? "end of statement block" : "end of print statement")}', got '{Current.Describe(_statement)}'");
    }

    public JinjaToken Expect(string text, string? shown = null)
    {
        if (!Current.Is(text))
            throw Fail(Current, $"expected token '{shown ?? text}', got '{Current.Describe(_statement)}'");
        return Take();
    }

    public JinjaToken ExpectName()
    {
        if (Current.Kind != JinjaTokenKind.Name)
            throw Fail(Current, $"expected token 'name', got '{Current.Describe(_statement)}'");
        return Take();
    }

    public JinjaSyntaxException Fail(JinjaToken token, string message) =>
        new(new ExpressionSyntaxError(token.Start, token.End - token.Start, message));

    /// <summary>Jinja's parse_tuple: one expression, or several separated by commas (a tuple).</summary>
    public JinjaExpression? ParseTuple(bool withCondition, bool simplified = false, bool explicitParentheses = false,
        string? extraEnd = null)
    {
        var start = Current.Start;
        var items = new List<JinjaExpression>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0) Expect(",");
            if (AtEnd || Current.Is(")") || (extraEnd is not null && Current.Is(extraEnd))) break;
            items.Add(simplified ? ParsePrimary() : withCondition ? ParseExpression() : ParseOr());
            if (Current.Is(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count > 0) return items[0];
            if (!explicitParentheses)
                throw Fail(Current, $"Expected an expression, got '{Current.Describe(_statement)}'");
        }
        var end = items.Count > 0 ? items[items.Count - 1].End : start;
        return new JinjaCollection(JinjaCollectionKind.Tuple, items, start, end);
    }

    public JinjaExpression ParseExpression()
    {
        Enter();
        try
        {
            var expression = ParseOr();
            while (Current.Is("if"))
            {
                Take();
                var test = ParseOr();
                JinjaExpression? otherwise = null;
                if (Current.Is("else"))
                {
                    Take();
                    otherwise = ParseExpression();
                }
                expression = new JinjaConditional(expression, test, otherwise, expression.Start, (otherwise ?? test).End);
            }
            return expression;
        }
        finally
        {
            _depth--;
        }
    }

    public JinjaExpression ParseOr() => ParseLeft(_parseAnd, OrOperator);

    private JinjaExpression ParseAnd() => ParseLeft(_parseNot, AndOperator);

    private JinjaExpression ParseNot()
    {
        if (!Current.Is("not")) return ParseCompare();
        var token = Take();
        Enter();
        try
        {
            var operand = ParseNot();
            return new JinjaUnary("not", operand, token.Start, operand.End);
        }
        finally
        {
            _depth--;
        }
    }

    private JinjaExpression ParseCompare()
    {
        var left = ParseMath1();
        while (true)
        {
            string op;
            if (Current.Kind == JinjaTokenKind.Operator && CompareOperators.Contains(Current.Text)) op = Take().Text;
            else if (Current.Is("in")) op = Take().Text;
            else if (Current.Is("not") && Peek.Is("in"))
            {
                Take();
                Take();
                op = "not in";
            }
            else return left;
            var right = ParseMath1();
            left = new JinjaBinary(op, left, right, left.Start, right.End);
        }
    }

    private JinjaExpression ParseMath1() => ParseLeft(_parseConcat, AddOperators);

    private JinjaExpression ParseConcat() => ParseLeft(_parseMath2, ConcatOperator);

    private JinjaExpression ParseMath2() => ParseLeft(_parsePow, MultiplyOperators);

    private JinjaExpression ParsePow() => ParseLeft(_parseUnary, PowerOperator);

    private JinjaExpression ParseLeft(Func<JinjaExpression> operand, string[] operators)
    {
        var left = operand();
        while (Array.IndexOf(operators, Current.Text) >= 0 && Current.Kind is JinjaTokenKind.Operator or JinjaTokenKind.Name)
        {
            var op = Take().Text;
            var right = operand();
            left = new JinjaBinary(op, left, right, left.Start, right.End);
        }
        return left;
    }

    private JinjaExpression ParseUnary(bool withFilter)
    {
        Enter();
        try
        {
            JinjaExpression node;
            if (Current.Is("-") || Current.Is("+"))
            {
                var token = Take();
                var operand = ParseUnary(withFilter: false);
                node = new JinjaUnary(token.Text, operand, token.Start, operand.End);
            }
            else
            {
                node = ParsePostfix(ParsePrimary());
            }
            return withFilter ? ParseFilterExpression(node) : node;
        }
        finally
        {
            _depth--;
        }
    }

    public JinjaExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case JinjaTokenKind.Name:
                Take();
                return token.Text switch
                {
                    "true" or "True" => new JinjaConstant(true, token.Start, token.End),
                    "false" or "False" => new JinjaConstant(false, token.Start, token.End),
                    "none" or "None" => new JinjaConstant(null, token.Start, token.End),
                    _ => new JinjaName(token.Text, token.Start, token.End),
                };
            case JinjaTokenKind.String:
            {
                Take();
                // Adjacent strings join, as in Python.
                var value = (string)token.Value!;
                var end = token.End;
                while (Current.Kind == JinjaTokenKind.String)
                {
                    value += (string)Current.Value!;
                    end = Take().End;
                }
                return new JinjaConstant(value, token.Start, end);
            }
            case JinjaTokenKind.Integer:
            case JinjaTokenKind.Float:
                Take();
                return new JinjaConstant(token.Value ?? token.Text, token.Start, token.End);
        }
        if (token.Is("("))
        {
            Take();
            Enter();
            try
            {
                var inner = ParseTuple(withCondition: true, explicitParentheses: true)!;
                Expect(")");
                return inner;
            }
            finally
            {
                _depth--;
            }
        }
        if (token.Is("[")) return ParseCollection(JinjaCollectionKind.List, "]");
        if (token.Is("{")) return ParseCollection(JinjaCollectionKind.Dict, "}");
        throw Fail(token, $"unexpected '{token.Describe(_statement)}'");
    }

    private JinjaExpression ParseCollection(JinjaCollectionKind kind, string closer)
    {
        var open = Take();
        Enter();
        try
        {
            var items = new List<JinjaExpression>();
            while (!Current.Is(closer))
            {
                if (items.Count > 0)
                {
                    Expect(",");
                    if (Current.Is(closer)) break;
                }
                var item = ParseExpression();
                if (kind == JinjaCollectionKind.Dict)
                {
                    Expect(":");
                    var value = ParseExpression();
                    item = new JinjaPair(item, value, item.Start, value.End);
                }
                items.Add(item);
            }
            var close = Expect(closer);
            return new JinjaCollection(kind, items, open.Start, close.End);
        }
        finally
        {
            _depth--;
        }
    }

    private JinjaExpression ParsePostfix(JinjaExpression node)
    {
        while (true)
        {
            if (Current.Is(".") || Current.Is("[")) node = ParseSubscript(node);
            else if (Current.Is("(")) node = ParseCall(node);
            else return node;
        }
    }

    private JinjaExpression ParseFilterExpression(JinjaExpression node)
    {
        while (true)
        {
            if (Current.Is("|")) node = ParseFilter(node);
            else if (Current.Is("is")) node = ParseTest(node);
            else if (Current.Is("(")) node = ParseCall(node);
            else return node;
        }
    }

    private JinjaExpression ParseSubscript(JinjaExpression node)
    {
        var token = Take();
        if (token.Is("."))
        {
            var attribute = Current;
            if (attribute.Kind == JinjaTokenKind.Name)
            {
                Take();
                return new JinjaAttribute(node, attribute.Text, attribute.Start, node.Start, attribute.End);
            }
            if (attribute.Kind == JinjaTokenKind.Integer)
            {
                Take();
                return new JinjaItem(node, new JinjaConstant(attribute.Value, attribute.Start, attribute.End), node.Start, attribute.End);
            }
            throw Fail(attribute, "expected name or number");
        }
        Enter();
        try
        {
            var indexes = new List<JinjaExpression>();
            while (!Current.Is("]"))
            {
                if (indexes.Count > 0) Expect(",");
                indexes.Add(ParseSubscribed());
            }
            var close = Expect("]");
            var index = indexes.Count == 1
                ? indexes[0]
                : new JinjaCollection(JinjaCollectionKind.Tuple, indexes, token.End, close.Start);
            return new JinjaItem(node, index, node.Start, close.End);
        }
        finally
        {
            _depth--;
        }
    }

    private JinjaExpression ParseSubscribed()
    {
        var start = Current.Start;
        JinjaExpression? from = null;
        if (!Current.Is(":"))
        {
            from = ParseExpression();
            if (!Current.Is(":")) return from;
        }
        Take();
        JinjaExpression? to = null, step = null;
        if (!Current.Is("]") && !Current.Is(",") && !Current.Is(":")) to = ParseExpression();
        if (Current.Is(":"))
        {
            Take();
            if (!Current.Is("]") && !Current.Is(",")) step = ParseExpression();
        }
        return new JinjaSlice(from, to, step, start, (step ?? to ?? from)?.End ?? start + 1);
    }

    private JinjaExpression ParseCall(JinjaExpression node)
    {
        var args = ParseCallArguments(out var end);
        return new JinjaCall(node, args, node.Start, end);
    }

    /// <summary>
    /// <c>( positional..., name=value..., *args, **kwargs )</c> in Jinja's order; a trailing comma is allowed.
    /// </summary>
    public List<JinjaExpression> ParseCallArguments(out int end)
    {
        Expect("(");
        Enter();
        try
        {
            var args = new List<JinjaExpression>();
            bool keywords = false, starArgs = false, starKeywords = false, requireComma = false;
            while (!Current.Is(")"))
            {
                if (requireComma)
                {
                    Expect(",");
                    if (Current.Is(")")) break;
                }
                var token = Current;
                if (token.Is("*") || token.Is("**"))
                {
                    if (starKeywords || (token.Is("*") && starArgs)) throw Fail(token, "invalid syntax for function call expression");
                    Take();
                    var value = ParseExpression();
                    if (token.Is("*")) starArgs = true;
                    else starKeywords = true;
                    args.Add(new JinjaArgument(token.Text, value, token.Start, value.End));
                }
                else if (token.Kind == JinjaTokenKind.Name && Peek.Is("="))
                {
                    if (starKeywords) throw Fail(token, "invalid syntax for function call expression");
                    Take();
                    Take();
                    var value = ParseExpression();
                    args.Add(new JinjaArgument(token.Text + "=", value, token.Start, value.End));
                    keywords = true;
                }
                else
                {
                    if (starArgs || starKeywords || keywords) throw Fail(token, "invalid syntax for function call expression");
                    args.Add(ParseExpression());
                }
                requireComma = true;
            }
            end = Expect(")").End;
            return args;
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary><c>| name(.name)*(args)</c>, repeated; <paramref name="node"/> is null for a filter block.</summary>
    public JinjaExpression ParseFilter(JinjaExpression? node, bool startInline = false)
    {
        var result = node;
        while (Current.Is("|") || startInline)
        {
            var start = Current.Start;
            if (!startInline) Take();
            startInline = false;
            var nameToken = ExpectName();
            var name = nameToken.Text;
            var end = nameToken.End;
            while (Current.Is("."))
            {
                Take();
                var part = ExpectName();
                name += "." + part.Text;
                end = part.End;
            }
            var args = Current.Is("(") ? ParseCallArguments(out end) : new List<JinjaExpression>();
            result = new JinjaFilter(result, name, args, result?.Start ?? start, end);
        }
        return result!;
    }

    private JinjaExpression ParseTest(JinjaExpression node)
    {
        Take();
        var negated = false;
        if (Current.Is("not"))
        {
            Take();
            negated = true;
        }
        var nameToken = ExpectName();
        var name = nameToken.Text;
        var end = nameToken.End;
        while (Current.Is("."))
        {
            Take();
            var part = ExpectName();
            name += "." + part.Text;
            end = part.End;
        }
        var args = new List<JinjaExpression>();
        if (Current.Is("("))
        {
            args = ParseCallArguments(out end);
        }
        else if ((Current.Kind is JinjaTokenKind.Name or JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float
                     || Current.Is("[") || Current.Is("{"))
                 && !Current.Is("else") && !Current.Is("or") && !Current.Is("and"))
        {
            if (Current.Is("is")) throw Fail(Current, "You cannot chain multiple tests with is");
            var argument = ParsePostfix(ParsePrimary());
            args.Add(argument);
            end = argument.End;
        }
        return new JinjaTest(node, name, negated, args, node.Start, end);
    }

    private void Enter()
    {
        if (++_depth <= JinjaParser.MaxDepth) return;
        throw Fail(Current, string.Format(CultureInfo.InvariantCulture, "expression nested deeper than {0} levels", JinjaParser.MaxDepth));
    }
}
