using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

public enum ParameterErrorKind
{
    /// <summary>A value was given for a name the template does not declare.</summary>
    UnknownParameter,

    /// <summary>No value was given and the parameter has no default.</summary>
    MissingValue,

    /// <summary>The value (given or default) does not fit the parameter's type.</summary>
    InvalidValue,

    /// <summary>The value breaks one of the parameter's constraints.</summary>
    ConstraintViolated,
}

/// <summary>One problem with the parameters of a deploy, with the place in the template it concerns (when there is one).</summary>
public sealed record ParameterError(string Parameter, ParameterErrorKind Kind, string Message, SourceSpan? Span)
{
    public override string ToString() => Span is null ? Message : $"{Span}: {Message}";
}

/// <summary>The parameters' values for evaluation, and every problem found on the way.</summary>
public sealed record ParameterResolution(IReadOnlyDictionary<string, object?> Values, IReadOnlyList<ParameterError> Errors)
{
    public bool Success => Errors.Count == 0;
}

/// <summary>
/// Gives every parameter of a template its value as Heat does for <c>--parameter key=value</c>: a given
/// string is converted to the parameter's type, else the default is used; the constraints are checked.
/// Values: string; number as long (written as an integer) or double; boolean as bool; comma_delimited_list
/// as a list of strings; json as lists, mappings and scalars.
/// </summary>
public static class ParameterResolver
{
    public static ParameterResolution Resolve(HotTemplate template, IReadOnlyDictionary<string, string> given)
    {
        given ??= new Dictionary<string, string>();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new List<ParameterError>();
        var declared = template.Parameters.Select(p => p.Name).ToList();
        foreach (var name in given.Keys.Where(n => !declared.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
        {
            errors.Add(new ParameterError(name, ParameterErrorKind.UnknownParameter,
                $"Unknown parameter '{name}': the template declares {(declared.Count == 0 ? "no parameters" : string.Join(", ", declared))}.", null));
        }
        foreach (var parameter in template.Parameters)
        {
            if (given.TryGetValue(parameter.Name, out var text) && text is not null)
                Resolve(parameter, GivenText(text), "given", values, errors);
            else if (parameter.Default is { } defaultValue)
                Resolve(parameter, defaultValue, "default", values, errors);
            else
                errors.Add(new ParameterError(parameter.Name, ParameterErrorKind.MissingValue,
                    $"Parameter '{parameter.Name}' needs a value: it has no default.", parameter.NameSpan));
        }
        return new ParameterResolution(values, errors);
    }

    private static void Resolve(HotParameter parameter, YamlNode source, string origin, Dictionary<string, object?> values, List<ParameterError> errors)
    {
        try
        {
            Convert(parameter, source, origin, values, errors);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of ours, not of the value: reported like a bad value, never thrown at the caller.
            errors.Add(new ParameterError(parameter.Name, ParameterErrorKind.InvalidValue,
                $"The {origin} value of parameter '{parameter.Name}' could not be read ({e.GetType().Name}: {e.Message}).", parameter.NameSpan));
        }
    }

    private static void Convert(HotParameter parameter, YamlNode source, string origin, Dictionary<string, object?> values, List<ParameterError> errors)
    {
        var span = origin == "given" ? parameter.NameSpan : source.Span;
        if (!ParameterValues.TryConvert(source, parameter.Type, out var checkedValue, out var problem))
        {
            errors.Add(new ParameterError(parameter.Name, ParameterErrorKind.InvalidValue,
                $"The {origin} value of parameter '{parameter.Name}' is not a valid {ParameterValues.TypeName(parameter.Type)}: {Masked(parameter, problem!)}.", span));
            return;
        }
        var broken = false;
        foreach (var constraint in parameter.Constraints)
        {
            if (constraint.Check(checkedValue) is not { } violation) continue;
            broken = true;
            var reason = constraint.Description is { } description
                ? parameter.Hidden ? description : $"{description} ({violation})"
                : Masked(parameter, violation);
            errors.Add(new ParameterError(parameter.Name, ParameterErrorKind.ConstraintViolated,
                $"The {origin} value of parameter '{parameter.Name}' breaks its {constraint.KeyName} constraint: {reason}.", constraint.Span));
        }
        if (!broken) values[parameter.Name] = EvaluationValue(parameter.Type, source, checkedValue);
    }

    /// <summary>A value given as text, read as a string whatever it looks like.</summary>
    private static YamlScalar GivenText(string text) =>
        new(text, YamlScalarStyle.DoubleQuoted, null, SourceSpan.StartOf("<given>"), SourceMap.ForFile("<given>", text));

    /// <summary>Messages about hidden parameters do not repeat their value.</summary>
    private static string Masked(HotParameter parameter, string message) =>
        parameter.Hidden ? "the value (hidden) does not fit" : message;

    /// <summary>
    /// The value evaluation uses: the checked value, except that numbers written as integers are integers
    /// (Heat's str_to_num) and json keeps integers, so that text made from them reads as in Heat.
    /// </summary>
    private static object? EvaluationValue(HotParameterType type, YamlNode source, object? checkedValue)
    {
        switch (type)
        {
            case HotParameterType.Number:
                if (source is YamlScalar { Kind: YamlScalarKind.Int } integer && integer.TryGetInteger(out var l)) return l;
                if (source is YamlScalar { Kind: YamlScalarKind.String } text && PythonValues.TryParseInt(text.Value, out var parsed)) return parsed;
                return checkedValue;
            case HotParameterType.Json:
                return source is YamlScalar { Kind: YamlScalarKind.String } ? LiteralValues.FromJson(checkedValue) : LiteralValues.FromYaml(source);
            default:
                return checkedValue;
        }
    }
}
