using System;

namespace MistralTemplates.Language.Text;

/// <summary>
/// Maps an offset in a text to the position in the file the user edits. A DSL definition held in a
/// <c>definition: |</c> block is parsed as text of its own; its map sends every offset back to the
/// line and column of the .yaml file, so its diagnostics point where the user must look.
/// </summary>
public abstract class SourceMap
{
    /// <summary>The path of the file the user edits.</summary>
    public abstract string Path { get; }

    public abstract SourcePosition Map(int offset);

    public SourceSpan MapSpan(int start, int end)
    {
        var s = Map(start);
        var e = end <= start ? s : Map(end);
        return new SourceSpan(Path, s, e);
    }

    public static SourceMap ForFile(string path, string text) => new FileSourceMap(path, new LineIndex(text));

    public static SourceMap ForFile(string path, LineIndex lines) => new FileSourceMap(path, lines);

    private sealed class FileSourceMap(string path, LineIndex lines) : SourceMap
    {
        public override string Path { get; } = path;

        public override SourcePosition Map(int offset) => lines.PositionOf(offset);
    }
}

/// <summary>Content whose characters cannot be traced one by one: everything maps to one place.</summary>
public sealed class FixedSourceMap(SourceMap parent, int parentOffset) : SourceMap
{
    public override string Path => parent.Path;

    public override SourcePosition Map(int offset) => parent.Map(parentOffset);
}

/// <summary>
/// Content made of runs of the parent text: run k starts at <c>contentStarts[k]</c> of the content and
/// at <c>parentStarts[k]</c> of the parent, for <c>lengths[k]</c> characters. A literal or folded block,
/// or a plain scalar over several lines, is such a content: each source line, less its indentation,
/// is one run. An offset between runs maps to the end of the run before it.
/// </summary>
public sealed class SegmentSourceMap : SourceMap
{
    private readonly SourceMap _parent;
    private readonly int[] _contentStarts;
    private readonly int[] _parentStarts;
    private readonly int[] _lengths;
    private readonly int _fallback;

    public SegmentSourceMap(SourceMap parent, int[] contentStarts, int[] parentStarts, int[] lengths, int fallback)
    {
        _parent = parent;
        _contentStarts = contentStarts;
        _parentStarts = parentStarts;
        _lengths = lengths;
        _fallback = fallback;
    }

    public override string Path => _parent.Path;

    public override SourcePosition Map(int offset)
    {
        if (_contentStarts.Length == 0) return _parent.Map(_fallback);
        var k = Array.BinarySearch(_contentStarts, offset);
        if (k < 0) k = ~k - 1;
        if (k < 0) return _parent.Map(_parentStarts[0]);
        var within = Math.Min(offset - _contentStarts[k], _lengths[k]);
        return _parent.Map(_parentStarts[k] + within);
    }
}
