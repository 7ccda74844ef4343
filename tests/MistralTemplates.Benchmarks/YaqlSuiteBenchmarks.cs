using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// yaql's own unit tests (the Language tests' TestData/yaql/yaql-suite.jsonl) through the YAQL evaluator: every
/// case whose data JSON can carry, once per operation, with parses cached as the engine has them, and parsed
/// afresh each time for comparison.
/// </summary>
[MemoryDiagnoser]
public class YaqlSuiteBenchmarks
{
    private List<(string Expression, object? Data)> _cases = new();

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(BenchmarkInputs.RepoRoot, "tests", "MistralTemplates.Language.Tests", "TestData", "yaql", "yaql-suite.jsonl");
        _cases = File.ReadLines(path)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(c => !c.TryGetProperty("data_unserializable", out _) && !c.TryGetProperty("custom_context", out _))
            .Select(c => (c.GetProperty("expression").GetString()!, c.TryGetProperty("data", out var d) ? Plain(d) : null))
            .ToList();
    }

    [Benchmark(Description = "whole yaql suite, parses cached")]
    public int Cached()
    {
        var failures = 0;
        foreach (var (expression, data) in _cases)
            if (!YaqlEvaluator.Evaluate(expression, Context(data)).Success) failures++;
        return failures;
    }

    [Benchmark(Description = "whole yaql suite, parsed each time")]
    public int ParsedEachTime()
    {
        var failures = 0;
        foreach (var (expression, data) in _cases)
        {
            var parsed = YaqlParser.Parse(expression);
            if (parsed.Expression is null || !YaqlEvaluator.Evaluate(parsed.Expression, Context(data)).Success) failures++;
        }
        return failures;
    }

    /// <summary>As yaql's test harness binds the data: <c>$</c> and <c>$data</c>.</summary>
    private static YaqlContext Context(object? data) => new(data, new Dictionary<string, object?> { ["data"] = data });

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
