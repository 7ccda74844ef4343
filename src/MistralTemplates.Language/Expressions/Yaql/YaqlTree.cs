using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Expressions.Yaql;

/// <summary>Walks YAQL trees without recursion.</summary>
public static class YaqlTree
{
    public static IEnumerable<YaqlExpression> Children(YaqlExpression node) => node switch
    {
        YaqlUnary u => new[] { u.Operand },
        YaqlBinary b => new[] { b.Left, b.Right },
        YaqlCall c => c.Arguments,
        YaqlIndexer i => new[] { i.Target }.Concat(i.Arguments),
        YaqlList l => l.Items,
        YaqlMap m => m.Items,
        YaqlNamedArgument n => new[] { n.Name, n.Value },
        _ => Enumerable.Empty<YaqlExpression>(),
    };
}
