namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>Why an expression could not be evaluated, and the part of the expression text at fault.</summary>
public sealed record YaqlEvaluationError(int Start, int End, string Message)
{
    public override string ToString() => $"{Message} (at {Start}..{End})";
}

/// <summary>The value of an evaluated expression, or the error that stopped it.</summary>
public sealed class YaqlResult
{
    private YaqlResult(object? value, YaqlEvaluationError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>null, string, long, double, bool, a list or a mapping with string keys; null on error.</summary>
    public object? Value { get; }

    public YaqlEvaluationError? Error { get; }

    public bool Success => Error is null;

    internal static YaqlResult Of(object? value) => new(value, null);

    internal static YaqlResult Failed(YaqlEvaluationError error) => new(null, error);
}
