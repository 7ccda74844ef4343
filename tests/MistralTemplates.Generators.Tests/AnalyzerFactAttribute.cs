using MistralTemplates.Language;

namespace MistralTemplates.Generators.Tests;

/// <summary>
/// A fact about the generator over real analysis results. It runs once the template-language library
/// recognises HOT templates, and is skipped (with this reason shown) while its analyzer is still a stub.
/// </summary>
public sealed class AnalyzerFactAttribute : FactAttribute
{
    public AnalyzerFactAttribute()
    {
        if (!AnalyzerIsReady) Skip = "TemplateAnalyzer does not recognise HOT templates yet (the HOT parser is not merged).";
    }

    public static bool AnalyzerIsReady { get; } =
        TemplateAnalyzer.Analyze("/probe.yaml", "heat_template_version: 2021-04-16\nresources: {}\n", InMemoryFileProvider.Empty).Kind
        == TemplateFileKind.HeatTemplate;
}

/// <summary>The theory counterpart of <see cref="AnalyzerFactAttribute"/>.</summary>
public sealed class AnalyzerTheoryAttribute : TheoryAttribute
{
    public AnalyzerTheoryAttribute()
    {
        if (!AnalyzerFactAttribute.AnalyzerIsReady) Skip = "TemplateAnalyzer does not recognise HOT templates yet (the HOT parser is not merged).";
    }
}
