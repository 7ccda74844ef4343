using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// YAML text as PyYAML's <c>safe_dump(data, default_flow_style=False)</c> writes it, which is Mistral's
/// <c>yaml_dump</c>: keys sorted, lists under a key not indented, strings quoted only when a plain scalar would read
/// back as something else, non-ASCII escaped. Long strings are folded past column 80 as PyYAML folds them.
/// </summary>
internal static class PythonYaml
{
    // PyYAML's YAML 1.1 implicit resolvers: a plain string matching one reads back as another type, so it is quoted.
    private static readonly Regex ReadsAsOtherType = new(
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF" +
        @"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?" +
        @"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)" +
        "|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+" +
        "|<<|~|null|Null|NULL|=" +
        "|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]" +
        @"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?" +
        ")$", RegexOptions.CultureInvariant);

    /// <summary>The YAML document for <paramref name="value"/>, ending in a newline (and "...", after a plain scalar).</summary>
    public static string Dump(object? value)
    {
        var text = new StringBuilder();
        switch (value)
        {
            case var block when IsBlock(block):
                Block(text, block, 0);
                break;
            default:
                var plain = Scalar(text, value, 2);
                text.Append('\n');
                if (plain) text.Append("...\n");
                break;
        }
        return text.ToString();
    }

    // A non-empty mapping or list whose lines start at column indent; the text ends after its last line.
    private static void Block(StringBuilder text, object? value, int indent)
    {
        if (value is IDictionary<string, object?> map)
        {
            foreach (var key in map.Keys.OrderBy(k => k, System.StringComparer.Ordinal))
            {
                text.Append(' ', text.Length == 0 || text[^1] == '\n' ? indent : 0);
                var item = map[key];
                // PyYAML writes an empty, multi-line or long key as an explicit "? key" line with ": value" below.
                if (key.Length == 0 || key.Length >= 128 || key.Any(IsBreak))
                {
                    text.Append("? ");
                    Scalar(text, key, indent + 2);
                    text.Append('\n').Append(' ', indent).Append(": ");
                    if (IsBlock(item)) Block(text, item, indent + 2);
                    else
                    {
                        Scalar(text, item, indent + 2);
                        text.Append('\n');
                    }
                    continue;
                }
                Scalar(text, key, indent + 2, fold: false);
                text.Append(':');
                if (IsBlock(item))
                {
                    text.Append('\n');
                    // PyYAML does not indent a list that is a mapping's value.
                    Block(text, item, item is IDictionary<string, object?> ? indent + 2 : indent);
                }
                else
                {
                    text.Append(' ');
                    Scalar(text, item, indent + 2);
                    text.Append('\n');
                }
            }
            return;
        }
        foreach (var item in (IEnumerable<object?>)value!)
        {
            text.Append(' ', text.Length == 0 || text[^1] == '\n' ? indent : 0).Append("- ");
            if (IsBlock(item)) Block(text, item, indent + 2);
            else
            {
                Scalar(text, item, indent + 2);
                text.Append('\n');
            }
        }
    }

    private static bool IsBlock(object? value) => value switch
    {
        string => false,
        IDictionary<string, object?> map => map.Count > 0,
        IEnumerable<object?> items => items.Any(),
        _ => false,
    };

    // Writes a scalar (or an empty [] / {}); true when it was written plain, unquoted.
    private static bool Scalar(StringBuilder text, object? value, int indent, bool fold = true)
    {
        switch (value)
        {
            case null: text.Append("null"); return true;
            case bool flag: text.Append(flag ? "true" : "false"); return true;
            case long or int: text.Append(((System.IConvertible)value).ToString(CultureInfo.InvariantCulture)); return true;
            case double real: text.Append(Float(real)); return true;
            case IDictionary<string, object?>: text.Append("{}"); return false;
            case string s: return String(text, s, indent, fold);
            case IEnumerable<object?>: text.Append("[]"); return false;
            default: return String(text, ExpressionValues.Str(value), indent, fold);
        }
    }

    // PyYAML's represent_float: repr() lower-cased, ".0" put before an exponent that has no point.
    private static string Float(double real)
    {
        if (double.IsNaN(real)) return ".nan";
        if (double.IsInfinity(real)) return real > 0 ? ".inf" : "-.inf";
        var repr = ExpressionValues.Str(real).ToLowerInvariant();
        return !repr.Contains('.') && repr.Contains('e') ? repr.Replace("e", ".0e") : repr;
    }

    private static bool String(StringBuilder text, string value, int indent, bool fold)
    {
        var style = Style(value);
        if (style == ' ') Plain(text, value, indent, fold);
        else if (style == '\'') SingleQuoted(text, value, indent, fold);
        else DoubleQuoted(text, value, indent, fold);
        return style == ' ';
    }

    private static bool IsBreak(char c) => c is '\n' or '\x85' or '\u2028' or '\u2029';
    private static bool IsSpaceOrEnd(string s, int i) => i >= s.Length || s[i] is '\0' or ' ' or '\t' or '\r' || IsBreak(s[i]);

    // PyYAML's analyze_scalar and choose_scalar_style for block context: ' ' plain, '\'' single, '"' double quoted.
    private static char Style(string value)
    {
        if (value.Length == 0) return '\'';
        bool indicators = value.StartsWith("---") || value.StartsWith("..."), special = false, lineBreaks = false, spaceBreak = false;
        var previousSpace = false;
        bool leadingSpaceOrBreak = value[0] == ' ' || IsBreak(value[0]);
        bool trailingSpaceOrBreak = value[^1] == ' ' || IsBreak(value[^1]);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var followedBySpace = IsSpaceOrEnd(value, i + 1);
            if (i == 0)
            {
                if ("#,[]{}&*!|>'\"%@`".Contains(c)) indicators = true;
                if (c is '?' or ':' or '-' && followedBySpace) indicators = true;
            }
            else
            {
                if (c == ':' && followedBySpace) indicators = true;
                if (c == '#' && IsSpaceOrEnd(value, i - 1)) indicators = true;
            }
            if (IsBreak(c)) lineBreaks = true;
            // Without allow_unicode every character outside printable ASCII but the line feed is escaped.
            if (!(c == '\n' || c is >= '\x20' and <= '\x7E')) special = true;
            if (IsBreak(c) && previousSpace) spaceBreak = true;
            previousSpace = c == ' ';
        }
        if (special || spaceBreak) return '"';
        if (!lineBreaks && !indicators && !leadingSpaceOrBreak && !trailingSpaceOrBreak && !ReadsAsOtherType.IsMatch(value)) return ' ';
        return '\'';
    }

    // PyYAML's best_width: past this column a single space between words becomes a line break.
    private const int FoldColumn = 80;

    private static int Column(StringBuilder text)
    {
        var start = text.Length;
        while (start > 0 && text[start - 1] != '\n') start--;
        return text.Length - start;
    }

    // PyYAML's write_plain: a lone space past the fold column starts a new line at the indent (keys are not folded).
    private static void Plain(StringBuilder text, string value, int indent, bool fold)
    {
        for (var i = 0; i < value.Length;)
        {
            if (value[i] != ' ')
            {
                text.Append(value[i++]);
                continue;
            }
            var end = i;
            while (end < value.Length && value[end] == ' ') end++;
            if (fold && end - i == 1 && Column(text) > FoldColumn) text.Append('\n').Append(' ', indent);
            else text.Append(' ', end - i);
            i = end;
        }
    }

    // PyYAML's write_single_quoted: ' doubled, a run of line breaks written with one more break, a lone space
    // between words past the fold column written as a line break.
    private static void SingleQuoted(StringBuilder text, string value, int indent, bool fold)
    {
        text.Append('\'');
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == ' ')
            {
                var end = i;
                while (end < value.Length && value[end] == ' ') end++;
                if (fold && end - i == 1 && i != 0 && end != value.Length && Column(text) > FoldColumn) text.Append('\n').Append(' ', indent);
                else text.Append(' ', end - i);
                i = end;
                continue;
            }
            if (value[i] == '\n')
            {
                text.Append('\n');
                while (i < value.Length && value[i] == '\n')
                {
                    text.Append('\n');
                    i++;
                }
                text.Append(' ', indent);
                continue;
            }
            text.Append(value[i] == '\'' ? "''" : value[i].ToString());
            i++;
        }
        text.Append('\'');
    }

    // PyYAML's write_double_quoted: everything outside printable ASCII escaped; past the fold column the line ends
    // in "\" and goes on at the indent (a space that would start the next line is escaped).
    private static void DoubleQuoted(StringBuilder text, string value, int indent = 0, bool fold = false)
    {
        text.Append('"');
        var start = 0;
        for (var end = 0; end <= value.Length; end++)
        {
            char? next = end < value.Length ? value[end] : null;
            if (next is not { } c || c is '"' or '\\' or '\uFEFF' || c is not (>= '\x20' and <= '\x7E'))
            {
                if (start < end) text.Append(value, start, end - start);
                start = end;
                if (next is { } special)
                {
                    if (char.IsHighSurrogate(special) && end + 1 < value.Length && char.IsLowSurrogate(value[end + 1]))
                        text.Append("\\U").Append(char.ConvertToUtf32(special, value[++end]).ToString("X8", CultureInfo.InvariantCulture));
                    else text.Append(Escape(special));
                    start = end + 1;
                }
            }
            if (fold && end > 0 && end < value.Length - 1 && (next == ' ' || start >= end) && Column(text) + (end - start) > FoldColumn)
            {
                if (start < end)
                {
                    text.Append(value, start, end - start);
                    start = end;
                }
                text.Append("\\\n").Append(' ', indent);
                if (value[start] == ' ') text.Append('\\');
            }
        }
        text.Append('"');
    }

    private static string Escape(char c) => c switch
    {
        '\0' => "\\0", '\x07' => "\\a", '\x08' => "\\b", '\t' => "\\t", '\n' => "\\n", '\x0B' => "\\v", '\x0C' => "\\f",
        '\r' => "\\r", '\x1B' => "\\e", '"' => "\\\"", '\\' => "\\\\", '\x85' => "\\N", '\xA0' => "\\_", '\u2028' => "\\L",
        '\u2029' => "\\P",
        <= '\xFF' => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
        _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
    };
}
