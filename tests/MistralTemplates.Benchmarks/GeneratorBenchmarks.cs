using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using MistralTemplates.Generators;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The generator inside a compiler driver: a first run over 1, 10 and 100 templates (what a clean build pays),
/// and a second run after an unrelated C# edit (what every keystroke in an IDE pays).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private IReadOnlyList<AdditionalText> _templates = null!;
    private GeneratorDriver _warmDriver = null!;

    [Params(1, 10, 100)]
    public int Templates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create("Bench",
            new[] { CSharpSyntaxTree.ParseText("namespace Bench; public static class Program { public static void Main() { } }") },
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        _editedCompilation = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Bench; internal static class Edited { }"));
        // Small templates, like most real ones: three workflow resources and their triggers each.
        _templates = Enumerable.Range(0, Templates)
            .Select(i => (AdditionalText)new InMemoryText($"/src/Bench/t{i}.yaml", BenchmarkInputs.ManyResources(3, seed: i)))
            .ToList();
        _warmDriver = NewDriver().RunGenerators(_compilation);
    }

    [Benchmark(Description = "first run")]
    public GeneratorDriver FirstRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "run after an unrelated C# edit")]
    public GeneratorDriver AfterUnrelatedEdit() => _warmDriver.RunGenerators(_editedCompilation);

    private GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        generators: new[] { new TemplateGenerator().AsSourceGenerator() },
        additionalTexts: _templates,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
