using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Deployment;

namespace MistralTemplates;

/// <summary>
/// Typed parameter values as Heat takes them on a deploy: text, as given on the command line. Generated parameter
/// records call it for each of their values.
/// </summary>
public static class ParameterText
{
    /// <summary>Adds the text of <paramref name="value"/> under <paramref name="name"/>; a null JSON value is left out, so the template's default applies.</summary>
    public static void Add(IDictionary<string, string> values, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = Format(value);
        if (text is not null) values[name] = text;
    }

    /// <summary>string as is, number in invariant form, boolean as true/false, list joined with commas, JSON as JSON text.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IEnumerable<string> list => string.Join(",", list),
        JsonNode json => json.ToJsonString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}

/// <summary>The parameter values a deployed stack's record holds, read back into the C# types of generated parameter records.</summary>
public sealed class DeployedParameters
{
    private readonly string _stackName;
    private readonly IReadOnlyDictionary<string, JsonElement> _values;

    internal DeployedParameters(string stackName, IReadOnlyDictionary<string, JsonElement> values)
    {
        _stackName = stackName;
        _values = values;
    }

    /// <summary>The deployed value of a parameter that has no default.</summary>
    /// <exception cref="DeploymentException">The record holds no value for it (the template gained the parameter since the deploy).</exception>
    public T Read<T>(string name) =>
        _values.TryGetValue(name, out var element)
            ? Convert<T>(name, element)
            : throw new DeploymentException(_stackName, $"the deployed stack has no value for parameter '{name}'; deploy it again with one.", []);

    /// <summary>The deployed value of a parameter, or <paramref name="fallback"/> (its default) when the record holds none.</summary>
    public T Read<T>(string name, T fallback) => _values.TryGetValue(name, out var element) ? Convert<T>(name, element) : fallback;

    private T Convert<T>(string name, JsonElement element)
    {
        object? value;
        try
        {
            value = typeof(T) == typeof(string) ? element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()
                : typeof(T) == typeof(double) ? element.GetDouble()
                : typeof(T) == typeof(bool) ? element.GetBoolean()
                : typeof(T) == typeof(IReadOnlyList<string>) ? element.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText()).ToList()
                : typeof(T) == typeof(JsonNode) ? JsonNode.Parse(element.GetRawText())
                : throw new NotSupportedException($"{typeof(T).Name} is not a parameter type.");
        }
        catch (InvalidOperationException e)
        {
            throw new DeploymentException(_stackName, $"the deployed value of parameter '{name}' is not a {typeof(T).Name}: {element.GetRawText()}.", [], e);
        }
        return (T)value!;
    }
}
