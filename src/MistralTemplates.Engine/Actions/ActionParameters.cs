using System;
using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// The parameters an action accepts, checked before it runs as Mistral checks an action's signature: required ones
/// missing and names it does not know are refused with the server's "Invalid input" message.
/// </summary>
internal sealed record ActionParameters(string ClassName, IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    public static ActionParameters Of(string className, params string[] names) =>
        new(className, names.Where(n => !n.EndsWith('?')).ToList(), names.Where(n => n.EndsWith('?')).Select(n => n[..^1]).ToList());

    /// <summary>The refusal for <paramref name="input"/>, or null when it fits.</summary>
    public string? Check(string actionName, IReadOnlyDictionary<string, object?> input)
    {
        var missing = Required.Where(name => !input.ContainsKey(name)).ToList();
        var unexpected = input.Keys.Where(key => !Required.Contains(key) && !Optional.Contains(key)).ToList();
        if (missing.Count == 0 && unexpected.Count == 0) return null;
        var message = $"Invalid input [name={actionName}, class={ClassName}";
        if (missing.Count > 0) message += ", missing=" + PythonList(missing);
        if (unexpected.Count > 0) message += ", unexpected=" + PythonList(unexpected);
        return message + "]";
    }

    private static string PythonList(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => "'" + n + "'")) + "]";
}

/// <summary>An input value read the lenient way Mistral's std actions read theirs.</summary>
internal static class ActionInput
{
    public static object? Get(IReadOnlyDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? value : null;

    /// <summary>A number of seconds as Python's <c>int()</c>/<c>float()</c> would read it; anything else is 0.</summary>
    public static double Seconds(object? value, bool whole)
    {
        double seconds = value switch
        {
            long number => number,
            double number => whole ? Math.Truncate(number) : number,
            bool flag => flag ? 1 : 0,
            string text when whole && long.TryParse(text.Trim(), out var number) => number,
            string text when !whole && double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
            _ => 0,
        };
        return seconds < 0 ? 0 : seconds;
    }
}
