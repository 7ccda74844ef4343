using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MistralTemplates.Engine.Running;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Expressions.Jinja.Evaluation;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// Evaluates an ad-hoc action's <c>output</c> with the base action's result as the data (<c>$</c> in YAQL, <c>_</c>
/// in Jinja), whatever that result is: text and lists too, not only mappings as a workflow's context.
/// </summary>
internal static class ResultExpressions
{
    private static readonly YaqlFunctions Functions = YaqlFunctions.CreateStandard();

    public static object? Evaluate(object? value, object? data) => value switch
    {
        string text => EvaluateText(text, data),
        IDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Evaluate(p.Value, data), StringComparer.Ordinal),
        IEnumerable<object?> items => items.Select(i => Evaluate(i, data)).ToList(),
        _ => value,
    };

    private static object? EvaluateText(string text, object? data)
    {
        var yaql = ExpressionScanner.FindYaqlDelimiters(text);
        if (yaql.Count == 0) return JinjaRenderer.IsJinja(text) ? Jinja(text, data) : text;
        if (yaql.Count == 1 && yaql[0].Start == 0 && yaql[0].End == text.Length)
            return Yaql(text.Substring(2, text.Length - 4), data);
        var builder = new StringBuilder();
        var position = 0;
        foreach (var (start, end) in yaql)
        {
            builder.Append(text, position, start - position);
            builder.Append(ExpressionValues.Str(Yaql(text.Substring(start + 2, end - start - 4), data)));
            position = end;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static object? Yaql(string expression, object? data)
    {
        var result = YaqlEvaluator.Evaluate(expression.Trim(), new YaqlContext(data, functions: Functions));
        return result.Success
            ? result.Value
            : throw new ExpressionFailure($"Can not evaluate YAQL expression [expression={expression.Trim()}, error={result.Error!.Message}]");
    }

    private static object? Jinja(string text, object? data)
    {
        var result = JinjaRenderer.Render(text, new JinjaContext(data));
        return result.Success
            ? result.Value
            : throw new ExpressionFailure($"Can not evaluate Jinja expression [expression={text}, error={result.Error!.Message}]");
    }
}
