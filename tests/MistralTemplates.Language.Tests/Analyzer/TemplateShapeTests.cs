using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests.Analyzer;

/// <summary>Files whose YAML reads but whose shape no template can have.</summary>
public class TemplateShapeTests
{
    [Fact]
    public void More_than_one_document_is_an_error_at_the_second()
    {
        var analysis = TemplateAnalyzer.Analyze("t.yaml", "heat_template_version: 2021-04-16\n---\nresources: {}\n", InMemoryFileProvider.Empty);
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.MultipleDocuments, d.Descriptor);
        Assert.Equal((1, 0), (d.Span.Start.Line, d.Span.Start.Column));
    }

    [Fact]
    public void A_resource_that_is_not_a_mapping_is_an_error_at_its_value()
    {
        var analysis = TemplateAnalyzer.Analyze("t.yaml", "heat_template_version: 2021-04-16\nresources:\n  r: 5\n", InMemoryFileProvider.Empty);
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.ExpectedMapping, d.Descriptor);
        Assert.Equal((2, 5, 2, 6), Range(d));
    }

    [Fact]
    public void A_key_that_is_not_a_string_is_an_error_at_the_key()
    {
        var analysis = TemplateAnalyzer.Analyze("t.yaml", "heat_template_version: 2021-04-16\nresources:\n  [a]: {type: OS::Heat::None}\n", InMemoryFileProvider.Empty);
        var d = Assert.Single(analysis.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.NonStringKey, d.Descriptor);
        Assert.Equal((2, 2, 2, 5), Range(d));
    }

    private static (int, int, int, int) Range(TemplateDiagnostic d) =>
        (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column);
}
