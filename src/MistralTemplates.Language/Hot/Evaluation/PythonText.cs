using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>Python's str() and repr() of evaluation values, which Heat's functions use to turn values into text.</summary>
internal static class PythonText
{
    /// <summary>str(value): True/False, 1, 1.0, 1e+16, None; lists and mappings as their repr.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        _ => Repr(value),
    };

    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        WriteRepr(value, builder, 0);
        return builder.ToString();
    }

    private static void WriteRepr(object? value, StringBuilder builder, int depth)
    {
        if (depth > PythonValues.MaxValueDepth)
        {
            builder.Append("...");
            return;
        }
        switch (value)
        {
            case null:
                builder.Append("None");
                break;
            case bool b:
                builder.Append(b ? "True" : "False");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(Float(d));
                break;
            case string s:
                QuoteString(s, builder);
                break;
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    WriteRepr(list[i], builder, depth + 1);
                }
                builder.Append(']');
                break;
            case Dictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                foreach (var pair in map)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    QuoteString(pair.Key, builder);
                    builder.Append(": ");
                    WriteRepr(pair.Value, builder, depth + 1);
                }
                builder.Append('}');
                break;
            default:
                builder.Append(value);
                break;
        }
    }

    /// <summary>repr(str): single quotes unless the text holds one and no double quote; escapes as Python does.</summary>
    private static void QuoteString(string s, StringBuilder builder)
    {
        var quote = s.IndexOf('\'') >= 0 && s.IndexOf('"') < 0 ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in s)
        {
            if (c == quote || c == '\\') builder.Append('\\').Append(c);
            else if (c == '\n') builder.Append("\\n");
            else if (c == '\r') builder.Append("\\r");
            else if (c == '\t') builder.Append("\\t");
            else if (c < ' ' || c == '\x7f') builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else if (char.IsControl(c)) builder.Append(c <= '\xff' ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        builder.Append(quote);
    }

    /// <summary>
    /// repr(float): the shortest digits that read back as the same double, positional from 1e-4 up to 1e16
    /// (always with a fractional part, "1.0"), scientific outside it ("1e+16", "1.5e-05").
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        var negative = value < 0 || (value == 0 && double.IsNegativeInfinity(1 / value));
        var (digits, exponent) = ShortestDigits(Math.Abs(value));
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        if (digits.Length == 0)
        {
            builder.Append("0.0");
            return builder.ToString();
        }
        if (exponent < -4 || exponent >= 16)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
            builder.Append('e').Append(exponent < 0 ? '-' : '+');
            builder.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (exponent < 0)
        {
            builder.Append("0.").Append('0', -exponent - 1).Append(digits);
        }
        else
        {
            var integerDigits = exponent + 1;
            if (digits.Length <= integerDigits)
                builder.Append(digits).Append('0', integerDigits - digits.Length).Append(".0");
            else
                builder.Append(digits, 0, integerDigits).Append('.').Append(digits, integerDigits, digits.Length - integerDigits);
        }
        return builder.ToString();
    }

    /// <summary>The significant digits of a positive double ("15" for 1.5) and the power of ten of the first one.</summary>
    private static (string Digits, int Exponent) ShortestDigits(double value)
    {
        // "R" gives the shortest round-trip form on the runtimes we run on, e.g. "1.5E-05" or "123.25".
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(new[] { 'E', 'e' });
        if (e >= 0)
        {
            exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text.Substring(0, e);
        }
        var point = text.IndexOf('.');
        var integerPart = point >= 0 ? text.Substring(0, point) : text;
        var all = integerPart + (point >= 0 ? text.Substring(point + 1) : string.Empty);
        var leadingZeros = 0;
        while (leadingZeros < all.Length && all[leadingZeros] == '0') leadingZeros++;
        var digits = all.Substring(leadingZeros).TrimEnd('0');
        return (digits, integerPart.Length - 1 + exponent - leadingZeros);
    }

    /// <summary>Python's str.replace: every occurrence, left to right; an empty <paramref name="old"/> inserts between characters.</summary>
    public static string Replace(string text, string old, string replacement)
    {
        if (old.Length > 0) return text.Replace(old, replacement);
        var builder = new StringBuilder(text.Length * (replacement.Length + 1) + replacement.Length);
        builder.Append(replacement);
        for (var i = 0; i < text.Length; i++)
        {
            builder.Append(text[i]);
            // Python counts code points: nothing goes between the halves of a surrogate pair.
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) continue;
            builder.Append(replacement);
        }
        return builder.ToString();
    }
}
