using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>
/// Python's <c>textwrap.wrap</c> as Jinja's <c>wordwrap</c> calls it (tabs and whitespace kept, whitespace dropped
/// at the ends of lines): text split into words and runs of whitespace, words put on a line while they fit.
/// </summary>
internal static class PythonTextWrap
{
    private const string Whitespace = @"[\t\n\x0b\x0c\r ]";
    private const string NoWhitespace = @"[^\t\n\x0b\x0c\r ]";
    private const string WordPunctuation = @"[\w!""'&.,?]";
    private const string Letter = @"[^\d\W]";

    // textwrap's wordsep_re: whitespace, an em-dash between words, or a word that may end after one of its hyphens.
    private static readonly Regex WordsAndHyphens = new(
        "(" + Whitespace + "+" +
        "|(?<=" + WordPunctuation + ")-{2,}(?=\\w)" +
        "|" + NoWhitespace + "+?(?:" +
            "-(?:(?<=" + Letter + "{2}-)|(?<=" + Letter + "-" + Letter + "-))(?=" + Letter + "-?" + Letter + ")" +
            "|(?=" + Whitespace + "|\\z)" +
            "|(?<=" + WordPunctuation + ")(?=-{2,}\\w)" +
        "))", RegexOptions.CultureInvariant);

    private static readonly Regex Words = new("(" + Whitespace + "+)", RegexOptions.CultureInvariant);

    /// <summary>The lines of <paramref name="text"/> (one line of input), each at most <paramref name="width"/> long where words allow.</summary>
    public static List<string> Wrap(string text, int width, bool breakLongWords, bool breakOnHyphens)
    {
        var chunks = (breakOnHyphens ? WordsAndHyphens : Words).Split(text).Where(c => c.Length > 0).Reverse().ToList();
        var lines = new List<string>();
        while (chunks.Count > 0)
        {
            var line = new List<string>();
            var length = 0;
            if (IsBlank(chunks[^1]) && lines.Count > 0) chunks.RemoveAt(chunks.Count - 1);
            while (chunks.Count > 0 && length + chunks[^1].Length <= width)
            {
                length += chunks[^1].Length;
                line.Add(Pop(chunks));
            }
            if (chunks.Count > 0 && chunks[^1].Length > width)
                BreakLongWord(chunks, line, length, width, breakLongWords, breakOnHyphens);
            if (line.Count > 0 && IsBlank(line[^1])) line.RemoveAt(line.Count - 1);
            if (line.Count > 0) lines.Add(string.Concat(line));
        }
        return lines;
    }

    // textwrap's _handle_long_word: a word longer than a line is cut to fit, after a hyphen when one allows it.
    private static void BreakLongWord(List<string> chunks, List<string> line, int length, int width, bool breakLongWords, bool breakOnHyphens)
    {
        var spaceLeft = width < 1 ? 1 : width - length;
        if (breakLongWords)
        {
            var chunk = chunks[^1];
            var end = spaceLeft;
            if (breakOnHyphens && chunk.Length > spaceLeft)
            {
                var hyphen = spaceLeft > 0 ? chunk.LastIndexOf('-', spaceLeft - 1) : -1;
                if (hyphen > 0 && chunk.Take(hyphen).Any(c => c != '-')) end = hyphen + 1;
            }
            line.Add(chunk.Substring(0, end));
            chunks[^1] = chunk.Substring(end);
        }
        else if (line.Count == 0) line.Add(Pop(chunks));
    }

    private static string Pop(List<string> chunks)
    {
        var last = chunks[^1];
        chunks.RemoveAt(chunks.Count - 1);
        return last;
    }

    private static bool IsBlank(string chunk) => chunk.All(char.IsWhiteSpace);
}
