using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MistralTemplates.Language.Cron;

/// <summary>
/// A cron trigger's <c>first_time</c>, read as Mistral reads it: Python's <c>strptime("%Y-%m-%d %H:%M")</c>, in UTC,
/// where month, day, hour and minute may have one digit. The compiler checks it and the runtime sends it with the
/// same rule.
/// </summary>
public static class CronFirstTime
{
    private static readonly Regex Pattern = new(
        @"^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9])\s(2[0-3]|[01]\d|\d):([0-5]\d|\d)$",
        RegexOptions.CultureInvariant);

    /// <summary>The time in UTC, or false when Mistral would refuse the text.</summary>
    public static bool TryParse(string text, out DateTime utc)
    {
        utc = default;
        var match = Pattern.Match(text);
        if (!match.Success) return false;
        int Part(int i) => int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part(1), Part(2), Part(3));
        if (year < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        utc = new DateTime(year, month, day, Part(4), Part(5), 0, DateTimeKind.Utc);
        return true;
    }
}
