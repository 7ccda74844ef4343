using System.Collections.Concurrent;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// YAQL expressions parsed once per text: every execution of a workflow evaluates the same few expressions, and
/// the parsed tree is read-only. Texts that do not parse are not kept; they are evaluated as text, for the error.
/// </summary>
internal static class ParsedExpressions
{
    // Bounded so that expressions built from data (ad-hoc text) cannot grow the cache without end.
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, YaqlExpression> Cache = new(System.StringComparer.Ordinal);

    public static YaqlResult EvaluateYaql(string text, YaqlContext context)
    {
        if (!Cache.TryGetValue(text, out var expression))
        {
            var parsed = YaqlParser.Parse(text);
            if (parsed.Expression is null) return YaqlEvaluator.Evaluate(text, context);
            expression = parsed.Expression;
            if (Cache.Count >= Capacity) Cache.Clear();
            Cache[text] = expression;
        }
        return YaqlEvaluator.Evaluate(expression, context);
    }
}
