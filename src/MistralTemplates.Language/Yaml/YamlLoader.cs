using System;
using System.Collections.Generic;
using System.IO;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MistralTemplates.Language.Yaml;

/// <summary>Bounds that keep hostile files from hanging or exhausting the compiler.</summary>
public sealed record YamlLimits(int MaxDepth = 256, long MaxExpandedNodes = 1_000_000, int MaxCharacters = 4 * 1024 * 1024)
{
    public static YamlLimits Default { get; } = new();
}

/// <summary>The result of loading one YAML text: the root node (null when empty or broken) and what went wrong.</summary>
public sealed class YamlLoadResult
{
    public YamlLoadResult(YamlNode? root, IReadOnlyList<TemplateDiagnostic> diagnostics)
    {
        Root = root;
        Diagnostics = diagnostics;
    }

    public YamlNode? Root { get; }

    public IReadOnlyList<TemplateDiagnostic> Diagnostics { get; }

    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
                if (d.IsError) return true;
            return false;
        }
    }
}

/// <summary>
/// Loads YAML into <see cref="YamlNode"/>s that remember their spans, including the position of every
/// character inside multi-line strings. Never throws: every failure of the YAML library, whatever its
/// exception type, becomes a located <see cref="DiagnosticCatalog.YamlSyntax"/>. Builds the tree
/// without recursion, so deep nesting is reported rather than overflowing the stack.
/// </summary>
public static class YamlLoader
{
    public static YamlLoadResult Load(string path, string text, YamlLimits? limits = null) =>
        Load(text, SourceMap.ForFile(path, text), limits);

    /// <summary>Loads <paramref name="text"/> whose positions <paramref name="map"/> sends to the user's file.</summary>
    public static YamlLoadResult Load(string text, SourceMap map, YamlLimits? limits = null) =>
        Load(text, map, limits, relaxQuotedContinuations: true);

    private static YamlLoadResult Load(string text, SourceMap map, YamlLimits? limits, bool relaxQuotedContinuations)
    {
        limits ??= YamlLimits.Default;
        var diagnostics = new DiagnosticBag();
        if (text.Length > limits.MaxCharacters)
        {
            diagnostics.Add(DiagnosticCatalog.FileTooLarge, map.MapSpan(0, 0), text.Length, limits.MaxCharacters, "the compiler's limit");
            return new YamlLoadResult(null, diagnostics.Items);
        }
        if (FindNonPrintable(text) is { } bad)
        {
            diagnostics.Add(DiagnosticCatalog.YamlSyntax, map.MapSpan(bad, bad + 1),
                $"The character U+{(int)text[bad]:X4} is not allowed in YAML (a NUL byte or another control character; is this a binary file?)");
            return new YamlLoadResult(null, diagnostics.Items);
        }
        var builder = new TreeBuilder(text, map, limits, diagnostics);
        YamlNode? root = null;
        try
        {
            root = builder.Build();
        }
        catch (YamlException e) when (relaxQuotedContinuations && QuotedContinuations.IsIndentationError(e) &&
                                      QuotedContinuations.TryRelax(text, map, out var relaxedText, out var relaxedMap))
        {
            // PyYAML, which Heat and Mistral use, accepts continuation lines of a quoted string that YamlDotNet
            // finds under-indented (generated workflows have them); read the file as PyYAML does.
            // Its positions map back to this text, so any error it still finds is reported where it is.
            return Load(relaxedText, relaxedMap, limits, relaxQuotedContinuations: false);
        }
        catch (YamlException e)
        {
            var span = SpanOfMarks(map, text, e.Start, e.End);
            diagnostics.Add(DiagnosticCatalog.YamlSyntax, span, CleanMessage(e.Message));
        }
        catch (LimitExceeded)
        {
            // Already reported where it happened.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet throws more than YamlException on some malformed input (e.g. unclosed flow collections).
            var at = builder.LastPosition;
            diagnostics.Add(DiagnosticCatalog.YamlSyntax, map.MapSpan(at, at), CleanMessage(e.Message));
        }
        return new YamlLoadResult(diagnostics.HasErrors ? null : root, diagnostics.Items);
    }

    /// <summary>
    /// The first character YAML forbids in a stream (PyYAML refuses them, YamlDotNet lets some through):
    /// control characters other than tab and line breaks, and unpaired surrogates.
    /// </summary>
    private static int? FindNonPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c <= 0x7E) continue;
            if (c is '\t' or '\n' or '\r' or '\u0085' || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return i;
        }
        return null;
    }

    private static SourceSpan SpanOfMarks(SourceMap map, string text, Mark start, Mark end)
    {
        var s = (int)Math.Max(0, Math.Min(start.Index, text.Length));
        var e = (int)Math.Max(s, Math.Min(end.Index, text.Length));
        return map.MapSpan(s, e);
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the span already says where.
        var idx = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && idx > 0) message = message.Substring(idx + 3);
        message = message.Trim().TrimEnd('.');
        return message.Length == 0 ? "The YAML could not be read" : message;
    }

    private sealed class LimitExceeded : Exception
    {
    }

    private sealed class Frame
    {
        public Frame(ParsingEvent start, bool isMapping, string? anchor)
        {
            Start = start;
            IsMapping = isMapping;
            Anchor = anchor;
        }

        public ParsingEvent Start { get; }

        public bool IsMapping { get; }

        public string? Anchor { get; }

        public List<YamlEntry> Entries { get; } = new();

        public List<YamlNode> Items { get; } = new();

        public YamlNode? PendingKey { get; set; }

        public long Weight { get; set; } = 1;
    }

    private sealed class TreeBuilder
    {
        private readonly string _text;
        private readonly SourceMap _map;
        private readonly YamlLimits _limits;
        private readonly DiagnosticBag _diagnostics;
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<YamlNode, long> _weights = new();
        private readonly Stack<Frame> _stack = new();
        private long _totalWeight;

        public TreeBuilder(string text, SourceMap map, YamlLimits limits, DiagnosticBag diagnostics)
        {
            _text = text;
            _map = map;
            _limits = limits;
            _diagnostics = diagnostics;
        }

        public int LastPosition { get; private set; }

        public YamlNode? Build()
        {
            var parser = new Parser(new StringReader(_text));
            YamlNode? root = null;
            var documents = 0;
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                LastPosition = (int)Math.Min(ev.Start.Index, _text.Length);
                switch (ev)
                {
                    case DocumentStart ds:
                        documents++;
                        if (documents > 1)
                        {
                            _diagnostics.Add(DiagnosticCatalog.MultipleDocuments, Span(ev));
                            return root;
                        }
                        break;
                    case MappingStart ms:
                        Push(new Frame(ev, isMapping: true, AnchorOf(ms.Anchor)));
                        break;
                    case SequenceStart ss:
                        Push(new Frame(ev, isMapping: false, AnchorOf(ss.Anchor)));
                        break;
                    case MappingEnd or SequenceEnd:
                    {
                        var frame = _stack.Pop();
                        var span = _map.MapSpan(Offset(frame.Start.Start), EndOfCollection(frame, ev));
                        YamlNode node = frame.IsMapping
                            ? new YamlMapping(MergeKeys(frame.Entries), span)
                            : new YamlSequence(frame.Items, span);
                        _weights[node] = frame.Weight;
                        if (frame.Anchor is not null) _anchors[frame.Anchor] = node;
                        root = Attach(node, frame.Weight) ?? root;
                        break;
                    }
                    case Scalar scalar:
                    {
                        var node = MakeScalar(scalar);
                        if (AnchorOf(scalar.Anchor) is { } anchor) _anchors[anchor] = node;
                        root = Attach(node, 1) ?? root;
                        break;
                    }
                    case AnchorAlias alias:
                    {
                        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                            throw new YamlException(ev.Start, ev.End, $"Unknown alias '*{alias.Value.Value}'");
                        var weight = _weights.TryGetValue(target, out var w) ? w : 1;
                        root = Attach(target, weight) ?? root;
                        break;
                    }
                }
            }
            return root;
        }

        private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

        private void Push(Frame frame)
        {
            if (_stack.Count >= _limits.MaxDepth)
            {
                _diagnostics.Add(DiagnosticCatalog.YamlTooDeep, Span(frame.Start), _limits.MaxDepth);
                throw new LimitExceeded();
            }
            _stack.Push(frame);
        }

        /// <summary>Adds a finished node to its parent; returns it when it is the document's root.</summary>
        private YamlNode? Attach(YamlNode node, long weight)
        {
            _totalWeight += weight;
            if (_totalWeight > _limits.MaxExpandedNodes)
            {
                _diagnostics.Add(DiagnosticCatalog.YamlAliasBomb, node.Span, _limits.MaxExpandedNodes);
                throw new LimitExceeded();
            }
            if (_stack.Count == 0) return node;
            var parent = _stack.Peek();
            parent.Weight += weight;
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                parent.PendingKey = node;
            }
            else
            {
                parent.Entries.Add(new YamlEntry(parent.PendingKey, node));
                parent.PendingKey = null;
            }
            return null;
        }

        /// <summary>Applies YAML merge keys (<c>&lt;&lt;: *base</c>) and warns about duplicate keys.</summary>
        private List<YamlEntry> MergeKeys(List<YamlEntry> entries)
        {
            var result = new List<YamlEntry>(entries.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            List<YamlEntry>? merged = null;
            foreach (var entry in entries)
            {
                if (entry.Key is YamlScalar { Value: "<<", Style: YamlScalarStyle.Plain })
                {
                    merged ??= new List<YamlEntry>();
                    if (entry.Value is YamlMapping m) merged.AddRange(m.Entries);
                    else if (entry.Value is YamlSequence s)
                        foreach (var item in s.Items)
                            if (item is YamlMapping im) merged.AddRange(im.Entries);
                    continue;
                }
                if (entry.Key is not YamlScalar)
                {
                    // PyYAML refuses a list or mapping as a key ("found unhashable key").
                    _diagnostics.Add(DiagnosticCatalog.NonStringKey, entry.Key.Span, "a mapping");
                    continue;
                }
                if (entry.KeyText is { } key && !seen.Add(key))
                    _diagnostics.Add(DiagnosticCatalog.DuplicateKey, entry.Key.Span, key);
                result.Add(entry);
            }
            if (merged is not null)
                foreach (var entry in merged)
                    if (entry.KeyText is { } key && seen.Add(key)) result.Add(entry);
            return result;
        }

        private YamlScalar MakeScalar(Scalar scalar)
        {
            var start = Offset(scalar.Start);
            var end = Offset(scalar.End);
            var style = scalar.Style switch
            {
                ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
                ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
                ScalarStyle.Literal => YamlScalarStyle.Literal,
                ScalarStyle.Folded => YamlScalarStyle.Folded,
                _ => YamlScalarStyle.Plain,
            };
            var tag = scalar.Tag.IsEmpty || scalar.Tag.Value == "!" ? null : scalar.Tag.Value;
            var contentMap = ContentMapOf(scalar.Value, style, start, end);
            return new YamlScalar(scalar.Value, style, tag, _map.MapSpan(start, end), contentMap);
        }

        /// <summary>
        /// Finds, line by line, where each run of the scalar's value stands in the text, so that an error
        /// at character i of the value is reported at its line and column in the file.
        /// </summary>
        private SourceMap ContentMapOf(string value, YamlScalarStyle style, int start, int end)
        {
            var regionStart = start;
            if (style is YamlScalarStyle.Literal or YamlScalarStyle.Folded)
            {
                // The content starts on the line after the '|' or '>' header.
                var nl = _text.IndexOf('\n', start);
                regionStart = nl < 0 || nl >= end ? end : nl + 1;
            }
            else if (style is YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted)
            {
                regionStart = Math.Min(start + 1, end);
                end = Math.Max(regionStart, end - 1);
            }

            var contentStarts = new List<int>();
            var parentStarts = new List<int>();
            var lengths = new List<int>();
            var cursor = 0;
            var lineStart = regionStart;
            while (lineStart < end && cursor <= value.Length)
            {
                var lineEnd = _text.IndexOf('\n', lineStart);
                if (lineEnd < 0 || lineEnd > end) lineEnd = end;
                var a = lineStart;
                var b = lineEnd;
                while (a < b && (_text[a] == ' ' || _text[a] == '\t')) a++;
                while (b > a && (_text[b - 1] == ' ' || _text[b - 1] == '\t' || _text[b - 1] == '\r')) b--;
                if (b > a)
                {
                    var run = _text.Substring(a, b - a);
                    var found = value.IndexOf(run, cursor, StringComparison.Ordinal);
                    if (found < 0) break; // escapes or folding we cannot follow: later offsets map to the last run
                    contentStarts.Add(found);
                    parentStarts.Add(a);
                    lengths.Add(run.Length);
                    cursor = found + run.Length;
                }
                lineStart = lineEnd + 1;
            }
            return new SegmentSourceMap(_map, contentStarts.ToArray(), parentStarts.ToArray(), lengths.ToArray(), regionStart);
        }

        /// <summary>The end of a collection; YamlDotNet ends a flow collection before its closing bracket.</summary>
        private int EndOfCollection(Frame frame, ParsingEvent end)
        {
            var offset = Offset(end.End);
            var start = Offset(frame.Start.Start);
            var close = start >= _text.Length ? '\0' : _text[start] == '[' ? ']' : _text[start] == '{' ? '}' : '\0';
            if (close != '\0' && offset < _text.Length && _text[offset] == close) offset++;
            return offset;
        }

        private int Offset(Mark mark) => (int)Math.Max(0, Math.Min(mark.Index, _text.Length));

        private SourceSpan Span(ParsingEvent ev) => _map.MapSpan(Offset(ev.Start), Offset(ev.End));
    }
}
