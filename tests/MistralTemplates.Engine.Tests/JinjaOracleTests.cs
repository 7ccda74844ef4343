using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests;

/// <summary>
/// Every case of TestData/jinja/jinja-cases.jsonl through the engine's Jinja, compared with what Mistral 15's own
/// evaluator gave for it (jinja-oracle.jsonl, recorded by scripts/jinja-oracle.py). A value must match as JSON text;
/// an error must be an error (the wording is Python's, ours names the same problem). The cases that still disagree
/// are listed, with why, in jinja-disagreements.tsv: the test fails on a new disagreement and on a listed one that
/// now agrees, so the list stays the truth.
/// </summary>
public class JinjaOracleTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(FindRoot(), "tests", "MistralTemplates.Engine.Tests", "TestData", "jinja");

    [Fact]
    public void Every_case_agrees_with_Mistral_or_is_listed_with_its_reason()
    {
        var cases = ReadLines("jinja-cases.jsonl");
        var oracle = ReadLines("jinja-oracle.jsonl").ToDictionary(o => (string)o["id"]!);
        Assert.Equal(cases.Count, oracle.Count);
        var listed = File.ReadAllLines(Path.Combine(Folder, "jinja-disagreements.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        Assert.All(listed.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason), "each listed case gives its reason"));

        var disagreeing = new List<string>();
        var (errors, sameWords) = (0, 0);
        foreach (var c in cases)
        {
            var id = (string)c["id"]!;
            var expected = oracle[id];
            var actual = ExpressionTrial.Evaluate((string)c["expression"]!, c["data"]?.AsObject());
            var agrees = expected["result"] is { } result ? actual.Json == (string)result! : !actual.Success;
            if (expected["error"] is { } message && !actual.Success)
            {
                errors++;
                if (actual.Error!.Contains("error=" + (string)message! + "]", StringComparison.Ordinal)) sameWords++;
                else output.WriteLine($"worded differently: {id}: {message} / {actual.Error}");
            }
            if (!agrees)
            {
                disagreeing.Add(id);
                if (!listed.ContainsKey(id))
                    output.WriteLine($"{id}: {c["expression"]} expected {expected.ToJsonString()} got {actual.Json ?? actual.Error}");
            }
        }
        output.WriteLine($"{cases.Count - disagreeing.Count} of {cases.Count} cases agree with Mistral's Jinja");
        output.WriteLine($"{sameWords} of the {errors} errors both give are worded as Python words them");
        Assert.Empty(disagreeing.Except(listed.Keys));
        Assert.Empty(listed.Keys.Except(disagreeing));
    }

    private static List<JsonObject> ReadLines(string name) =>
        File.ReadLines(Path.Combine(Folder, name)).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The tests must run from inside the repository.");
    }
}
