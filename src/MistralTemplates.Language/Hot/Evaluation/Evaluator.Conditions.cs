using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>if, equals, not, and, or, and yaql.</summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// <c>if: [condition, value_if_true, value_if_false]</c>; only the chosen branch is evaluated. From
    /// 2021-04-16 the false branch may be left out, and then the enclosing item is left out too.
    /// </summary>
    private object? If(YamlEntry call)
    {
        var min = Version.IsAtLeast(HotVersions.V20210416) ? 2 : 3;
        if (ArgumentList(call, min, 3) is not { } args) return null;
        if (ConditionOf(args.Items[0]) is not { } condition) return null;
        if (condition) return Evaluate(args.Items[1], FunctionTable.Value);
        return args.Count == 3 ? Evaluate(args.Items[2], FunctionTable.Value) : Omitted;
    }

    /// <summary>A condition written where one is expected: a condition function, a boolean or a condition's name.</summary>
    public bool? ConditionOf(YamlNode node)
    {
        var mark = Mark;
        var value = Argument(node, FunctionTable.Condition);
        if (FailedSince(mark)) return null;
        return AsCondition(value, node.Span);
    }

    /// <summary>Heat's is_enabled: a boolean is itself, a string names a condition, null is true.</summary>
    private bool? AsCondition(object? value, SourceSpan span)
    {
        switch (value)
        {
            case bool flag:
                return flag;
            case null:
                return true;
            case string name:
                return Conditions.Resolve(name, span, this);
            default:
                Error(span, $"Invalid condition {PythonText.Repr(value)}: write a condition's name, true, false or a condition function.");
                return null;
        }
    }

    /// <summary><c>equals: [value1, value2]</c>, with Python's equality (1 == 1.0).</summary>
    private object? EqualsFunction(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        var mark = Mark;
        var left = Argument(args.Items[0], table);
        var right = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, left, right) is { } deferred) return deferred;
        return PythonValues.AreEqual(left, right);
    }

    /// <summary><c>not: condition</c>.</summary>
    private object? Not(YamlEntry call, FunctionTable table)
    {
        if (call.Value is YamlScalar { IsNull: true }) return Wrong(call, "it takes a condition");
        var mark = Mark;
        var value = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        return AsCondition(value, call.Value.Span) is { } condition ? !condition : null;
    }

    /// <summary><c>and</c> / <c>or: [condition1, condition2, ...]</c>; stops at the first condition that decides.</summary>
    private object? AndOr(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, int.MaxValue) is not { } args) return null;
        var mark = Mark;
        var values = args.Items.Select(item => Argument(item, table)).ToList();
        if (FailedSince(mark)) return null;
        var decisive = call.KeyText == "or";
        for (var i = 0; i < values.Count; i++)
        {
            if (AsCondition(values[i], args.Items[i].Span) is not { } condition) return null;
            if (condition == decisive) return decisive;
        }
        return !decisive;
    }

    /// <summary>
    /// <c>yaql: {expression, data}</c>. YAQL is not evaluated at run time; an expression that is only a literal
    /// ('text', 42, true, null) gives its value.
    /// </summary>
    private object? Yaql(YamlEntry call, FunctionTable table)
    {
        if (ArgumentMap(call, table, "expression") is not { } args) return null;
        foreach (var entry in args.Entries)
            if (entry.KeyText is not ("expression" or "data")) return Wrong(call, $"'{entry.KeyText}' is not one of its keys (expression, data)");
        var mark = Mark;
        var expression = Argument(args["expression"]!, table);
        if (args["data"] is { } dataNode) Argument(dataNode, table);
        if (FailedSince(mark)) return null;
        if (expression is DeferredValue) return DeferredResult(call, expression);
        if (expression is not string text) return Wrong(call, $"the expression must be a string, not {PythonValues.Describe(expression)}");
        var parsed = YaqlParser.Parse(text);
        if (!parsed.Success) return Error(args["expression"]!.Span, $"Bad yaql expression: {parsed.Error!.Message}.");
        if (LiteralOf(parsed.Expression!, text) is { } literal) return literal.Value;
        return Error(call.Key.Span,
            $"yaql is not supported at run time: '{text.Trim()}' is not a plain literal. Compute the value with other functions (map_merge, list_concat, str_split, if ...) or pass it as a parameter.");
    }

    /// <summary>A constant, or a sign applied to a number: the only YAQL evaluated here.</summary>
    private static Literal? LiteralOf(YaqlExpression expression, string text)
    {
        switch (expression)
        {
            // The lexer keeps an integer too long for a long as its digits: that is no string.
            case YaqlConstant { Value: string } quoted when text[quoted.Start] is '\'' or '"' or '`':
            case YaqlConstant { Value: null or bool or long or double }:
                return new Literal(((YaqlConstant)expression).Value);
            case YaqlUnary { Operator: "-" or "+", Operand: YaqlConstant { Value: long or double } number } unary:
                if (unary.Operator == "+") return new Literal(number.Value);
                return new Literal(number.Value is long l ? -l : -(double)number.Value!);
            default:
                return null;
        }
    }

    private sealed record Literal(object? Value);
}
