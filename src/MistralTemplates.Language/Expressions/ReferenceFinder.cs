using System.Collections.Generic;
using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Yaql;

namespace MistralTemplates.Language.Expressions;

/// <summary>A name an expression uses, with offsets in the expression text.</summary>
public readonly record struct ExpressionName(ExpressionReferenceKind Kind, string Name, int Start, int End);

/// <summary>
/// Lists the workflow variables, tasks and functions an expression uses. In YAQL, <c>$</c> inside the
/// arguments of a method (<c>$.vms.select($.name)</c>) or right of <c>-&gt;</c> is not the workflow
/// context but the item at hand, so <c>$.name</c> there is not a variable reference.
/// </summary>
public static class ReferenceFinder
{
    public static IReadOnlyList<ExpressionName> Find(YaqlExpression root)
    {
        var names = new List<ExpressionName>();
        var stack = new Stack<(YaqlExpression Node, bool AtRoot)>();
        stack.Push((root, true));
        while (stack.Count > 0)
        {
            var (node, atRoot) = stack.Pop();
            switch (node)
            {
                case YaqlBinary { Operator: "." or "?." } member:
                    if (atRoot && member.Left is YaqlContextValue { Name: "$" } && member.Right is YaqlKeyword name)
                        names.Add(new ExpressionName(ExpressionReferenceKind.Variable, name.Name, name.Start, name.End));
                    stack.Push((member.Left, atRoot));
                    // The right side is a name or a method call; a method's arguments see the item as $.
                    if (member.Right is YaqlCall method)
                        foreach (var arg in method.Arguments) stack.Push((arg, false));
                    continue;
                case YaqlBinary { Operator: "->" } pipe:
                    stack.Push((pipe.Left, atRoot));
                    stack.Push((pipe.Right, false));
                    continue;
                case YaqlIndexer { Target: YaqlContextValue { Name: "$" }, Arguments: [YaqlConstant { Value: string key } constant] }
                    when atRoot:
                    names.Add(new ExpressionName(ExpressionReferenceKind.Variable, key, constant.Start + 1, constant.End - 1));
                    continue;
                case YaqlCall call:
                    if (call.Name == "task" && call.Arguments.Count > 0 && TaskName(call.Arguments[0]) is { } task)
                    {
                        names.Add(task);
                        continue;
                    }
                    names.Add(new ExpressionName(ExpressionReferenceKind.Function, call.Name, call.Start, call.NameEnd));
                    break;
            }
            foreach (var child in YaqlTree.Children(node)) stack.Push((child, atRoot));
        }
        names.Sort((a, b) => a.Start.CompareTo(b.Start));
        return names;
    }

    public static IReadOnlyList<ExpressionName> Find(JinjaExpression root)
    {
        var names = new List<ExpressionName>();
        foreach (var node in JinjaTree.DescendantsAndSelf(root))
        {
            switch (node)
            {
                case JinjaAttribute { Target: JinjaName { Name: "_" } } attribute:
                    names.Add(new ExpressionName(ExpressionReferenceKind.Variable, attribute.Name, attribute.NameStart, attribute.End));
                    break;
                case JinjaItem { Target: JinjaName { Name: "_" }, Index: JinjaConstant { Value: string key } index }:
                    names.Add(new ExpressionName(ExpressionReferenceKind.Variable, key, index.Start + 1, index.End - 1));
                    break;
                case JinjaCall { Target: JinjaName function } call:
                    if (function.Name == "task" && call.Arguments.Count > 0 && call.Arguments[0] is JinjaConstant { Value: string task } arg)
                        names.Add(new ExpressionName(ExpressionReferenceKind.Task, task, arg.Start + 1, arg.End - 1));
                    else
                        names.Add(new ExpressionName(ExpressionReferenceKind.Function, function.Name, function.Start, function.End));
                    break;
            }
        }
        names.Sort((a, b) => a.Start.CompareTo(b.Start));
        return names;
    }

    private static ExpressionName? TaskName(YaqlExpression argument) => argument switch
    {
        YaqlKeyword k => new ExpressionName(ExpressionReferenceKind.Task, k.Name, k.Start, k.End),
        YaqlConstant { Value: string s } c => new ExpressionName(ExpressionReferenceKind.Task, s, c.Start + 1, c.End - 1),
        _ => null,
    };
}
