using MistralTemplates.Language.Diagnostics;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

public class HotSectionTests
{
    [Fact]
    public void Unknown_section_is_an_error_at_its_key()
    {
        var analysis = Analyze(Lines("heat_template_version: 2018-08-31", "resource:", "  a: {type: Test::Gadget}"));
        var d = AssertOnly(analysis, DiagnosticCatalog.UnknownSection, 1, 0, 1, 8);
        Assert.Contains("'resource'", d.Message);
        Assert.Contains("resources", d.Message);
    }

    [Fact]
    public void Conditions_section_needs_2016_10_14()
    {
        var analysis = Analyze(Lines("heat_template_version: 2016-04-08", "conditions:", "  c: true"));
        var d = AssertOnly(analysis, DiagnosticCatalog.NeedsNewerVersion, 1, 0, 1, 10);
        Assert.Contains("2016-10-14", d.Message);
    }

    [Fact]
    public void Unknown_resource_key_is_an_error_at_the_key()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "resources:",
            "  a:",
            "    type: Test::Gadget",
            "    propertys: {}"));
        var d = AssertOnly(analysis, DiagnosticCatalog.UnknownKey, 4, 4, 4, 13);
        Assert.Contains("properties", d.Message);
    }

    [Fact]
    public void Section_of_the_wrong_shape_is_reported()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "parameters:",
            "  p: {type: string, constraints: {length: {min: 1}}}"));
        AssertOnly(analysis, DiagnosticCatalog.WrongValueShape, 2, 33, 2, 51);
    }

    [Fact]
    public void Output_without_value_is_an_error_at_its_name()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "outputs:",
            "  result:",
            "    description: no value"));
        AssertOnly(analysis, DiagnosticCatalog.OutputValueMissing, 2, 2, 2, 8);
    }

    [Fact]
    public void Output_condition_key_needs_2016_10_14()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2016-04-08",
            "outputs:",
            "  result:",
            "    value: 1",
            "    condition: c"));
        AssertOnly(analysis, DiagnosticCatalog.NeedsNewerVersion, 4, 4, 4, 13);
    }
}
