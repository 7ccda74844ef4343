using System;
using System.Diagnostics;
using System.Text;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Tests.Expressions;

public class ExpressionFuzzTests
{
    // Fragments that make random text look like expressions, so the parsers get past their first token.
    private static readonly string[] Fragments =
    {
        "<%", "%>", "{{", "}}", "{%", "%}", "{#", "#}", "$", "$.", ".", "?.", "(", ")", "[", "]", "{", "}", ",", "=>", "->",
        "'", "\"", "`", "\\", " ", "\n", "a", "task(", "not ", " and ", " or ", " if ", " else ", "|", " is ", "1", "2.5",
        "+", "-", "*", "**", "/", "//", "%", "~", "=", "==", "!=", "<", ">", ":", "for x in y", "endif", "endfor", "raw", "_",
    };

    [Fact]
    public void Random_text_never_throws_and_finishes_fast()
    {
        var random = new Random(20240501);
        var watch = Stopwatch.StartNew();
        for (var n = 0; n < 20_000; n++)
        {
            var text = RandomText(random, random.Next(1, 60));
            var diagnostics = new DiagnosticBag();
            ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
            YaqlParser.Parse(text);
            JinjaParser.ParseExpression(text);
            JinjaTemplate.Check(text);
            JunoExpressions.TryGetModernForm(text, out _);
        }
        // Generous for a loaded build machine; a hang or a quadratic blow-up takes far longer.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Large_hostile_inputs_finish_fast()
    {
        var inputs = new[]
        {
            "<% " + new string('(', 100_000) + " %>",
            "{{ " + new string('[', 100_000) + " }}",
            "{{ " + Repeat("not ", 50_000) + "x }}",
            "<% $" + Repeat(".a", 100_000) + " %>",
            Repeat("<% $.a %>", 50_000),
            Repeat("{% if x %}", 20_000),
            "<% '" + new string('\\', 100_000) + " %>",
            Repeat("{$.a}", 50_000),
            Repeat("<%", 100_000),
            Repeat("{{", 100_000),
            Repeat("{$", 50_000) + Repeat("}", 50_000),
            Repeat("{$'", 50_000),
            "<% [" + Repeat("1,", 100_000) + "1] %>",
            "{{ [" + Repeat("1,", 100_000) + "1] }}",
        };
        var times = new StringBuilder();
        for (var i = 0; i < inputs.Length; i++)
        {
            var one = Stopwatch.StartNew();
            var text = inputs[i];
            var diagnostics = new DiagnosticBag();
            ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
            JunoExpressions.TryGetModernForm(text, out _);
            times.Append($"#{i}: {one.ElapsedMilliseconds} ms; ");
            // A guard against hangs and blow-ups, not a speed target: generous for a loaded CI machine.
            Assert.True(one.Elapsed < TimeSpan.FromSeconds(15), $"input #{i} took {one.Elapsed}: {times}");
        }
    }

    private static string Repeat(string s, int count)
    {
        var builder = new StringBuilder(s.Length * count);
        for (var i = 0; i < count; i++) builder.Append(s);
        return builder.ToString();
    }

    private static string RandomText(Random random, int pieces)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            if (random.Next(4) == 0) builder.Append((char)random.Next(0, 0x3000));
            else builder.Append(Fragments[random.Next(Fragments.Length)]);
        }
        return builder.ToString();
    }
}
