namespace MistralTemplates.Generators.Model;

/// <summary>
/// A diagnostic ready for Roslyn but held as plain values, so results of unchanged files compare equal.
/// Lines and columns are 0-based.
/// </summary>
public sealed record DiagnosticInfo(
    string Id,
    string Message,
    string FilePath,
    int StartOffset,
    int EndOffset,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn);
