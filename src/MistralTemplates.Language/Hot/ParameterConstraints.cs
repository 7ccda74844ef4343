using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Hot;

/// <summary>The key a constraint is written with, as the template spells it.</summary>
public enum ParameterConstraintKind
{
    Length,
    Range,
    Modulo,
    AllowedValues,
    AllowedPattern,
    CustomConstraint,
}

/// <summary>Formatting shared by the constraints' messages.</summary>
internal static class ConstraintText
{
    public static string Number(double? value) =>
        value is null ? "None" : value.Value.ToString("R", CultureInfo.InvariantCulture);

    public static string Json(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        double d => Number(d),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Json)) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary><c>length: {min, max}</c> on a string (characters), a list or a json value (items).</summary>
public sealed class LengthConstraint : ParameterConstraint
{
    public override ParameterConstraintKind Kind => ParameterConstraintKind.Length;

    public LengthConstraint(double? min, double? max, string? description, SourceSpan span) : base(description, span)
    {
        Min = min;
        Max = max;
    }

    public double? Min { get; }

    public double? Max { get; }

    public override string? Check(object? value)
    {
        int length;
        switch (value)
        {
            case string s:
                length = CodePoints(s);
                break;
            case ICollection c:
                length = c.Count;
                break;
            default:
                return null;
        }
        if ((Min is { } min && length < min) || (Max is { } max && length > max))
            return $"length ({length}) is out of range (min: {ConstraintText.Number(Min)}, max: {ConstraintText.Number(Max)})";
        return null;
    }

    /// <summary>Python counts code points, not UTF-16 units.</summary>
    private static int CodePoints(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            count++;
        }
        return count;
    }
}

/// <summary><c>range: {min, max}</c> on a number, both ends included.</summary>
public sealed class RangeConstraint : ParameterConstraint
{
    public override ParameterConstraintKind Kind => ParameterConstraintKind.Range;

    public RangeConstraint(double? min, double? max, string? description, SourceSpan span) : base(description, span)
    {
        Min = min;
        Max = max;
    }

    public double? Min { get; }

    public double? Max { get; }

    public override string? Check(object? value)
    {
        if (!ConstraintValues.TryNumber(value, out var number)) return null;
        if ((Min is { } min && number < min) || (Max is { } max && number > max))
            return $"{ConstraintText.Number(number)} is out of range (min: {ConstraintText.Number(Min)}, max: {ConstraintText.Number(Max)})";
        return null;
    }
}

/// <summary><c>modulo: {step, offset}</c>: value % step == offset, with Python's sign rule for %.</summary>
public sealed class ModuloConstraint : ParameterConstraint
{
    public override ParameterConstraintKind Kind => ParameterConstraintKind.Modulo;

    public ModuloConstraint(double step, double offset, string? description, SourceSpan span) : base(description, span)
    {
        Step = step;
        Offset = offset;
    }

    public double Step { get; }

    public double Offset { get; }

    public override string? Check(object? value)
    {
        if (!ConstraintValues.TryNumber(value, out var number)) return null;
        // Python's a % b takes the sign of b.
        var remainder = number - Step * Math.Floor(number / Step);
        if (remainder != Offset)
            return $"{ConstraintText.Number(number)} is not a multiple of {ConstraintText.Number(Step)} with an offset of {ConstraintText.Number(Offset)}";
        return null;
    }
}

/// <summary>
/// <c>allowed_values: [...]</c>. The allowed values are converted to the parameter's type before comparing;
/// for a list every item must be allowed.
/// </summary>
public sealed class AllowedValuesConstraint : ParameterConstraint
{
    public override ParameterConstraintKind Kind => ParameterConstraintKind.AllowedValues;

    public AllowedValuesConstraint(IReadOnlyList<object?> allowed, HotParameterType type, string? description, SourceSpan span)
        : base(description, span)
    {
        Allowed = allowed;
        Type = type;
    }

    /// <summary>Strings, doubles, bools or nulls, as the template wrote them.</summary>
    public IReadOnlyList<object?> Allowed { get; }

    public HotParameterType Type { get; }

    public override string? Check(object? value)
    {
        bool ok;
        if (value is IList list && value is not string)
            ok = list.Cast<object?>().All(item => Allowed.Any(a => Equals(a, item)));
        else
            ok = Type switch
            {
                HotParameterType.Number => ConstraintValues.TryNumber(value, out var n) &&
                    Allowed.Any(a => ConstraintValues.TryNumber(a, out var an) && an == n),
                HotParameterType.Boolean => ConstraintValues.TryBool(value, out var b) &&
                    Allowed.Any(a => ConstraintValues.TryBool(a, out var ab) && ab == b),
                _ => Allowed.Any(a => ConstraintValues.Text(a) == ConstraintValues.Text(value)),
            };
        if (ok) return null;
        return $"{ConstraintText.Json(value)} is not an allowed value [{string.Join(", ", Allowed.Select(ConstraintText.Json))}]";
    }
}

/// <summary><c>allowed_pattern</c>: the whole string must match, as Python's re.match with a full-length check.</summary>
public sealed class AllowedPatternConstraint : ParameterConstraint
{
    public override ParameterConstraintKind Kind => ParameterConstraintKind.AllowedPattern;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex _regex;

    private AllowedPatternConstraint(string pattern, Regex regex, string? description, SourceSpan span) : base(description, span)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>Compiles the pattern; returns null with the reason when .NET cannot read it.</summary>
    public static AllowedPatternConstraint? TryCreate(string pattern, string? description, SourceSpan span, out string? error)
    {
        error = null;
        try
        {
            // \G anchors at the start like re.match; the full-length test happens in Check.
            var regex = new Regex(@"\G(?:" + pattern + ")", RegexOptions.CultureInvariant, MatchTimeout);
            return new AllowedPatternConstraint(pattern, regex, description, span);
        }
        catch (ArgumentException e)
        {
            error = $"allowed_pattern '{pattern}' is not a valid regular expression ({e.Message})";
            return null;
        }
    }

    public override string? Check(object? value)
    {
        if (value is not string text) return null;
        try
        {
            var match = _regex.Match(text);
            if (match.Success && match.Index == 0 && match.Length == text.Length) return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return $"\"{text}\" could not be matched against \"{Pattern}\" in time";
        }
        return $"\"{text}\" does not match pattern \"{Pattern}\"";
    }
}

/// <summary><c>custom_constraint</c>: a check Heat runs against the cloud (nova.flavor, glance.image ...); not checked here.</summary>
public sealed class CustomConstraint : ParameterConstraint
{
    public override ParameterConstraintKind Kind => ParameterConstraintKind.CustomConstraint;

    public CustomConstraint(string name, string? description, SourceSpan span) : base(description, span) => Name = name;

    public string Name { get; }

    public override string? Check(object? value) => null;
}

internal static class ConstraintValues
{
    public static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case int i: number = i; return true;
            case long l: number = l; return true;
            case string s: return ParameterValues.TryParseNumber(s, out number);
            default: number = 0; return false;
        }
    }

    public static bool TryBool(object? value, out bool flag)
    {
        switch (value)
        {
            case bool b: flag = b; return true;
            case string s: return ParameterValues.TryParseBool(s, out flag);
            case double d when d is 0 or 1: flag = d == 1; return true;
            default: flag = false; return false;
        }
    }

    /// <summary>Python's str() of a value, for comparing as strings.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "True" : "False",
        double d => d == Math.Floor(d) && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
