using System.IO;
using System.Linq;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests;

/// <summary>
/// The three templates of the Mistral resources spec, kept verbatim in TestData/spec, and what the compiler
/// says about them: each has a mistake the spec's authors did not see.
/// </summary>
public class SpecUseCaseTests
{
    [Fact]
    public void Use_case_1_uses_a_Juno_era_expression_which_is_a_warning_showing_the_modern_form()
    {
        var analysis = Analyze("use_case_1.yaml");

        Assert.DoesNotContain(analysis.Diagnostics, d => d.IsError);
        var d = Assert.Single(analysis.Diagnostics);
        Assert.Equal(DiagnosticCatalog.JunoExpression, d.Descriptor);
        Assert.Equal((12, 24, 12, 25), Range(d));
        Assert.Contains("<% $ %>", d.Message);
    }

    [Fact]
    public void Use_case_2_nests_an_alarm_property_that_does_not_exist()
    {
        var analysis = Analyze("use_case_2.yaml");

        var unknown = Assert.Single(analysis.Diagnostics, d => d.Descriptor == DiagnosticCatalog.UnknownProperty);
        Assert.Equal((16, 8, 16, 13), Range(unknown));
        Assert.Contains("'alarm' is not a property of OS::Ceilometer::Alarm", unknown.Message);
        // Because the real properties sit one level too deep, the required ones are missing where they belong.
        Assert.Equal(2, analysis.Diagnostics.Count(d => d.Descriptor == DiagnosticCatalog.MissingRequiredProperty));
    }

    [Fact]
    public void Use_case_3_definition_file_is_not_valid_YAML_and_the_error_is_located_in_it()
    {
        var analysis = Analyze("use_case_3.yaml");

        var error = Assert.Single(analysis.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, error.Descriptor);
        Assert.Equal("wfdef.yaml", Path.GetFileName(error.Span.Path));
        Assert.Equal((1, 11), (error.Span.Start.Line, error.Span.Start.Column));
    }

    private static TemplateAnalysis Analyze(string name)
    {
        var path = Path.Combine(RepositoryPaths.TestData, "spec", name);
        return TemplateAnalyzer.Analyze(path, File.ReadAllText(path), new DiskFileProvider());
    }

    private static (int, int, int, int) Range(TemplateDiagnostic d) =>
        (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column);
}
