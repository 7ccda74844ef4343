using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>A compiled regular expression made by <c>regex(pattern)</c>; Python's syntax for the common cases.</summary>
internal sealed class YaqlRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public YaqlRegex(string pattern, RegexOptions options)
    {
        try
        {
            Regex = new Regex(pattern, options | RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException e)
        {
            throw new YaqlException($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    public Regex Regex { get; }

    public override string ToString() => Regex.ToString();

    /// <summary>Runs <paramref name="action"/>, turning a runaway match into an evaluation error.</summary>
    public T Run<T>(Func<Regex, T> action)
    {
        try
        {
            return action(Regex);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new YaqlException("regular expression took too long");
        }
    }

    /// <summary>Python's replacement syntax (<c>\1</c>, <c>\g&lt;name&gt;</c>) in .NET's (<c>$1</c>, <c>${name}</c>).</summary>
    public static string Replacement(string python)
    {
        var builder = new StringBuilder(python.Length);
        for (var i = 0; i < python.Length; i++)
        {
            var c = python[i];
            if (c == '$') builder.Append("$$");
            else if (c == '\\' && i + 1 < python.Length && char.IsDigit(python[i + 1])) builder.Append("${").Append(python[++i]).Append('}');
            else if (c == '\\' && python.IndexOf("g<", i + 1, StringComparison.Ordinal) == i + 1 && python.IndexOf('>', i) is var close and > 0)
            {
                builder.Append("${").Append(python, i + 3, close - i - 3).Append('}');
                i = close;
            }
            else if (c == '\\' && i + 1 < python.Length && python[i + 1] == '\\') builder.Append(python[++i]);
            else builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// The variables a selector sees for one match, as yaql publishes them: <c>$</c> and <c>$1</c> the whole match,
    /// <c>$2</c>... each group, each as <c>{value, start, end}</c>; named groups under their names too.
    /// </summary>
    public (object? Data, Dictionary<string, object?> Variables) Publish(Match match)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var whole = Record(match.Groups[0]);
        variables["1"] = whole;
        foreach (var name in Regex.GetGroupNames())
        {
            var record = Record(match.Groups[name]);
            if (int.TryParse(name, out var number)) { if (number > 0) variables[(number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = record; }
            else variables[name] = record;
        }
        return (whole, variables);
    }

    private static Dictionary<string, object?> Record(Group group) => new(StringComparer.Ordinal)
    {
        ["value"] = group.Success ? group.Value : null,
        ["start"] = group.Success ? (long)group.Index : -1L,
        ["end"] = group.Success ? (long)(group.Index + group.Length) : -1L,
    };
}
