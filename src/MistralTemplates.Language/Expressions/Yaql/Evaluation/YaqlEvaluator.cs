using System;
using System.Collections.Generic;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// Evaluates parsed YAQL with YAQL's semantics over the JSON-like value model. Never throws on user data:
/// unknown functions, wrong types and missing keys come back as a <see cref="YaqlEvaluationError"/> located
/// at the offending part of the expression.
/// </summary>
public static class YaqlEvaluator
{
    /// <summary>Evaluation nesting (operators inside lambdas inside calls) deeper than this is an error.</summary>
    public const int MaxDepth = 2 * YaqlParser.MaxDepth;

    public static YaqlResult Evaluate(YaqlExpression expression, YaqlContext context)
    {
        if (expression is null) throw new ArgumentNullException(nameof(expression));
        if (context is null) throw new ArgumentNullException(nameof(context));
        var walker = new Walker(context.Functions);
        try
        {
            var value = walker.Evaluate(expression, new YaqlScope(context.Data, context.Variables));
            if (value is YaqlScope) throw new YaqlException("let(...) gives a context; use it on the left of '->'", expression);
            return YaqlResult.Of(value);
        }
        catch (YaqlException e)
        {
            var at = e.At ?? expression;
            return YaqlResult.Failed(new YaqlEvaluationError(at.Start, at.End, e.Message));
        }
    }

    /// <summary>
    /// Parses and evaluates <paramref name="text"/>; a syntax error comes back as the result's error. Parses are
    /// cached by text (a bounded cache), so evaluating the same expression again costs only the evaluation.
    /// </summary>
    public static YaqlResult Evaluate(string text, YaqlContext context)
    {
        var parsed = YaqlParseCache.Parse(text);
        if (parsed.Error is { } error)
            return YaqlResult.Failed(new YaqlEvaluationError(error.Offset, error.Offset + error.Length, error.Message));
        return Evaluate(parsed.Expression!, context);
    }

    internal sealed class Walker(YaqlFunctions functions)
    {
        private int _depth;

        public object? Evaluate(YaqlExpression node, YaqlScope scope)
        {
            if (++_depth > MaxDepth) throw new YaqlException($"expression nested deeper than {MaxDepth} levels", node);
            try
            {
                return node switch
                {
                    YaqlConstant c => c.Value is string or bool or long or double or null ? c.Value
                        : throw new YaqlException($"number {c.Value} is too large", node),
                    YaqlKeyword k => k.Name,
                    YaqlContextValue v => v.Name == "$" ? scope.Data : scope.Lookup(v.Name.Substring(1)),
                    YaqlUnary u => Unary(u, scope),
                    YaqlBinary b => Binary(b, scope),
                    YaqlCall call => Call(call, scope, false, null),
                    YaqlIndexer i => Index(i, scope),
                    YaqlList l => ListLiteral(l, scope),
                    YaqlMap m => MapLiteral(m, scope),
                    YaqlValueNode value => value.Value,
                    YaqlNamedArgument => throw new YaqlException("'=>' is allowed only in function arguments and mappings", node),
                    _ => throw new YaqlException("missing value", node),
                };
            }
            finally
            {
                _depth--;
            }
        }

        private object? Unary(YaqlUnary node, YaqlScope scope)
        {
            var operand = Evaluate(node.Operand, scope);
            if (node.Operator == "not") return !PythonValues.IsTruthy(operand);
            return YaqlOperators.Sign(node.Operator, operand, node);
        }

        private object? Binary(YaqlBinary node, YaqlScope scope)
        {
            switch (node.Operator)
            {
                case "and":
                {
                    var left = Evaluate(node.Left, scope);
                    return PythonValues.IsTruthy(left) ? Evaluate(node.Right, scope) : left;
                }
                case "or":
                {
                    var left = Evaluate(node.Left, scope);
                    return PythonValues.IsTruthy(left) ? left : Evaluate(node.Right, scope);
                }
                case "->":
                {
                    var left = Evaluate(node.Left, scope);
                    var target = left as YaqlScope ?? scope.WithData(left);
                    return Evaluate(node.Right, target);
                }
                case ".":
                case "?.":
                {
                    var receiver = Evaluate(node.Left, scope);
                    if (node.Operator == "?." && receiver is null) return null;
                    return Member(node, receiver, scope);
                }
                default:
                    return YaqlOperators.Apply(node.Operator, Evaluate(node.Left, scope), Evaluate(node.Right, scope), node);
            }
        }

        private object? Member(YaqlBinary node, object? receiver, YaqlScope scope)
        {
            switch (node.Right)
            {
                case YaqlCall call:
                    return Call(call, scope, true, receiver);
                case YaqlKeyword key:
                    return Attribute(receiver, key.Name, node);
                default:
                    throw new YaqlException("expected a name or a method call after '.'", node.Right);
            }
        }

        /// <summary><c>mapping.key</c> reads the key; <c>list.key</c> reads it from every item.</summary>
        private static object? Attribute(object? receiver, string key, YaqlBinary node)
        {
            switch (receiver)
            {
                case Dictionary<string, object?> map:
                    return map.TryGetValue(key, out var value) ? value : throw new YaqlException($"key '{key}' not found", node);
                case List<object?> list:
                {
                    var values = new List<object?>(list.Count);
                    foreach (var item in list) values.Add(Attribute(item, key, node));
                    return values;
                }
                default:
                    throw new YaqlException($"cannot read '.{key}' of {YaqlValues.Describe(receiver)}", node);
            }
        }

        internal object? Call(YaqlCall call, YaqlScope scope, bool hasReceiver, object? receiver)
        {
            if (scope.TryFunction(call.Name, out var body, out var home)) return CallDefined(call, scope, hasReceiver, receiver, body, home);
            if (!functions.TryGet(call.Name, out var function))
                throw new YaqlException($"unknown function '{call.Name}'", new YaqlKeyword(call.Name, call.Start, call.NameEnd));
            try
            {
                var result = function(new YaqlInvocation(this, scope, call, hasReceiver, receiver));
                // Sets, sorted lists and regexes keep their type for the next call; Normalize would make them plain.
                return result is YaqlScope or YaqlSet or YaqlOrderedList or YaqlRegex ? result : PythonValues.Normalize(result);
            }
            catch (YaqlException e) when (e.At is null)
            {
                // A function's own complaint is located at its call.
                throw new YaqlException(e.Message, call);
            }
        }

        /// <summary>
        /// A function made by <c>def(name, body)</c>: the body is evaluated where it was defined (so it may call
        /// itself), with <c>$</c> and <c>$1</c> the first argument, <c>$2</c> the second, and named arguments by name.
        /// </summary>
        private object? CallDefined(YaqlCall call, YaqlScope scope, bool hasReceiver, object? receiver, YaqlExpression body, YaqlScope home)
        {
            var values = new List<object?>();
            if (hasReceiver) values.Add(receiver);
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var argument in call.Arguments)
            {
                if (argument is YaqlNamedArgument named)
                    variables[YaqlValues.Key(named.Name is YaqlKeyword k ? k.Name : Evaluate(named.Name, scope))] = Evaluate(named.Value, scope);
                else values.Add(Evaluate(argument, scope));
            }
            for (var i = 0; i < values.Count; i++) variables[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = values[i];
            return Evaluate(body, home.WithData(values.Count > 0 ? values[0] : null).WithVariables(variables));
        }

        private object? Index(YaqlIndexer node, YaqlScope scope)
        {
            var target = Evaluate(node.Target, scope);
            var args = new List<object?>(node.Arguments.Count);
            var hasDefault = false;
            object? fallback = null;
            foreach (var argument in node.Arguments)
            {
                // $[key, default => value] names the fallback the second position also gives.
                if (argument is YaqlNamedArgument { Name: YaqlKeyword { Name: "default" } } named)
                {
                    hasDefault = true;
                    fallback = Evaluate(named.Value, scope);
                }
                else args.Add(Evaluate(argument, scope));
            }
            if (hasDefault) args.Add(fallback);
            return YaqlOperators.Index(target, args, node);
        }

        private List<object?> ListLiteral(YaqlList node, YaqlScope scope)
        {
            var list = new List<object?>(node.Items.Count);
            foreach (var item in node.Items) list.Add(Evaluate(item, scope));
            return list;
        }

        private Dictionary<string, object?> MapLiteral(YaqlMap node, YaqlScope scope)
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var item in node.Items)
            {
                if (item is not YaqlNamedArgument entry) throw new YaqlException("mapping entries are written 'key => value'", item);
                map[YaqlValues.Key(Evaluate(entry.Name, scope))] = Evaluate(entry.Value, scope);
            }
            return map;
        }
    }
}
