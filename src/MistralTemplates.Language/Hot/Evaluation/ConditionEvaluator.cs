using System;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// The conditions of a template (2016-10-14 and later) and the <c>condition</c> of its resources and outputs,
/// as Heat evaluates them. A resource whose condition is false is not part of the stack.
/// </summary>
public static class ConditionEvaluator
{
    /// <summary>Every condition by name. Conditions that could not be evaluated are false and have errors.</summary>
    public static ConditionResult Evaluate(HotEvaluationContext context) => Guarded(context, () => context.Conditions.Result(),
        error => new ConditionResult(new System.Collections.Generic.Dictionary<string, bool>(), new[] { error }));

    /// <summary>As <see cref="Evaluate(HotEvaluationContext)"/>; <paramref name="template"/> must be the context's template.</summary>
    public static ConditionResult Evaluate(HotTemplate template, HotEvaluationContext context)
    {
        if (ReferenceEquals(template, context.Template)) return Evaluate(context);
        return new ConditionResult(new System.Collections.Generic.Dictionary<string, bool>(), new[]
        {
            new EvaluationError("The conditions of a template are evaluated with a context made for that template.", Text.SourceSpan.StartOf(template.Path)),
        });
    }

    /// <summary>Whether the resource is part of the stack.</summary>
    public static ConditionCheck IsEnabled(HotResource resource, HotEvaluationContext context) =>
        Guarded(context, () => context.Conditions.ResourceCheck(resource), error => new ConditionCheck(false, new[] { error }));

    /// <summary>Whether the output has a value (an output whose condition is false is null).</summary>
    public static ConditionCheck IsEnabled(HotOutput output, HotEvaluationContext context) =>
        Guarded(context, () => context.Conditions.OutputCheck(output), error => new ConditionCheck(false, new[] { error }));

    private static T Guarded<T>(HotEvaluationContext context, Func<T> run, Func<EvaluationError, T> failed)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return failed(new EvaluationError($"Internal error while evaluating conditions: {e.GetType().Name}: {e.Message}",
                Text.SourceSpan.StartOf(context.Template.Path)));
        }
    }
}
