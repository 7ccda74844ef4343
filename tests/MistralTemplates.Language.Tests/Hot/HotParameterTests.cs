using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Hot;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

public class HotParameterTests
{
    private static TemplateAnalysis Parameters(string version, params string[] lines) =>
        Analyze(Lines(new[] { $"heat_template_version: {version}", "parameters:" }.Concat(lines).ToArray()));

    [Fact]
    public void A_full_parameter_is_read()
    {
        var analysis = Parameters("2018-03-02",
            "  size:",
            "    type: number",
            "    label: Size",
            "    description: How big",
            "    default: 4",
            "    hidden: true",
            "    immutable: false",
            "    tags: [a, b]",
            "    constraints:",
            "      - range: {min: 1, max: 8}",
            "        description: one to eight",
            "      - modulo: {step: 2, offset: 0}",
            "      - allowed_values: [2, 4, 8]",
            "      - custom_constraint: nova.flavor");
        AssertClean(analysis);
        var p = Assert.Single(analysis.Template!.Parameters);
        Assert.Equal(("size", HotParameterType.Number, "Size", "How big", true, false), (p.Name, p.Type, p.Label, p.Description, p.Hidden, p.Immutable));
        Assert.Equal(new[] { "a", "b" }, p.Tags);
        Assert.Equal(new[] { ParameterConstraintKind.Range, ParameterConstraintKind.Modulo, ParameterConstraintKind.AllowedValues, ParameterConstraintKind.CustomConstraint },
            p.Constraints.Select(c => c.Kind));
        Assert.Equal("one to eight", p.Constraints[0].Description);
    }

    [Fact]
    public void Missing_type_is_an_error_at_the_parameter_name()
    {
        AssertOnly(Parameters("2018-08-31", "  flavor:", "    default: m1.small"), DiagnosticCatalog.ParameterTypeMissing, 2, 2, 2, 8);
    }

    [Fact]
    public void Unknown_type_is_an_error_at_the_type()
    {
        var d = AssertOnly(Parameters("2018-08-31", "  flavor:", "    type: integer"), DiagnosticCatalog.UnknownParameterType, 3, 10, 3, 17);
        Assert.Contains("'integer'", d.Message);
    }

    [Fact]
    public void Unknown_parameter_key_is_an_error_at_the_key()
    {
        var d = AssertOnly(Parameters("2018-08-31", "  flavor:", "    type: string", "    defualt: x"), DiagnosticCatalog.UnknownKey, 4, 4, 4, 11);
        Assert.Contains("default", d.Message);
    }

    [Fact]
    public void Tags_need_2018_03_02()
    {
        AssertOnly(Parameters("2017-09-01", "  flavor:", "    type: string", "    tags: [x]"), DiagnosticCatalog.NeedsNewerVersion, 4, 4, 4, 8);
    }

    [Fact]
    public void Modulo_needs_2017_02_24()
    {
        var analysis = Parameters("2016-10-14", "  n:", "    type: number", "    constraints:", "      - modulo: {step: 2, offset: 0}");
        Assert.Equal((5, 8), (Single(analysis, DiagnosticCatalog.NeedsNewerVersion).Span.Start.Line, Single(analysis, DiagnosticCatalog.NeedsNewerVersion).Span.Start.Column));
    }

    [Fact]
    public void Default_that_breaks_a_constraint_is_an_error_at_the_default_naming_it()
    {
        var analysis = Parameters("2018-08-31",
            "  name:",
            "    type: string",
            "    default: ab",
            "    constraints:",
            "      - length: {min: 3}");
        var d = AssertOnly(analysis, DiagnosticCatalog.DefaultBreaksConstraint, 4, 13, 4, 15);
        Assert.Contains("length", d.Message);
        Assert.Contains("length (2) is out of range (min: 3, max: None)", d.Message);
    }

    [Fact]
    public void Default_outside_allowed_values_is_an_error()
    {
        var analysis = Parameters("2018-08-31",
            "  mode:",
            "    type: string",
            "    default: medium",
            "    constraints:",
            "      - allowed_values: [fast, slow]");
        var d = AssertOnly(analysis, DiagnosticCatalog.DefaultBreaksConstraint, 4, 13, 4, 19);
        Assert.Contains("allowed_values", d.Message);
    }

    [Fact]
    public void Default_not_matching_the_pattern_is_an_error()
    {
        var analysis = Parameters("2018-08-31",
            "  name:",
            "    type: string",
            "    default: 9lives",
            "    constraints:",
            "      - allowed_pattern: '[a-z][a-z0-9]*'",
            "        description: starts with a letter");
        var d = AssertOnly(analysis, DiagnosticCatalog.DefaultBreaksConstraint, 4, 13, 4, 19);
        Assert.Contains("starts with a letter", d.Message);
    }

    [Fact]
    public void Default_of_the_wrong_type_is_an_error_at_the_default()
    {
        var d = AssertOnly(Parameters("2018-08-31", "  n:", "    type: number", "    default: many"), DiagnosticCatalog.DefaultWrongType, 4, 13, 4, 17);
        Assert.Contains("'many' is not a number", d.Message);
    }

    [Theory]
    [InlineData("boolean", "maybe")]
    [InlineData("comma_delimited_list", "{a: 1}")]
    [InlineData("string", "[a, b]")]
    public void Defaults_that_do_not_fit_their_type(string type, string value)
    {
        var analysis = Parameters("2018-08-31", "  p:", $"    type: {type}", $"    default: {value}");
        var d = Single(analysis, DiagnosticCatalog.DefaultWrongType);
        // The loader ends a flow collection's span at its closing bracket, so only the start is compared here.
        Assert.Equal((4, 13, 4), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line));
        Assert.Contains(type, d.Message);
    }

    [Theory]
    [InlineData("number", "'5'")]
    [InlineData("boolean", "yes")]
    [InlineData("boolean", "'t'")]
    [InlineData("comma_delimited_list", "a,b")]
    [InlineData("comma_delimited_list", "[a, b]")]
    [InlineData("json", "{a: [1, 2]}")]
    [InlineData("json", "'{\"a\": 1}'")]
    [InlineData("string", "42")]
    public void Defaults_that_fit_their_type(string type, string value)
    {
        AssertClean(Parameters("2018-08-31", "  p:", $"    type: {type}", $"    default: {value}"));
    }

    [Fact]
    public void Constraint_that_does_not_apply_to_the_type_is_invalid()
    {
        var analysis = Parameters("2018-08-31", "  p:", "    type: string", "    constraints:", "      - range: {min: 1}");
        var d = AssertOnly(analysis, DiagnosticCatalog.InvalidConstraint, 5, 8, 5, 13);
        Assert.Contains("range constraint does not apply to a string parameter", d.Message);
    }

    [Theory]
    [InlineData("modulo: {step: 3, offset: 3}", "offset must be smaller")]
    [InlineData("modulo: {step: 0, offset: 0}", "step cannot be 0")]
    [InlineData("modulo: {step: 3}", "needs both step and offset")]
    [InlineData("range: {}", "needs a min value")]
    public void Invalid_number_constraints(string constraint, string message)
    {
        var analysis = Parameters("2018-08-31", "  p:", "    type: number", "    constraints:", $"      - {constraint}");
        var d = Single(analysis, DiagnosticCatalog.InvalidConstraint);
        Assert.Contains(message, d.Message);
        Assert.Equal((5, constraint.IndexOf('{') + 8), (d.Span.Start.Line, d.Span.Start.Column));
    }

    [Fact]
    public void Invalid_pattern_is_reported_at_the_pattern()
    {
        var analysis = Parameters("2018-08-31", "  p:", "    type: string", "    constraints:", "      - allowed_pattern: '[a-'");
        AssertOnly(analysis, DiagnosticCatalog.InvalidConstraint, 5, 25, 5, 30);
    }

    [Fact]
    public void Parameter_group_naming_an_unknown_parameter_is_an_error_at_the_name()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "parameter_groups:",
            "  - label: Sizing",
            "    parameters: [flavor, image]",
            "parameters:",
            "  flavor: {type: string}"));
        var d = AssertOnly(analysis, DiagnosticCatalog.UnknownParameterInGroup, 3, 25, 3, 30);
        Assert.Contains("'image'", d.Message);
        var group = Assert.Single(analysis.Template!.ParameterGroups);
        Assert.Equal("Sizing", group.Label);
        Assert.Equal(new[] { "flavor", "image" }, group.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Parameter_in_two_groups_is_an_error_at_the_second_mention()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "parameter_groups:",
            "  - parameters: [flavor]",
            "  - label: again",
            "    parameters: [flavor]",
            "parameters:",
            "  flavor: {type: string}"));
        AssertOnly(analysis, DiagnosticCatalog.ParameterInTwoGroups, 4, 17, 4, 23);
    }

    [Fact]
    public void Parameter_group_without_parameters_is_an_error()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "parameter_groups:",
            "  - label: empty",
            "    notes: Heat ignores other keys"));
        var d = Single(analysis, DiagnosticCatalog.WrongValueShape);
        Assert.Equal((2, 4), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Single(analysis.Diagnostics);
    }
}
