using System.Collections.Generic;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>What went wrong while evaluating, and where in the template.</summary>
public sealed record EvaluationError(string Message, SourceSpan Span)
{
    public override string ToString() => $"{Span}: {Message}";
}

/// <summary>
/// An evaluated value (null, string, long, double, bool, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;
/// or <see cref="DeferredValue"/>) and the errors met on the way. With errors, the parts that failed are null.
/// </summary>
public sealed class EvaluationResult
{
    private IReadOnlyList<DeferredValue>? _deferred;

    public EvaluationResult(object? value, IReadOnlyList<EvaluationError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public object? Value { get; }

    public IReadOnlyList<EvaluationError> Errors { get; }

    public bool Success => Errors.Count == 0;

    /// <summary>The values inside <see cref="Value"/> that are known only after deployment.</summary>
    public IReadOnlyList<DeferredValue> DeferredValues => _deferred ??= PythonValues.FindDeferred(Value);

    public bool IsDeferred => DeferredValues.Count > 0;
}

/// <summary>Whether a resource or an output is part of the stack, from its <c>condition</c>.</summary>
public sealed record ConditionCheck(bool Enabled, IReadOnlyList<EvaluationError> Errors)
{
    public bool Success => Errors.Count == 0;
}

/// <summary>Every condition of a template: name → value, and the errors of those that could not be evaluated (they are false).</summary>
public sealed record ConditionResult(IReadOnlyDictionary<string, bool> Values, IReadOnlyList<EvaluationError> Errors)
{
    public bool Success => Errors.Count == 0;
}
