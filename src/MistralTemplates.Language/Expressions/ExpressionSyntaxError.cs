namespace MistralTemplates.Language.Expressions;

/// <summary>
/// A syntax error of one expression: the offending characters (<paramref name="Offset"/> and
/// <paramref name="Length"/> count from the start of the text given to the parser) and a message
/// worded like the expression engine's own.
/// </summary>
public sealed record ExpressionSyntaxError(int Offset, int Length, string Message);
