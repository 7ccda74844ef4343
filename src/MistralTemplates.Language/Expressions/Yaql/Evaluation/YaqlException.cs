using System;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// Thrown by a function to report bad arguments or data. The evaluator turns it into a
/// <see cref="YaqlEvaluationError"/> located at the call, so it never reaches the caller of
/// <see cref="YaqlEvaluator.Evaluate"/>.
/// </summary>
public sealed class YaqlException : Exception
{
    public YaqlException(string message) : base(message)
    {
    }

    internal YaqlException(string message, YaqlExpression at) : base(message)
    {
        At = at;
    }

    /// <summary>The node to blame, when more precise than the call that threw.</summary>
    internal YaqlExpression? At { get; }
}
