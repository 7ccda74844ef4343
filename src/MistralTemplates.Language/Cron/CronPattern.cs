using System;
using System.Collections.Generic;
using Cronos;

namespace MistralTemplates.Language.Cron;

/// <summary>What is wrong with a cron pattern, and which characters of it (end exclusive).</summary>
public sealed record CronPatternError(int Start, int End, string Message);

/// <summary>
/// A cron pattern read the way Mistral reads it (croniter): five fields (minute hour day-of-month month
/// day-of-week), or six with seconds as the last field, or a macro such as <c>@daily</c>. Used at compile
/// time to validate triggers and at run time to compute their next execution, so both agree.
/// </summary>
public sealed class CronPattern
{
    private static readonly string[] FieldNames = { "minute", "hour", "day-of-month", "month", "day-of-week", "second" };

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private readonly CronExpression _expression;

    private CronPattern(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Null when <paramref name="text"/> is a valid pattern, else what is wrong and where.</summary>
    public static CronPatternError? Validate(string text)
    {
        TryParse(text, out _, out var error);
        return error;
    }

    public static bool TryParse(string text, out CronPattern? pattern, out CronPatternError? error)
    {
        pattern = null;
        var fields = Split(text ?? string.Empty);
        if (fields.Count == 0)
        {
            error = new CronPatternError(0, text?.Length ?? 0, "it is empty");
            return false;
        }
        if (fields.Count == 1 && fields[0].Text.StartsWith("@", StringComparison.Ordinal))
        {
            var macro = fields[0];
            if (!Macros.TryGetValue(macro.Text, out var expanded))
            {
                error = new CronPatternError(macro.Start, macro.End,
                    $"'{macro.Text}' is not a known macro (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)");
                return false;
            }
            fields = Split(expanded);
            fields = fields.ConvertAll(f => new Field(f.Text, macro.Start, macro.End));
        }
        if (fields.Count is not (5 or 6))
        {
            error = new CronPatternError(fields[0].Start, fields[fields.Count - 1].End,
                $"it has {fields.Count} field(s), where 5 are expected (or 6 with seconds last)");
            return false;
        }

        var texts = fields.ConvertAll(f => f.Text);
        if (TryCronos(texts, out var expression, out var message))
        {
            pattern = new CronPattern(text!, expression!);
            error = null;
            return true;
        }
        error = Locate(fields) ?? new CronPatternError(fields[0].Start, fields[fields.Count - 1].End, message);
        return false;
    }

    /// <summary>The first time strictly after <paramref name="fromUtc"/> that the pattern matches (UTC), or null if none.</summary>
    public DateTime? NextOccurrence(DateTime fromUtc) =>
        _expression.GetNextOccurrence(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc));

    public override string ToString() => Text;

    /// <summary>Finds the first field that is wrong on its own, so the error points at it.</summary>
    private static CronPatternError? Locate(List<Field> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var probe = new List<string>();
            for (var k = 0; k < fields.Count; k++) probe.Add(k == i ? fields[k].Text : "*");
            if (!TryCronos(probe, out _, out var message))
                return new CronPatternError(fields[i].Start, fields[i].End, $"the {FieldNames[i]} field '{fields[i].Text}' is wrong ({message})");
        }
        return null;
    }

    /// <summary>Cronos puts seconds first; croniter puts them last.</summary>
    private static bool TryCronos(List<string> fields, out CronExpression? expression, out string message)
    {
        var seconds = fields.Count == 6 ? fields[5] : "0";
        var text = seconds + " " + string.Join(" ", fields.GetRange(0, 5));
        try
        {
            expression = CronExpression.Parse(text, CronFormat.IncludeSeconds);
            message = string.Empty;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            expression = null;
            message = e.Message.TrimEnd('.');
            return false;
        }
    }

    private static List<Field> Split(string text)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i > start) fields.Add(new Field(text.Substring(start, i - start), start, i));
        }
        return fields;
    }

    private sealed record Field(string Text, int Start, int End);
}
