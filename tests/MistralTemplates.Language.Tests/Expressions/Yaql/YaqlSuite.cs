using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;

namespace MistralTemplates.Language.Tests.Expressions.Yaql;

/// <summary>One expression of yaql's own unit tests, with what yaql gave for it (TestData/yaql/yaql-suite.jsonl).</summary>
internal sealed record YaqlSuiteCase(
    int Line, string Test, string Expression, JsonElement? Data, JsonElement? Result, string? ResultRepr,
    string? Error, bool CustomContext, bool DataUnserializable)
{
    public string Name => $"line {Line} ({Test}): {Expression}";

    /// <summary>The value yaql gave, as JSON text, or the error type it raised.</summary>
    public string Expected => Error is not null ? "error " + Error : Result is { } r ? r.GetRawText() : "repr " + ResultRepr;

    /// <summary>Evaluates the case as yaql's test harness did: the data is <c>$</c> and also <c>$data</c>.</summary>
    public YaqlResult Evaluate()
    {
        var data = Data is { } d ? JsonTestValues.FromJson(d) : null;
        return YaqlEvaluator.Evaluate(Expression, new YaqlContext(data, new Dictionary<string, object?> { ["data"] = data }));
    }

    /// <summary>
    /// Whether our evaluator agrees: an error where yaql raised one (of whatever kind), else a value equal to
    /// yaql's as Python compares it (1 equals 1.0, mapping order does not matter). A case with only a repr
    /// never agrees, since nothing in JSON can stand for it.
    /// </summary>
    public bool Agrees(YaqlResult actual)
    {
        if (Error is not null) return !actual.Success;
        if (!actual.Success || Result is not { } expected) return false;
        // A set has no order; yaql's engine printed it in Python's hash order, which means nothing.
        if (actual.Value is YaqlSet set && JsonTestValues.FromJson(expected) is List<object?> items)
            return items.Count == set.Count && items.All(set.Holds);
        return SameValue(JsonTestValues.FromJson(expected), actual.Value);
    }

    public static bool SameValue(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (bool a, bool b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b, SameValue).All(same => same),
        (Dictionary<string, object?> a, Dictionary<string, object?> b) =>
            a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && SameValue(p.Value, v)),
        _ => false,
    };
}

/// <summary>yaql 2.0's unit tests as data, and the cases our evaluator leaves out (TestData/yaql/left-out.tsv).</summary>
internal static class YaqlSuite
{
    public static string Folder => Path.Combine(RepositoryPaths.TestData, "yaql");

    private static readonly Lazy<IReadOnlyList<YaqlSuiteCase>> LazyCases = new(() =>
        File.ReadAllLines(Path.Combine(Folder, "yaql-suite.jsonl")).Select(Parse).ToList());

    public static IReadOnlyList<YaqlSuiteCase> Cases => LazyCases.Value;

    /// <summary>Left-out cases by line: the expression the line must hold, and why it is left out.</summary>
    public static IReadOnlyList<(int Line, string Expression, string Reason)> LeftOut { get; } =
        File.ReadAllLines(Path.Combine(Folder, "left-out.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .Select(c => (int.Parse(c[0], CultureInfo.InvariantCulture), JsonSerializer.Deserialize<string>(c[1])!, c[2]))
            .ToList();

    private static YaqlSuiteCase Parse(string text, int index)
    {
        var root = JsonDocument.Parse(text).RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) ? v.GetString() : null;
        JsonElement? Element(string name) => root.TryGetProperty(name, out var v) ? v.Clone() : null;
        bool Flag(string name) => root.TryGetProperty(name, out var v) && v.GetBoolean();
        return new YaqlSuiteCase(index + 1, Text("test")!, Text("expression")!, Element("data"), Element("result"),
            Text("result_repr"), Text("error"), Flag("custom_context"), Flag("data_unserializable"));
    }
}
