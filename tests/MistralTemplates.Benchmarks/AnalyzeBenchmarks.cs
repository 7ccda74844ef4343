using BenchmarkDotNet.Attributes;
using MistralTemplates.Language;

namespace MistralTemplates.Benchmarks;

/// <summary>Parse + validate of one file through the shared library, as both the generator and the runtime do it.</summary>
[MemoryDiagnoser]
public class AnalyzeBenchmarks
{
    private string _hello = "";
    private string _hundred = "";
    private string _workbook = "";
    private string _bigWorkflow = "";

    [GlobalSetup]
    public void Setup()
    {
        _hello = BenchmarkInputs.HelloTemplate;
        _hundred = BenchmarkInputs.ManyResources(50);
        _workbook = BenchmarkInputs.LargestWorkbook;
        _bigWorkflow = BenchmarkInputs.LargestWorkflowFile;
    }

    [Benchmark(Description = "spec template (hello.yaml)")]
    public TemplateAnalysis SpecTemplate() => TemplateAnalyzer.Analyze("hello.yaml", _hello, InMemoryFileProvider.Empty);

    [Benchmark(Description = "100-resource template")]
    public TemplateAnalysis HundredResources() => TemplateAnalyzer.Analyze("many.yaml", _hundred, InMemoryFileProvider.Empty);

    [Benchmark(Description = "largest corpus workbook (complex_wf_wb, 29 KB)")]
    public TemplateAnalysis LargestWorkbook() => TemplateAnalyzer.Analyze("complex_wf_wb.yaml", _workbook, InMemoryFileProvider.Empty);

    [Benchmark(Description = "largest corpus file (terminate_wf, 441 KB)")]
    public TemplateAnalysis LargestWorkflowFile() => TemplateAnalyzer.Analyze("terminate_wf.yaml", _bigWorkflow, InMemoryFileProvider.Empty);
}
