using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;

namespace MistralTemplates.Language.Tests.Expressions.Yaql;

/// <summary>
/// yaql's own unit tests as the measure of our YAQL: every expression they evaluate gives the same value here,
/// or an error where yaql raises one, unless TestData/yaql/left-out.tsv names the line and says why.
/// </summary>
public class YaqlSuiteTests(ITestOutputHelper output)
{
    private const string CustomContext = "custom context";
    private const string DataNotJson = "data not JSON";
    private const string ResultNotJson = "result not JSON";

    [Fact]
    public void Every_case_of_yaqls_own_suite_agrees_unless_left_out()
    {
        var leftOut = YaqlSuite.LeftOut.Select(e => e.Line).ToHashSet();
        var disagreements = new List<string>();
        var agreed = new Dictionary<string, int>();
        var run = new Dictionary<string, int>();
        foreach (var suiteCase in YaqlSuite.Cases.Where(c => !leftOut.Contains(c.Line)))
        {
            var category = suiteCase.Error is null ? "results" : "errors";
            run[category] = run.GetValueOrDefault(category) + 1;
            var actual = suiteCase.Evaluate();
            if (suiteCase.Agrees(actual)) agreed[category] = agreed.GetValueOrDefault(category) + 1;
            else disagreements.Add($"{suiteCase.Name}\n    yaql: {suiteCase.Expected}\n    ours: {Describe(actual)}");
        }
        foreach (var category in run.Keys)
            output.WriteLine($"{category}: {agreed.GetValueOrDefault(category)} of {run[category]} agree");
        output.WriteLine($"left out: {leftOut.Count}");
        Assert.True(disagreements.Count == 0,
            $"{disagreements.Count} case(s) of yaql's suite disagree:\n" + string.Join("\n", disagreements));
    }

    [Fact]
    public void Left_out_cases_are_named_by_line_and_still_need_leaving_out()
    {
        var problems = new List<string>();
        var listed = new HashSet<int>();
        foreach (var (line, expression, reason) in YaqlSuite.LeftOut)
        {
            if (!listed.Add(line)) problems.Add($"line {line} is listed twice");
            if (line < 1 || line > YaqlSuite.Cases.Count) { problems.Add($"line {line} is not in the suite"); continue; }
            var suiteCase = YaqlSuite.Cases[line - 1];
            if (suiteCase.Expression != expression) problems.Add($"line {line} holds '{suiteCase.Expression}', not '{expression}'");
            var stillApplies = reason switch
            {
                CustomContext => suiteCase.CustomContext,
                DataNotJson => suiteCase.DataUnserializable,
                ResultNotJson => suiteCase.ResultRepr is not null,
                // Any other reason names something our evaluator does not do: the case must still disagree.
                _ => !suiteCase.Agrees(suiteCase.Evaluate()),
            };
            if (!stillApplies) problems.Add($"{suiteCase.Name}: the reason '{reason}' no longer applies; take the line out of left-out.tsv");
        }
        foreach (var suiteCase in YaqlSuite.Cases.Where(c => (c.CustomContext || c.DataUnserializable || c.ResultRepr is not null) && !listed.Contains(c.Line)))
            problems.Add($"{suiteCase.Name} cannot run from JSON alone and must be listed in left-out.tsv");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Describe(MistralTemplates.Language.Expressions.Yaql.Evaluation.YaqlResult result) =>
        result.Success ? System.Text.Json.JsonSerializer.Serialize(result.Value) : "error " + result.Error;
}
