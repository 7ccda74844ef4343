using System.Diagnostics;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MistralTemplates.Generators.Tests;

/// <summary>Hostile files must give diagnostics quickly and never crash the compiler (CS8785) or hang it.</summary>
public class HostileInputTests
{
    public static TheoryData<string, string> Inputs()
    {
        var aliasBomb = new StringBuilder("heat_template_version: 2021-04-16\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 12; i++)
            aliasBomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        var deep = "heat_template_version: 2021-04-16\nx: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
        var large = "heat_template_version: 2021-04-16\ndescription: " + new string('a', 20 * 1024 * 1024) + "\n";
        return new TheoryData<string, string>
        {
            { "alias-bomb", aliasBomb.ToString() },
            { "deep", deep },
            { "large", large },
            { "nul", "heat_template_version: 2021-04-16\0\0\nresources:\0 {}\n" },
            { "empty", "" },
            { "unclosed-flow", "version: '2.0'\nwf:\n  input: [a, b\n" },
        };
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Generator_survives_and_returns_within_two_seconds(string name, string text)
    {
        // The first generator run of the process pays for JIT and Roslyn start-up; time the input, not that.
        GeneratorHarness.Run(new[] { GeneratorHarness.File("warm-up.yaml", "version: '2.0'\n") });
        // A small file's run now, as slow as the machine is at this moment (other builds beside it): the bound grows
        // with it, so a busy machine is not taken for a blow-up, which would be many times slower still.
        var baseline = Stopwatch.StartNew();
        GeneratorHarness.Run(new[] { GeneratorHarness.File("baseline.yaml", "version: '2.0'\n") });
        var bound = System.TimeSpan.FromSeconds(2) + 20 * baseline.Elapsed;
        var stopwatch = Stopwatch.StartNew();
        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File(name + ".yaml", text) });
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < bound, $"{name} took {stopwatch.ElapsedMilliseconds} ms, over {bound.TotalMilliseconds:0} ms");
        Assert.Null(run.Results.Single().Exception);
        Assert.DoesNotContain(run.Diagnostics.Concat(output.GetDiagnostics()), d => d.Id == "CS8785");
        Assert.Empty(GeneratorHarness.Errors(output));
    }
}
