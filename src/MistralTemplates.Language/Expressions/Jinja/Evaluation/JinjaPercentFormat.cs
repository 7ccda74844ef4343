using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>
/// Python's printf-style formatting (<c>'%s-%05.1f' % (a, b)</c>), which Jinja's <c>format</c> filter and <c>%</c>
/// operator on a string use: conversions s r a d i u x X o f F e E g G c and %, the flags <c>- + 0 #</c> and space,
/// widths, precisions and <c>%(key)s</c> over a mapping. Problems are reported with Python's words.
/// </summary>
internal static class JinjaPercentFormat
{
    /// <param name="positional">The values of a tuple, in order; null when <paramref name="single"/> is the one operand.</param>
    public static string Format(JinjaExpression node, string format, List<object?>? positional, object? single)
    {
        var values = positional ?? [single];
        var mapping = positional is null ? single as Dictionary<string, object?> : null;
        var next = 0;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                builder.Append(format[i]);
                continue;
            }
            if (++i >= format.Length) throw Fail(node, "incomplete format");
            object? value = null;
            var hasKey = false;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0) throw Fail(node, "incomplete format key");
                if (mapping is null) throw Fail(node, "format requires a mapping");
                var key = format.Substring(i + 1, close - i - 1);
                value = mapping.TryGetValue(key, out var found) ? found : throw Fail(node, JinjaValues.Repr(key));
                hasKey = true;
                i = close + 1;
            }
            var flags = "";
            while (i < format.Length && "-+ #0".IndexOf(format[i]) >= 0) flags += format[i++];
            object? Take()
            {
                if (next >= values.Count) throw Fail(node, "not enough arguments for format string");
                return values[next++];
            }
            int? Number()
            {
                if (i < format.Length && format[i] == '*')
                {
                    i++;
                    return Take() is long star ? (int)Math.Min(star, JinjaValues.MaxResultSize) : throw Fail(node, "* wants int");
                }
                var start = i;
                while (i < format.Length && char.IsDigit(format[i])) i++;
                return i > start ? (int)Math.Min(long.Parse(format.Substring(start, Math.Min(i - start, 9)), CultureInfo.InvariantCulture), JinjaValues.MaxResultSize) : null;
            }
            var width = Number();
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Number() ?? 0;
            }
            while (i < format.Length && format[i] is 'h' or 'l' or 'L') i++;
            if (i >= format.Length) throw Fail(node, "incomplete format");
            var conversion = format[i];
            if (conversion == '%')
            {
                builder.Append('%');
                continue;
            }
            if (!hasKey) value = Take();
            var text = Convert(node, conversion, flags, precision, value);
            var pad = (width ?? 0) - JinjaValues.CodePoints(text).Count;
            if (pad <= 0) builder.Append(text);
            else if (flags.IndexOf('-') >= 0) builder.Append(text).Append(' ', pad);
            else if (flags.IndexOf('0') >= 0 && conversion is not ('s' or 'r' or 'a' or 'c'))
            {
                // Zeros go after the sign and any 0x prefix.
                var signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
                if (flags.IndexOf('#') >= 0 && text.Length > signLength + 1 && text[signLength] == '0' && char.IsLetter(text[signLength + 1])) signLength += 2;
                builder.Append(text, 0, signLength).Append('0', pad).Append(text, signLength, text.Length - signLength);
            }
            else builder.Append(' ', pad).Append(text);
            JinjaValues.CheckSize(node, builder.Length);
        }
        if (mapping is null && next < values.Count) throw Fail(node, "not all arguments converted during string formatting");
        return builder.ToString();
    }

    private static string Convert(JinjaExpression node, char conversion, string flags, int? precision, object? value)
    {
        switch (conversion)
        {
            case 's' or 'r' or 'a':
            {
                var text = conversion == 's' ? JinjaValues.Str(value) : JinjaValues.Repr(value);
                return precision is { } p && p < text.Length ? text.Substring(0, p) : text;
            }
            case 'c':
                return value switch
                {
                    string s when JinjaValues.CodePoints(s).Count == 1 => s,
                    long code when code is >= 0 and <= 0x10FFFF => char.ConvertFromUtf32((int)code),
                    _ => throw Fail(node, "%c requires int or char"),
                };
            case 'd' or 'i' or 'u':
            {
                var whole = value switch
                {
                    long l => l,
                    bool b => b ? 1 : 0,
                    double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 9.2e18 => (long)Math.Truncate(d),
                    double => throw Fail(node, "cannot convert float to integer"),
                    _ => throw Fail(node, $"%{conversion} format: a real number is required, not {JinjaValues.TypeName(value)}"),
                };
                return Sign(flags, whole < 0, Digits(Math.Abs((decimal)whole).ToString(CultureInfo.InvariantCulture), precision));
            }
            case 'x' or 'X' or 'o':
            {
                var whole = value switch
                {
                    long l => l,
                    bool b => b ? 1 : 0,
                    _ => throw Fail(node, $"%{conversion} format: an integer is required, not {JinjaValues.TypeName(value)}"),
                };
                var magnitude = whole == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(whole);
                var digits = conversion == 'o' ? System.Convert.ToString((long)magnitude, 8) : magnitude.ToString(conversion == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                digits = Digits(digits, precision);
                if (flags.IndexOf('#') >= 0) digits = (conversion == 'o' ? "0o" : conversion == 'x' ? "0x" : "0X") + digits;
                return Sign(flags, whole < 0, digits);
            }
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
            {
                if (!JinjaValues.IsNumber(value)) throw Fail(node, $"must be real number, not {JinjaValues.TypeName(value)}");
                var x = JinjaValues.ToDouble(value);
                var text = Real(Math.Abs(x), conversion, precision ?? 6, flags.IndexOf('#') >= 0);
                return Sign(flags, x < 0 || (x == 0 && double.IsNegativeInfinity(1 / x)), text);
            }
            default:
                throw Fail(node, $"unsupported format character '{conversion}' (0x{(int)conversion:x})");
        }
    }

    private static string Digits(string digits, int? precision) =>
        precision is { } p && p > digits.Length ? new string('0', p - digits.Length) + digits : digits;

    private static string Sign(string flags, bool negative, string text) =>
        (negative ? "-" : flags.IndexOf('+') >= 0 ? "+" : flags.IndexOf(' ') >= 0 ? " " : "") + text;

    /// <summary>A non-negative double in fixed, exponent or general notation, as Python's % writes it.</summary>
    private static string Real(double x, char conversion, int precision, bool alternate)
    {
        if (double.IsNaN(x)) return char.IsUpper(conversion) ? "NAN" : "nan";
        if (double.IsInfinity(x)) return char.IsUpper(conversion) ? "INF" : "inf";
        precision = Math.Min(precision, 100);
        string text;
        switch (char.ToLowerInvariant(conversion))
        {
            case 'f':
                text = x.ToString("F" + precision, CultureInfo.InvariantCulture);
                if (alternate && precision == 0) text += ".";
                break;
            case 'e':
                text = Exponent(x, precision);
                break;
            default:
            {
                var significant = precision == 0 ? 1 : precision;
                var exponent = x == 0 ? 0 : int.Parse(Exponent(x, significant - 1).Split('e')[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text = exponent >= -4 && exponent < significant
                    ? x.ToString("F" + (significant - 1 - exponent), CultureInfo.InvariantCulture)
                    : Exponent(x, significant - 1);
                if (!alternate)
                {
                    // General notation drops trailing zeros (and a bare point).
                    var e = text.IndexOf('e');
                    var mantissa = e < 0 ? text : text.Substring(0, e);
                    if (mantissa.IndexOf('.') >= 0) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                    text = mantissa + (e < 0 ? "" : text.Substring(e));
                }
                break;
            }
        }
        return char.IsUpper(conversion) ? text.ToUpperInvariant() : text;
    }

    /// <summary><c>1.500000e+03</c>: Python writes at least two exponent digits.</summary>
    private static string Exponent(double x, int precision)
    {
        var text = x.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture);
        return text;
    }

    private static JinjaEvaluationException Fail(JinjaExpression node, string message) => new(node, message);
}
