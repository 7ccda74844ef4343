using System;

namespace MistralTemplates.Language.Text;

/// <summary>A position in a file. All three numbers are 0-based, as Roslyn's are.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    public override string ToString() => $"({Line + 1},{Column + 1})";
}

/// <summary>A range of a file that a model element or a diagnostic points at.</summary>
public sealed record SourceSpan(string Path, SourcePosition Start, SourcePosition End)
{
    public int Length => Math.Max(0, End.Offset - Start.Offset);

    public static SourceSpan StartOf(string path) => new(path, default, default);

    /// <summary>The smallest span holding both; both must be in the same file.</summary>
    public SourceSpan Union(SourceSpan other)
    {
        var start = other.Start.Offset < Start.Offset ? other.Start : Start;
        var end = other.End.Offset > End.Offset ? other.End : End;
        return new SourceSpan(Path, start, end);
    }

    /// <summary>Formats as a compiler does: <c>path(line,col)</c>, 1-based.</summary>
    public override string ToString() => $"{Path}{Start}";
}
