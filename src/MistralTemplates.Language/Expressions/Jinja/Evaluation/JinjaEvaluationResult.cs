using System;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>What went wrong, at <see cref="Offset"/> (length <see cref="Length"/>) in the evaluated text.</summary>
public sealed record JinjaEvaluationError(int Offset, int Length, string Message)
{
    public override string ToString() => $"{Offset}: {Message}";
}

/// <summary>
/// The value of an expression or text (null, string, long, double, bool, List&lt;object?&gt;,
/// Dictionary&lt;string, object?&gt;), or the first error, as Jinja stops at it.
/// </summary>
public sealed class JinjaEvaluationResult
{
    private JinjaEvaluationResult(object? value, JinjaEvaluationError? error)
    {
        Value = value;
        Error = error;
    }

    public object? Value { get; }

    public JinjaEvaluationError? Error { get; }

    public bool Success => Error is null;

    internal static JinjaEvaluationResult Ok(object? value) => new(value, null);

    internal static JinjaEvaluationResult Failed(JinjaEvaluationError error) => new(null, error);
}

/// <summary>Thrown inside the evaluator only; <see cref="JinjaEvaluator"/> turns it into a result.</summary>
internal sealed class JinjaEvaluationException(JinjaExpression node, string message) : Exception(message)
{
    public JinjaExpression Node { get; } = node;
}

/// <summary>
/// A name or item that does not exist. Mistral uses Jinja's strict undefined: it may only be tested
/// (<c>is defined</c>) or replaced (<c>| default</c>); any other use is an error naming what was missing.
/// </summary>
internal sealed class JinjaUndefined(string message)
{
    public string Message { get; } = message;
}
