using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Expressions.Jinja;

/// <summary>
/// One <c>{{ ... }}</c> or <c>{% ... %}</c> of a template. Offsets count from the start of the template;
/// <see cref="Tag"/> is the statement's tag (<c>if</c>, <c>for</c>, ...), null for <c>{{ }}</c>.
/// </summary>
public sealed record JinjaTemplateBlock(
    bool IsStatement,
    string? Tag,
    int Start,
    int End,
    int InnerStart,
    int InnerEnd,
    IReadOnlyList<JinjaExpression> Expressions);

public sealed class JinjaTemplateResult
{
    internal JinjaTemplateResult(IReadOnlyList<JinjaTemplateBlock> blocks, ExpressionSyntaxError? error)
    {
        Blocks = blocks;
        Error = error;
    }

    /// <summary>The blocks read before the first error (all of them when there is none).</summary>
    public IReadOnlyList<JinjaTemplateBlock> Blocks { get; }

    /// <summary>The first syntax error, as Jinja stops at it.</summary>
    public ExpressionSyntaxError? Error { get; }
}

/// <summary>
/// Checks a whole string as a Jinja template, as Mistral does for any string holding <c>{{ }}</c> or
/// <c>{% %}</c>: every expression parses, every statement has a known tag, and block statements
/// (<c>if</c>, <c>for</c>, <c>set</c> ..., <c>macro</c>) are closed in order. The expressions of
/// <c>if</c>, <c>elif</c>, <c>for</c>, <c>set</c>, <c>with</c> and <c>print</c> are parsed; other tags are only balanced.
/// </summary>
public static class JinjaTemplate
{
    private static readonly Dictionary<string, string> BlockTags = new()
    {
        ["if"] = "endif", ["for"] = "endfor", ["set"] = "endset", ["with"] = "endwith", ["macro"] = "endmacro",
        ["call"] = "endcall", ["filter"] = "endfilter", ["block"] = "endblock", ["autoescape"] = "endautoescape",
    };

    private static readonly HashSet<string> SimpleTags = new() { "extends", "include", "import", "from" };

    public static JinjaTemplateResult Check(string text)
    {
        var lexer = JinjaLexer.Run(text ?? "");
        var blocks = new List<JinjaTemplateBlock>();
        var open = new Stack<OpenTag>();
        foreach (var block in lexer.Blocks)
        {
            var expressions = new List<JinjaExpression>();
            var parser = new JinjaTokenParser(block.Tokens, block.IsStatement);
            string? tag = null;
            try
            {
                if (block.IsStatement) tag = Statement(parser, open, expressions);
                else
                {
                    var expression = parser.ParseTuple(withCondition: true);
                    parser.ExpectEnd();
                    if (expression is not null) expressions.Add(expression);
                }
                foreach (var expression in expressions) JinjaTree.CheckHeight(expression, JinjaParser.MaxDepth);
            }
            catch (JinjaSyntaxException e)
            {
                return new JinjaTemplateResult(blocks, e.Error);
            }
            blocks.Add(new JinjaTemplateBlock(block.IsStatement, tag, block.Start, block.End, block.InnerStart, block.InnerEnd, expressions));
        }
        if (lexer.Error is not null) return new JinjaTemplateResult(blocks, lexer.Error);
        if (open.Count > 0)
        {
            var innermost = open.Peek();
            return new JinjaTemplateResult(blocks, new ExpressionSyntaxError(innermost.Token.Start,
                innermost.Token.End - innermost.Token.Start,
                "Unexpected end of template. " + LookingFor(open)));
        }
        return new JinjaTemplateResult(blocks, null);
    }

    private sealed class OpenTag(string name, JinjaToken token)
    {
        public string Name { get; } = name;

        public JinjaToken Token { get; } = token;

        public bool SeenElse { get; set; }

        /// <summary>The tags Jinja accepts next inside this block, in its wording.</summary>
        public IEnumerable<string> Expected()
        {
            if (Name == "if" && !SeenElse) return new[] { "elif", "else", "endif" };
            if (Name == "for" && !SeenElse) return new[] { "endfor", "else" };
            return new[] { BlockTags[Name] };
        }
    }

    private static string LookingFor(Stack<OpenTag> open)
    {
        var innermost = open.Peek();
        return "Jinja was looking for the following tags: " + string.Join(" or ", innermost.Expected().Select(t => "'" + t + "'")) +
               ". The innermost block that needs to be closed is '" + innermost.Name + "'.";
    }

    /// <summary>Reads one statement; returns its tag.</summary>
    private static string Statement(JinjaTokenParser p, Stack<OpenTag> open, List<JinjaExpression> expressions)
    {
        var token = p.Current;
        if (token.Kind != JinjaTokenKind.Name) throw p.Fail(token, "tag name expected");
        var tag = token.Text;
        p.Take();
        switch (tag)
        {
            case "if":
                expressions.Add(p.ParseTuple(withCondition: false)!);
                open.Push(new OpenTag(tag, token));
                break;
            case "elif" when open.Count > 0 && open.Peek().Name == "if" && !open.Peek().SeenElse:
                expressions.Add(p.ParseTuple(withCondition: false)!);
                break;
            case "else" when open.Count > 0 && open.Peek().Name is "if" or "for" && !open.Peek().SeenElse:
                open.Peek().SeenElse = true;
                break;
            case "for":
                For(p, expressions);
                open.Push(new OpenTag(tag, token));
                break;
            case "set":
                AssignTarget(p, allowNamespace: true);
                if (p.Current.Is("="))
                {
                    p.Take();
                    expressions.Add(p.ParseTuple(withCondition: true)!);
                }
                else
                {
                    if (p.Current.Is("|")) expressions.Add(p.ParseFilter(null));
                    open.Push(new OpenTag(tag, token));
                }
                break;
            case "with":
                while (!p.AtEnd)
                {
                    if (expressions.Count > 0) p.Expect(",");
                    AssignTarget(p, allowNamespace: false);
                    p.Expect("=");
                    expressions.Add(p.ParseExpression());
                }
                open.Push(new OpenTag(tag, token));
                break;
            case "print":
                while (!p.AtEnd)
                {
                    if (expressions.Count > 0) p.Expect(",");
                    expressions.Add(p.ParseExpression());
                }
                break;
            default:
                if (BlockTags.ContainsKey(tag))
                {
                    // macro, call, filter, block, autoescape: balanced, arguments not checked.
                    SkipToEnd(p);
                    open.Push(new OpenTag(tag, token));
                    return tag;
                }
                if (SimpleTags.Contains(tag))
                {
                    SkipToEnd(p);
                    return tag;
                }
                if (open.Count > 0 && open.Peek().Expected().Contains(tag))
                {
                    open.Pop();
                    break;
                }
                throw p.Fail(token, UnknownTag(tag, open));
        }
        p.ExpectEnd();
        return tag;
    }

    private static string UnknownTag(string tag, Stack<OpenTag> open)
    {
        var message = "Encountered unknown tag '" + tag + "'.";
        if (open.Count == 0) return message;
        var expectedAnywhere = open.Any(o => o.Expected().Contains(tag));
        return expectedAnywhere
            ? message + " You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for " +
              string.Join(" or ", open.Peek().Expected().Select(t => "'" + t + "'")) +
              ". The innermost block that needs to be closed is '" + open.Peek().Name + "'."
            : message + " " + LookingFor(open);
    }

    // for target in iterable [if condition] [recursive]
    private static void For(JinjaTokenParser p, List<JinjaExpression> expressions)
    {
        AssignTarget(p, allowNamespace: false, extraEnd: "in");
        p.Expect("in");
        expressions.Add(p.ParseTuple(withCondition: false, extraEnd: "recursive")!);
        if (p.Current.Is("if"))
        {
            p.Take();
            expressions.Add(p.ParseExpression());
        }
        if (p.Current.Is("recursive")) p.Take();
    }

    /// <summary>A name, <c>a, b</c>, <c>(a, b)</c>, or with <paramref name="allowNamespace"/> <c>ns.attr</c>.</summary>
    private static void AssignTarget(JinjaTokenParser p, bool allowNamespace, string? extraEnd = null)
    {
        if (allowNamespace && p.Current.Kind == JinjaTokenKind.Name && p.Peek.Is("."))
        {
            p.Take();
            p.Take();
            p.ExpectName();
            return;
        }
        var start = p.Current;
        var target = p.ParseTuple(withCondition: false, simplified: true, extraEnd: extraEnd);
        if (target is null || !CanAssign(target)) throw p.Fail(start, "can't assign to '" + Describe(target) + "'");
    }

    private static bool CanAssign(JinjaExpression target) => target switch
    {
        JinjaName n => n.Name is not ("true" or "false" or "none" or "True" or "False" or "None"),
        JinjaCollection { Kind: JinjaCollectionKind.Tuple } t => t.Items.All(CanAssign),
        _ => false,
    };

    private static string Describe(JinjaExpression? target) => target switch
    {
        JinjaConstant => "const",
        JinjaCollection c => c.Kind.ToString().ToLowerInvariant(),
        _ => "expression",
    };

    private static void SkipToEnd(JinjaTokenParser p)
    {
        while (!p.AtEnd) p.Take();
    }
}
