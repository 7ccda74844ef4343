using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>Jinja's tests (<c>x is defined</c>, <c>x is divisibleby 3</c> ...) and the select/reject filters that name them.</summary>
internal static class JinjaTests
{
    public static object? Apply(JinjaEvaluator.Walker walker, JinjaTest t)
    {
        var subject = walker.Eval(t.Target);
        var (args, _) = walker.Arguments(t.Arguments);
        return Run(walker, t, t.Name, subject, args) != t.Negated;
    }

    public static bool Run(JinjaEvaluator.Walker walker, JinjaExpression node, string name, object? subject, List<object?> args)
    {
        switch (name)
        {
            case "defined": return subject is not JinjaUndefined;
            case "undefined": return subject is JinjaUndefined;
        }
        if (subject is JinjaUndefined undefined) throw new JinjaEvaluationException(node, undefined.Message);
        object? Arg() => args.Count > 0 ? args[0] : throw new JinjaEvaluationException(node, $"the test '{name}' needs an argument");
        switch (name)
        {
            case "none": return subject is null;
            case "boolean": return subject is bool;
            case "true": return subject is true;
            case "false": return subject is false;
            case "number": return JinjaValues.IsNumber(subject);
            case "integer": return subject is long;
            case "float": return subject is double;
            case "string": return subject is string;
            case "mapping": return subject is Dictionary<string, object?>;
            case "sequence" or "iterable": return JinjaValues.IsSequence(subject);
            case "lower": return subject is string s && s == s.ToLowerInvariant();
            case "upper": return subject is string u && u == u.ToUpperInvariant();
            case "even": return Integer(node, name, subject) % 2 == 0;
            case "odd": return Integer(node, name, subject) % 2 != 0;
            case "divisibleby":
            {
                var divisor = Integer(node, name, Arg());
                if (divisor == 0) throw new JinjaEvaluationException(node, "divisibleby: integer division or modulo by zero");
                return Integer(node, name, subject) % divisor == 0;
            }
            case "equalto" or "eq" or "==" or "sameas": return JinjaValues.Equal(subject, Arg());
            case "ne" or "!=": return !JinjaValues.Equal(subject, Arg());
            case "lt" or "<" or "lessthan": return Compare(node, subject, Arg()) < 0;
            case "le" or "<=": return Compare(node, subject, Arg()) <= 0;
            case "gt" or ">" or "greaterthan": return Compare(node, subject, Arg()) > 0;
            case "ge" or ">=": return Compare(node, subject, Arg()) >= 0;
            // Values here are data, never functions or escaped markup.
            case "callable" or "escaped": return false;
            case "filter": return subject is string filter && JinjaFilters.IsFilter(walker.Context, filter);
            case "test": return subject is string test && Names.Contains(test);
            case "in":
                return JinjaValues.Contains(Arg(), subject) ??
                    throw new JinjaEvaluationException(node, $"argument of type '{JinjaValues.TypeName(Arg())}' is not iterable");
            default:
                if (walker.Context.TryGetFunction(name, out _))
                    throw new JinjaEvaluationException(node, $"'{name}' is a function, not a test");
                throw new JinjaEvaluationException(node, $"No test named '{name}'.");
        }
    }

    /// <summary>The tests Jinja 3.1 has (for the <c>test</c> test).</summary>
    internal static readonly HashSet<string> Names = new(System.StringComparer.Ordinal)
    {
        "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "escaped", "even", "false", "filter", "float", "ge",
        "greaterthan", "gt", "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne", "none", "number",
        "odd", "sameas", "sequence", "string", "test", "true", "undefined", "upper", "==", "!=", "<", "<=", ">", ">=",
    };

    private static long Integer(JinjaExpression node, string name, object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d when d == System.Math.Floor(d) && System.Math.Abs(d) < 9e18 => (long)d,
        _ => throw new JinjaEvaluationException(node, $"{name}: needs a whole number, not '{JinjaValues.TypeName(value)}'"),
    };

    private static int Compare(JinjaExpression node, object? a, object? b) =>
        JinjaValues.Compare(a, b) ?? throw new JinjaEvaluationException(node,
            $"cannot compare '{JinjaValues.TypeName(a)}' with '{JinjaValues.TypeName(b)}'");
}
