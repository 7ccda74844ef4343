using System;
using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// Reads one entry of a parameter's <c>constraints</c> with Heat's rules: which key wins when several
/// are written, which bounds each needs, and which parameter types each applies to.
/// </summary>
internal static class ParameterConstraintReader
{
    public static ParameterConstraint? Read(HotParseContext context, string parameter, HotParameterType type, YamlMapping definition)
    {
        var description = (definition["description"] as YamlScalar)?.Value;
        var kindEntry = FindKind(context.Version, definition);
        if (kindEntry is null)
        {
            context.Report(DiagnosticCatalog.InvalidConstraint, definition.Span, parameter,
                "it expresses no constraint; write one of " + string.Join(", ", HotVersions.ConstraintKeys(context.Version)).Replace("description, ", string.Empty));
            return null;
        }
        var key = kindEntry.KeyText!;
        var value = kindEntry.Value;
        string? error;
        ParameterConstraint? constraint;
        switch (key)
        {
            case "range":
                constraint = ReadBounds(context, parameter, kindEntry, "min", "max", integral: false, out error) is { } r
                    ? new RangeConstraint(r.First, r.Second, description, value.Span)
                    : null;
                break;
            case "length":
                constraint = ReadBounds(context, parameter, kindEntry, "min", "max", integral: true, out error) is { } l
                    ? new LengthConstraint(l.First, l.Second, description, value.Span)
                    : null;
                break;
            case "modulo":
                constraint = ReadModulo(context, parameter, kindEntry, description, out error);
                break;
            case "allowed_values":
                constraint = null;
                error = null;
                if (value is YamlSequence list)
                {
                    var allowed = new List<object?>();
                    foreach (var item in list.Items) allowed.Add(ParameterValues.ToObject(item, 0));
                    constraint = new AllowedValuesConstraint(allowed, type, description, value.Span);
                }
                else error = "allowed_values must be a list";
                break;
            case "allowed_pattern":
                constraint = null;
                error = null;
                if (value is YamlScalar { IsNull: false } pattern)
                    constraint = AllowedPatternConstraint.TryCreate(pattern.Value, description, value.Span, out error);
                else error = "allowed_pattern must be a string";
                break;
            default:
                constraint = null;
                error = null;
                if (value is YamlScalar { IsNull: false } custom) constraint = new CustomConstraint(custom.Value, description, value.Span);
                else error = "custom_constraint must be the name of a constraint, such as nova.flavor";
                break;
        }
        if (error is not null)
        {
            context.Report(DiagnosticCatalog.InvalidConstraint, value is YamlScalar { IsNull: true } ? kindEntry.Key.Span : value.Span, parameter, error);
            return null;
        }
        if (constraint is not null && !AppliesTo(constraint.Kind, type))
        {
            context.Report(DiagnosticCatalog.InvalidConstraint, kindEntry.Key.Span, parameter,
                $"a {key} constraint does not apply to a {ParameterValues.TypeName(type)} parameter");
            return null;
        }
        return constraint;
    }

    /// <summary>Heat looks for modulo (from 2017-02-24), then range, length, allowed_values, allowed_pattern, custom_constraint.</summary>
    private static YamlEntry? FindKind(HotVersion version, YamlMapping definition)
    {
        var order = new List<string> { "range", "length", "allowed_values", "allowed_pattern", "custom_constraint" };
        if (version.IsAtLeast(HotVersions.V20170224)) order.Insert(0, "modulo");
        foreach (var key in order)
            if (definition.GetEntry(key) is { } entry) return entry;
        return null;
    }

    /// <summary>Which parameter types a constraint is valid for, from Heat's constraint classes.</summary>
    private static bool AppliesTo(ParameterConstraintKind kind, HotParameterType type) => kind switch
    {
        ParameterConstraintKind.Length => type is HotParameterType.String or HotParameterType.CommaDelimitedList or HotParameterType.Json,
        ParameterConstraintKind.Range or ParameterConstraintKind.Modulo => type == HotParameterType.Number,
        ParameterConstraintKind.AllowedValues => type != HotParameterType.Json,
        ParameterConstraintKind.AllowedPattern => type == HotParameterType.String,
        _ => true,
    };

    private static (double? First, double? Second)? ReadBounds(HotParseContext context, string parameter, YamlEntry entry,
        string firstKey, string secondKey, bool integral, out string? error)
    {
        error = null;
        if (entry.Value is not YamlMapping bounds)
        {
            error = $"{entry.KeyText} must be a mapping with {firstKey} and/or {secondKey}";
            return null;
        }
        foreach (var e in bounds.Entries)
        {
            if (e.KeyText != firstKey && e.KeyText != secondKey)
            {
                context.Report(DiagnosticCatalog.UnknownKey, e.Key.Span, e.KeyText ?? e.Key.Describe(),
                    $"the {entry.KeyText} constraint of parameter '{parameter}'", $"{firstKey}, {secondKey}",
                    NameSuggestions.Hint(e.KeyText ?? string.Empty, new[] { firstKey, secondKey }));
            }
        }
        if (!TryNumber(bounds[firstKey], out var first) || !TryNumber(bounds[secondKey], out var second))
        {
            error = $"{firstKey}/{secondKey} of {entry.KeyText} must be numbers";
            return null;
        }
        if (first is null && second is null)
        {
            error = $"a {entry.KeyText} constraint needs a {firstKey} value, a {secondKey} value, or both";
            return null;
        }
        if (integral && ((first is { } f && f != Math.Floor(f)) || (second is { } s && s != Math.Floor(s))))
        {
            error = $"{firstKey}/{secondKey} of {entry.KeyText} must be whole numbers";
            return null;
        }
        return (first, second);
    }

    private static ModuloConstraint? ReadModulo(HotParseContext context, string parameter, YamlEntry entry, string? description,
        out string? error)
    {
        var bounds = ReadBounds(context, parameter, entry, "step", "offset", integral: true, out error);
        if (bounds is null) return null;
        if (bounds.Value.First is not { } step || bounds.Value.Second is not { } offset)
        {
            error = "a modulo constraint needs both step and offset";
            return null;
        }
        if (step == 0) error = "step cannot be 0";
        else if (Math.Abs(offset) >= Math.Abs(step)) error = "offset must be smaller (by absolute value) than step";
        else if (step * offset < 0) error = "step and offset must be both positive or both negative";
        return error is null ? new ModuloConstraint(step, offset, description, entry.Value.Span) : null;
    }

    private static bool TryNumber(YamlNode? node, out double? value)
    {
        value = null;
        if (node is null || node is YamlScalar { IsNull: true }) return true;
        if (node is YamlScalar s && (s.TryGetNumber(out var d) || ParameterValues.TryParseNumber(s.Value, out d)))
        {
            value = d;
            return true;
        }
        return false;
    }
}
