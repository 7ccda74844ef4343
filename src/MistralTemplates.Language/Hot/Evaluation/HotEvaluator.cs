using System;
using System.Collections.Generic;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// Evaluates the intrinsic functions of a HOT template at deploy time, with Heat's semantics for the
/// template's version: a resource's properties, an output's value, or any node. Never throws on template data.
/// </summary>
public static class HotEvaluator
{
    /// <summary>How deeply functions and data may nest before evaluation stops with an error.</summary>
    public const int MaxDepth = 200;

    /// <summary>Evaluates <paramref name="node"/> and every function call in it.</summary>
    public static EvaluationResult Evaluate(YamlNode node, HotEvaluationContext context) =>
        Run(context, evaluator => evaluator.Evaluate(node, FunctionTable.Value));

    /// <summary>A resource's properties as a mapping (empty when it has none).</summary>
    public static EvaluationResult EvaluateProperties(HotResource resource, HotEvaluationContext context)
    {
        if (resource.Properties is null) return new EvaluationResult(new Dictionary<string, object?>(StringComparer.Ordinal), Array.Empty<EvaluationError>());
        return Evaluate(resource.Properties, context);
    }

    /// <summary>An output's value; null when the output has no value or its condition is false.</summary>
    public static EvaluationResult EvaluateOutput(HotOutput output, HotEvaluationContext context)
    {
        var check = ConditionEvaluator.IsEnabled(output, context);
        if (!check.Success) return new EvaluationResult(null, check.Errors);
        if (!check.Enabled || output.Value is null) return new EvaluationResult(null, Array.Empty<EvaluationError>());
        return Evaluate(output.Value, context);
    }

    private static EvaluationResult Run(HotEvaluationContext context, Func<Evaluator, object?> evaluate)
    {
        var errors = new List<EvaluationError>();
        try
        {
            var value = evaluate(new Evaluator(context, errors));
            return new EvaluationResult(ReferenceEquals(value, Evaluator.Omitted) ? null : value, errors);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of ours, not of the template: reported, never thrown at the caller.
            errors.Add(new EvaluationError($"Internal error while evaluating: {e.GetType().Name}: {e.Message}", Text.SourceSpan.StartOf(context.Template.Path)));
            return new EvaluationResult(null, errors);
        }
    }
}
