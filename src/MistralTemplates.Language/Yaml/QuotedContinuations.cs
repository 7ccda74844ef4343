using System;
using System.Collections.Generic;
using System.Text;
using MistralTemplates.Language.Text;
using YamlDotNet.Core;

namespace MistralTemplates.Language.Yaml;

/// <summary>
/// A double-quoted string broken over lines with an escaped line break (<c>"...\</c>) may continue on a line
/// indented no deeper than the sequence dash before it. PyYAML reads that; YamlDotNet refuses it. Since the
/// leading spaces of such a continuation line are not part of the value, indenting those lines changes nothing
/// but lets YamlDotNet read the file; a map sends every position back to the original text.
/// </summary>
internal static class QuotedContinuations
{
    public static bool IsIndentationError(YamlException e) =>
        e.Message.IndexOf("quoted scalar, found wrong indentation", StringComparison.OrdinalIgnoreCase) >= 0;

    public static bool TryRelax(string text, SourceMap map, out string relaxed, out SourceMap relaxedMap)
    {
        var lines = new LineIndex(text);
        var builder = new StringBuilder(text.Length + 256);
        var insertedAt = new List<int>();   // offsets in the original text
        var insertedCount = new List<int>();
        var openIndent = -1;                // indentation of the line that opened the quoted string, while in one
        var copied = 0;
        for (var line = 0; line < lines.LineCount; line++)
        {
            var start = lines.LineStart(line);
            var end = lines.LineEnd(line);
            var indent = 0;
            while (start + indent < end && text[start + indent] == ' ') indent++;
            var content = text.Substring(start, end - start);
            if (openIndent >= 0 && indent <= openIndent + 1)
            {
                var pad = openIndent + 2 - indent;
                builder.Append(text, copied, start - copied).Append(' ', pad);
                copied = start;
                insertedAt.Add(start);
                insertedCount.Add(pad);
            }
            var quotes = UnescapedQuotes(content);
            if (openIndent < 0 && quotes % 2 == 1 && content.EndsWith("\\", StringComparison.Ordinal)) openIndent = indent;
            else if (openIndent >= 0 && quotes % 2 == 1) openIndent = -1;
        }
        builder.Append(text, copied, text.Length - copied);
        relaxed = builder.ToString();
        relaxedMap = new InsertionSourceMap(map, insertedAt.ToArray(), insertedCount.ToArray());
        return insertedAt.Count > 0;
    }

    private static int UnescapedQuotes(string line)
    {
        var count = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\') i++;
            else if (line[i] == '"') count++;
        }
        return count;
    }

    /// <summary>Maps offsets of the padded text back to the text before the padding.</summary>
    private sealed class InsertionSourceMap(SourceMap parent, int[] insertedAt, int[] insertedCount) : SourceMap
    {
        public override string Path => parent.Path;

        public override SourcePosition Map(int offset)
        {
            var shift = 0;
            for (var k = 0; k < insertedAt.Length; k++)
            {
                var relaxedStart = insertedAt[k] + shift;
                if (offset < relaxedStart) break;
                if (offset < relaxedStart + insertedCount[k]) return parent.Map(insertedAt[k]);
                shift += insertedCount[k];
            }
            return parent.Map(offset - shift);
        }
    }
}
