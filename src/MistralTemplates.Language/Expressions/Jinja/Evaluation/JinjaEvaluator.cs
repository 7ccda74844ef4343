using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>
/// Evaluates a parsed Jinja expression over JSON-like values, as Mistral's sandboxed, strict-undefined
/// Jinja environment does. Problems with the data (a missing name, a wrong type, division by zero) come
/// back as a located error in the result; nothing is thrown.
/// </summary>
public static class JinjaEvaluator
{
    public static JinjaEvaluationResult Evaluate(JinjaExpression expression, JinjaContext context)
    {
        if (expression is null) throw new ArgumentNullException(nameof(expression));
        if (context is null) throw new ArgumentNullException(nameof(context));
        try
        {
            var value = new Walker(context).Eval(expression);
            // Mistral turns the result into text once, so a strict undefined fails here at the latest.
            if (value is JinjaUndefined undefined) return Fail(expression, undefined.Message);
            return JinjaEvaluationResult.Ok(value);
        }
        catch (JinjaEvaluationException e)
        {
            return Fail(e.Node, e.Message);
        }
    }

    /// <summary>Parses <paramref name="text"/> (the inside of <c>{{ }}</c>) and evaluates it; a syntax error is an error result.</summary>
    public static JinjaEvaluationResult Evaluate(string text, JinjaContext context)
    {
        var parsed = JinjaParser.ParseExpression(text);
        if (parsed.Error is { } error) return JinjaEvaluationResult.Failed(new JinjaEvaluationError(error.Offset, error.Length, error.Message));
        if (parsed.Expression is null) return JinjaEvaluationResult.Failed(new JinjaEvaluationError(0, 0, "the expression is empty"));
        return Evaluate(parsed.Expression, context);
    }

    private static JinjaEvaluationResult Fail(JinjaExpression node, string message) =>
        JinjaEvaluationResult.Failed(new JinjaEvaluationError(node.Start, Math.Max(1, node.End - node.Start), message));

    /// <summary>One evaluation; recursion follows the tree, whose height the parser bounds.</summary>
    internal sealed class Walker(JinjaContext context)
    {
        private const int MaxDepth = JinjaParser.MaxDepth * 2;
        private int _depth;

        public JinjaContext Context { get; } = context;

        public object? Eval(JinjaExpression node)
        {
            if (++_depth > MaxDepth) throw new JinjaEvaluationException(node, "expression nested too deeply");
            try
            {
                return EvalNode(node);
            }
            finally
            {
                _depth--;
            }
        }

        /// <summary>A value that must be defined to be used.</summary>
        public object? Defined(JinjaExpression node)
        {
            var value = Eval(node);
            if (value is JinjaUndefined undefined) throw new JinjaEvaluationException(node, undefined.Message);
            return value;
        }

        private object? EvalNode(JinjaExpression node)
        {
            switch (node)
            {
                case JinjaConstant c:
                    return Constant(c);
                case JinjaName n:
                    if (Context.TryGetVariable(n.Name, out var variable)) return variable;
                    return new JinjaUndefined("'" + n.Name + "' is undefined");
                case JinjaAttribute a:
                {
                    var target = Defined(a.Target);
                    if (JinjaMethods.IsMethod(target, a.Name)) throw JinjaMethods.NotCalled(a, target);
                    return Lookup(a, target, a.Name);
                }
                case JinjaItem item when item.Index is JinjaSlice slice:
                    return Slice(slice, Defined(item.Target));
                case JinjaItem item:
                    return Lookup(item, Defined(item.Target), Defined(item.Index));
                case JinjaUnary u:
                    return JinjaOperators.Unary(u, Defined(u.Operand));
                case JinjaBinary b:
                    return Binary(b);
                case JinjaConditional c:
                    if (JinjaValues.Truthy(Defined(c.Test))) return Eval(c.Then);
                    return c.Otherwise is null ? new JinjaUndefined("the condition is false and there is no else") : Eval(c.Otherwise);
                case JinjaCollection c:
                    return Collection(c);
                case JinjaFilter f:
                    return JinjaFilters.Apply(this, f);
                case JinjaTest t:
                    return JinjaTests.Apply(this, t);
                case JinjaCall call:
                    return Call(call);
                default:
                    throw new JinjaEvaluationException(node, "this expression cannot be evaluated here");
            }
        }

        /// <summary>
        /// The parser keeps the text of integers it could not read into a long (<c>0x1F</c>, <c>0b101</c>, too
        /// many digits). Such a constant spans exactly its text, which a quoted string never does.
        /// </summary>
        private static object? Constant(JinjaConstant c)
        {
            if (c.Value is not string text || text.Length != c.End - c.Start || text.Length == 0 || !char.IsDigit(text[0])) return c.Value;
            var digits = text.Replace("_", "");
            var radix = digits.Length > 1 ? char.ToLowerInvariant(digits[1]) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 10 } : 10;
            try
            {
                if (radix != 10 && digits.Length > 2) return Convert.ToInt64(digits.Substring(2), radix) is var v && v >= 0 ? v : throw new OverflowException();
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                // Reported below.
            }
            throw new JinjaEvaluationException(c, $"the integer {text} does not fit in 64 bits or is not a number");
        }

        private object? Binary(JinjaBinary b)
        {
            switch (b.Operator)
            {
                case "and":
                {
                    var left = Defined(b.Left);
                    return JinjaValues.Truthy(left) ? Defined(b.Right) : left;
                }
                case "or":
                {
                    var left = Defined(b.Left);
                    return JinjaValues.Truthy(left) ? left : Defined(b.Right);
                }
                default:
                    return JinjaOperators.Binary(b, Defined(b.Left), Defined(b.Right));
            }
        }

        private object? Collection(JinjaCollection c)
        {
            if (c.Kind != JinjaCollectionKind.Dict) return c.Items.Select(Defined).ToList();
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var item in c.Items)
            {
                var pair = (JinjaPair)item;
                if (Defined(pair.Key) is not string key)
                    throw new JinjaEvaluationException(pair.Key, "mapping keys must be strings here, as in JSON");
                map[key] = Defined(pair.Value);
            }
            return map;
        }

        /// <summary><c>a.b</c> and <c>a[b]</c>: a missing key or index is undefined, as in Jinja.</summary>
        private static object? Lookup(JinjaExpression node, object? target, object? key)
        {
            switch (target)
            {
                case JinjaGroup group when key is string field && group.TryGetField(field, out var part):
                    return part;
                case Dictionary<string, object?> map when key is string name:
                    return map.TryGetValue(name, out var value) ? value : new JinjaUndefined(JinjaValues.NoAttribute(map, name));
                case List<object?> list when key is long or bool:
                {
                    var index = key is bool b ? (b ? 1 : 0) : (long)key;
                    if (index < 0) index += list.Count;
                    return index >= 0 && index < list.Count ? list[(int)index] : new JinjaUndefined(JinjaValues.NoElement(list, key));
                }
                case string text when key is long position:
                {
                    var chars = JinjaValues.CodePoints(text);
                    if (position < 0) position += chars.Count;
                    return position >= 0 && position < chars.Count ? chars[(int)position] : new JinjaUndefined(JinjaValues.NoElement(text, key));
                }
                default:
                    return new JinjaUndefined(key is string ? JinjaValues.NoAttribute(target, key) : JinjaValues.NoElement(target, key));
            }
        }

        private object? Slice(JinjaSlice slice, object? target)
        {
            long? Bound(JinjaExpression? e)
            {
                if (e is null) return null;
                var value = Defined(e);
                if (value is null) return null;
                if (value is long l) return l;
                if (value is bool b) return b ? 1 : 0;
                throw new JinjaEvaluationException(e, "slice indices must be integers or none");
            }
            var from = Bound(slice.From);
            var to = Bound(slice.To);
            var step = Bound(slice.Step) ?? 1;
            if (step == 0) throw new JinjaEvaluationException(slice, "slice step cannot be zero");
            List<object?> items;
            switch (target)
            {
                case List<object?> list: items = list; break;
                case string s: items = JinjaValues.CodePoints(s).Cast<object?>().ToList(); break;
                default: throw new JinjaEvaluationException(slice, "'" + JinjaValues.TypeName(target) + "' object is not subscriptable");
            }
            var picked = new List<object?>();
            long n = items.Count;
            // A step longer than the sequence picks the same items as one just past its end, and cannot overflow.
            step = Math.Max(-(n + 1), Math.Min(n + 1, step));
            long Clamp(long? v, long low, long high, long fallback)
            {
                if (v is null) return fallback;
                var x = v.Value < 0 ? v.Value + n : v.Value;
                return Math.Max(low, Math.Min(high, x));
            }
            if (step > 0)
                for (var i = Clamp(from, 0, n, 0); i < Clamp(to, 0, n, n); i += step) picked.Add(items[(int)i]);
            else
                for (var i = Clamp(from, -1, n - 1, n - 1); i > Clamp(to, -1, n - 1, -1); i += step) picked.Add(items[(int)i]);
            return target is string ? string.Concat(picked.Cast<string>()) : picked;
        }

        public (List<object?> Positional, Dictionary<string, object?> Keywords) Arguments(IReadOnlyList<JinjaExpression> arguments)
        {
            var positional = new List<object?>();
            var keywords = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var argument in arguments)
            {
                if (argument is not JinjaArgument a)
                {
                    positional.Add(Defined(argument));
                    continue;
                }
                var value = Defined(a.Value);
                switch (a.Prefix)
                {
                    case "*":
                        positional.AddRange(JinjaValues.Iterate(value) ?? throw new JinjaEvaluationException(a, "* needs a list"));
                        break;
                    case "**":
                        if (value is not Dictionary<string, object?> map) throw new JinjaEvaluationException(a, "** needs a mapping");
                        foreach (var pair in map) keywords[pair.Key] = pair.Value;
                        break;
                    default:
                        keywords[a.Prefix.TrimEnd('=')] = value;
                        break;
                }
            }
            return (positional, keywords);
        }

        private object? Call(JinjaCall call)
        {
            if (call.Target is JinjaAttribute method)
            {
                var target = Defined(method.Target);
                if (!JinjaMethods.IsMethod(target, method.Name))
                    throw new JinjaEvaluationException(call, $"{JinjaValues.TypeName(target)} has no method '{method.Name}'");
                var (args, named) = Arguments(call.Arguments);
                return JinjaMethods.Call(call, method, target, args, named);
            }
            if (call.Target is not JinjaName name)
                throw new JinjaEvaluationException(call, "only functions and methods can be called");
            var (positional, keywords) = Arguments(call.Arguments);
            if (Context.TryGetFunction(name.Name, out var function)) return Invoke(call, function, positional, keywords);
            if (name.Name == "range") return JinjaFilters.Range(call, positional);
            if (name.Name == "dict")
            {
                // Jinja's dict(): the keyword arguments as a mapping.
                if (positional.Count > 0) throw new JinjaEvaluationException(call, "dict() takes keyword arguments here, e.g. dict(a=1)");
                return new Dictionary<string, object?>(keywords, StringComparer.Ordinal);
            }
            throw new JinjaEvaluationException(call.Target, "'" + name.Name + "' is undefined: no such function");
        }

        public static object? Invoke(JinjaExpression node, JinjaFunction function, List<object?> positional, Dictionary<string, object?> keywords)
        {
            try
            {
                return PythonValues.Normalize(function(positional, keywords));
            }
            catch (JinjaFunctionException e)
            {
                throw new JinjaEvaluationException(node, e.Message);
            }
        }
    }
}
