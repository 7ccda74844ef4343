using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MistralTemplates.Generators.Roslyn48Tests;

/// <summary>
/// The packed generator under Roslyn 4.8 (the .NET 8 SDK's compiler, Visual Studio 2022 17.8's): it must load there,
/// generate the stack classes and report template errors, as it does in the newest compiler.
/// </summary>
public sealed class PackedGeneratorTests(PackedGenerator packed) : IClassFixture<PackedGenerator>
{
    private static readonly Version OldestSupportedRoslyn = new(4, 8, 0, 0);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    [Fact]
    public void This_process_runs_roslyn_4_8()
    {
        // Were a newer Roslyn resolved at run time, every other test here would prove nothing.
        Assert.Equal(OldestSupportedRoslyn, typeof(Compilation).Assembly.GetName().Version);
        Assert.Equal(OldestSupportedRoslyn, typeof(CSharpCompilation).Assembly.GetName().Version);
    }

    [Fact]
    public void Packed_assemblies_reference_no_roslyn_newer_than_4_8()
    {
        var roslynReferences = Directory.GetFiles(packed.Folder, "*.dll")
            .SelectMany(dll => ReferencedAssemblies(dll).Select(name => (Dll: Path.GetFileName(dll), Name: name.Name ?? string.Empty, name.Version)))
            .Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(roslynReferences, r => r.Dll == "MistralTemplates.Generators.dll" && r.Name == "Microsoft.CodeAnalysis");
        Assert.All(roslynReferences, r => Assert.True(r.Version <= OldestSupportedRoslyn, $"{r.Dll} references {r.Name} {r.Version}"));
    }

    [Fact]
    public void The_packed_generator_loads_against_this_roslyn()
    {
        Assert.Empty(packed.LoadFailures);
        var generator = Assert.Single(packed.Generators);
        var generatorAssembly = generator.GetGeneratorType().Assembly;
        Assert.Equal("MistralTemplates.Generators", generatorAssembly.GetName().Name);
        Assert.StartsWith(packed.Folder, generatorAssembly.Location, StringComparison.Ordinal);
        // The Roslyn it runs with is this process's, not a copy of its own.
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(Compilation).Assembly));
    }

    [Fact]
    public void HelloStack_is_generated_from_use_case_1_and_compiles()
    {
        var hello = Path.Combine(PackedGenerator.Setting("MistralTemplates.RepositoryRoot"), "examples", "HelloWorkflow", "hello.yaml");
        // The generated class used as README's sample uses it, in the language version of this compiler (C# 12).
        const string use = """
            using System.Threading.Tasks;
            using MistralTemplates;

            namespace Consumer;

            public static class Use
            {
                public static async Task<string> RunAsync(StackTarget target)
                {
                    var stack = await HelloStack.DeployAsync(target, "hello");
                    var run = await stack.Workflow.Test.StartAsync();
                    var done = await run.WaitAsync();
                    return stack.Workflow.AvailableWorkflows.Test + " " + done.State;
                }
            }
            """;

        var (output, diagnostics) = RunGenerator(new[] { new FileText(hello, File.ReadAllText(hello)) }, use);

        Assert.Empty(diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.HelloStack"));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }

    [Fact]
    public void A_template_error_is_its_located_MT_diagnostic()
    {
        const string path = "/project/bad.yaml";
        var (output, diagnostics) = RunGenerator(new[] { new FileText(path, "heat_template_version: 2099-01-01\nresources: {}\n") });

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MT1001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((path, 0, 23), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        // The class keeps the shape that could be read, so code using it adds no C# errors of its own.
        Assert.NotNull(output.GetTypeByMetadataName("Consumer.BadStack"));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private (Compilation Output, IReadOnlyList<Diagnostic> Diagnostics) RunGenerator(IEnumerable<AdditionalText> files, params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            HostReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(packed.Generators, files, ParseOptions, new ProjectProperties(new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = "Consumer",
            ["build_property.MSBuildProjectDirectory"] = "/project",
        }));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics);
    }

    /// <summary>The framework and the runtime packages as this test process loads them: what a net10.0 consumer compiles against.</summary>
    private static IEnumerable<MetadataReference> HostReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => MetadataReference.CreateFromFile(path));

    private static IEnumerable<System.Reflection.AssemblyName> ReferencedAssemblies(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(handle => reader.GetAssemblyReference(handle).GetAssemblyName()).ToList();
    }

    private sealed class FileText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class ProjectProperties(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Values _global = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static Values Empty { get; } = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
