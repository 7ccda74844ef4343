using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MistralTemplates;

/// <summary>
/// Checks a parameter value against the constraints the template declares, with the same constraint code
/// the compiler used on defaults. Generated parameter records call it from their init accessors.
/// </summary>
public static class ParameterValidation
{
    /// <summary>Returns <paramref name="value"/> when every constraint of the parameter holds; else throws.</summary>
    /// <exception cref="ArgumentException">A constraint does not hold; the message says which, as Heat would.</exception>
    public static T Check<T>(StackTemplate template, string parameterName, T value)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parameter = template.FindParameter(parameterName);
        if (parameter is null) return value;
        var plain = ToPlainValue(value);
        foreach (var constraint in parameter.Constraints)
        {
            var problem = constraint.Check(plain);
            if (problem is null) continue;
            var reason = string.IsNullOrEmpty(constraint.Description) ? problem : constraint.Description;
            throw new ArgumentException($"Parameter '{parameterName}' is invalid: {reason}", parameterName);
        }
        return value;
    }

    /// <summary>The shapes ParameterConstraint.Check reads: string, double, bool, list of strings, or a JSON-like graph.</summary>
    internal static object? ToPlainValue(object? value, int depth = 0)
    {
        if (depth > 64) throw new ArgumentException("The parameter value is nested too deeply (more than 64 levels).");
        return value switch
        {
            null => null,
            string or double or bool => value,
            int i => (double)i,
            long l => (double)l,
            IReadOnlyList<string> list => list,
            JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlainValue(p.Value, depth + 1)),
            JsonArray array => array.Select(item => ToPlainValue(item, depth + 1)).ToList(),
            JsonValue json => FromJsonValue(json),
            _ => value,
        };
    }

    private static object? FromJsonValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.GetValue<double>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
