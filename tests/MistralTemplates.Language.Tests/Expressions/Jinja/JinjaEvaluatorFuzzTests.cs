using System;
using System.Diagnostics;
using System.Text;
using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Jinja.Evaluation;

namespace MistralTemplates.Language.Tests.Expressions.Jinja;

public class JinjaEvaluatorFuzzTests
{
    // Pieces of real expressions, so that many random texts parse and reach the evaluator.
    private static readonly string[] Fragments =
    {
        "_", "_.a", "_.l", "_.s", "_.m", "_.n", "x", "[", "]", "(", ")", "{", "}", ",", ":", ".", "'k'", "'ab'", "0", "1", "-1",
        "2.5", "none", "true", " + ", " - ", " * ", " / ", " // ", " % ", " ** ", " ~ ", " == ", " < ", " and ", " or ",
        "not ", " in ", " if ", " else ", " | length", " | default(1)", " | first", " | sort", " | unique", " | join(',')",
        " | map(attribute='a')", " | select('odd')", " | selectattr('a')", " | tojson", " | int", " | round(2)", " | sum",
        " | replace('a', 'bb')", " is defined", " is none", " is divisibleby 0", " is in [1]", "[1:]", "[::-1]", "[0]",
        ".get('a')", ".split(',')", ".items()", "range(3)", "f(1)", "f()", " * 100000",
    };

    [Fact]
    public void Random_expressions_never_throw_and_finish_fast()
    {
        var data = JsonValues.Parse("""{"a": 1, "l": [3, 1, 2], "s": "a,b", "m": [{"a": 1}, {"a": "x"}], "n": null}""");
        var context = new JinjaContext(data).RegisterFunction("f", (args, _) =>
            args.Count > 0 ? args[0] : throw new JinjaFunctionException("f needs an argument"));
        var random = new Random(20261127);
        var watch = Stopwatch.StartNew();
        int evaluated = 0, succeeded = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(1, 12); i > 0; i--) builder.Append(Fragments[random.Next(Fragments.Length)]);
            var parsed = JinjaParser.ParseExpression(builder.ToString());
            if (parsed.Expression is null) continue;
            evaluated++;
            var result = JinjaEvaluator.Evaluate(parsed.Expression, context);
            if (result.Success) succeeded++;
            else Assert.False(string.IsNullOrEmpty(result.Error!.Message));
            JinjaRenderer.Render("v={{ " + builder + " }}", context);
        }
        // Both outcomes occur often, so the loop exercises values as well as errors.
        Assert.True(evaluated > 1_000 && succeeded > 300 && evaluated - succeeded > 300, $"{evaluated} evaluated, {succeeded} succeeded");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Large_hostile_texts_are_errors_or_values_quickly()
    {
        var context = new JinjaContext(JsonValues.Parse("""{"s": "x"}"""));
        var inputs = new[]
        {
            "{{ " + string.Concat(System.Linq.Enumerable.Repeat("_.s ~ ", 20_000)) + "1 }}",
            string.Concat(System.Linq.Enumerable.Repeat("{{ _.s }}", 50_000)),
            "{{ " + new string('[', 150) + new string(']', 150) + " }}",
            "{{ ((_.s * 1000) * 1000) * 1000 }}",
            "{{ range(1000000) | join(',') }}",
        };
        var watch = Stopwatch.StartNew();
        foreach (var input in inputs) JinjaRenderer.Render(input, context);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }
}
