using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Expressions.Jinja;

/// <summary>Walks Jinja trees without recursion, so that no tree can exhaust the stack.</summary>
public static class JinjaTree
{
    public static IEnumerable<JinjaExpression> Children(JinjaExpression node) => node switch
    {
        JinjaAttribute a => new[] { a.Target },
        JinjaItem i => new[] { i.Target, i.Index },
        JinjaSlice s => new[] { s.From, s.To, s.Step }.OfType<JinjaExpression>(),
        JinjaCall c => new[] { c.Target }.Concat(c.Arguments),
        JinjaArgument a => new[] { a.Value },
        JinjaFilter f => (f.Target is null ? Enumerable.Empty<JinjaExpression>() : new[] { f.Target }).Concat(f.Arguments),
        JinjaTest t => new[] { t.Target }.Concat(t.Arguments),
        JinjaUnary u => new[] { u.Operand },
        JinjaBinary b => new[] { b.Left, b.Right },
        JinjaConditional c => new[] { c.Then, c.Test, c.Otherwise }.OfType<JinjaExpression>(),
        JinjaCollection c => c.Items,
        JinjaPair p => new[] { p.Key, p.Value },
        _ => Enumerable.Empty<JinjaExpression>(),
    };

    /// <summary>Every node of the tree, parents before children.</summary>
    public static IEnumerable<JinjaExpression> DescendantsAndSelf(JinjaExpression root)
    {
        var stack = new Stack<JinjaExpression>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            foreach (var child in Children(node).Reverse()) stack.Push(child);
        }
    }

    /// <summary>Fails when the tree is taller than <paramref name="maxHeight"/>: a left-leaning chain
    /// such as <c>a.b.c...</c> is built by loops, so the parser's recursion bound does not cover it.</summary>
    internal static void CheckHeight(JinjaExpression root, int maxHeight)
    {
        var stack = new Stack<(JinjaExpression Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > maxHeight)
                throw new JinjaSyntaxException(new ExpressionSyntaxError(node.Start, System.Math.Max(1, node.End - node.Start),
                    $"expression nested deeper than {maxHeight} levels"));
            foreach (var child in Children(node)) stack.Push((child, depth + 1));
        }
    }
}
