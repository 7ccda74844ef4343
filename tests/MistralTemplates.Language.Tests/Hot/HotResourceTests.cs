using System.Linq;
using MistralTemplates.Language.Diagnostics;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

public class HotResourceTests
{
    private static TemplateAnalysis Resources(string version, params string[] lines) =>
        Analyze(Lines(new[] { $"heat_template_version: {version}", "resources:" }.Concat(lines).ToArray()));

    [Fact]
    public void A_full_resource_is_read()
    {
        var analysis = Resources("2018-08-31",
            "  w:",
            "    type: Test::Widget",
            "    properties:",
            "      name: hello",
            "      count: '3'",
            "      ratio: 0.5",
            "      enabled: yes",
            "      mode: fast",
            "      tags: [a, b]",
            "      options: {level: 2, label: x}",
            "      anything: [1, {a: b}]",
            "    depends_on: g",
            "    metadata: {note: text}",
            "    deletion_policy: retain",
            "    update_policy: {}",
            "    description: a widget",
            "    condition: true",
            "    external_id: abc",
            "  g:",
            "    type: Test::Gadget");
        AssertClean(analysis);
        var w = analysis.Template!.Resources[0];
        Assert.Equal(("w", "Test::Widget", "retain"), (w.Name, w.Type, w.DeletionPolicy));
        Assert.Equal("g", Assert.Single(w.DependsOn).Name);
        Assert.Equal(new[] { "name", "count", "ratio", "enabled", "mode", "tags", "options", "anything" }, w.Properties!.Entries.Select(e => e.KeyText));
    }

    [Fact]
    public void Resource_without_type_is_an_error_at_its_name()
    {
        AssertOnly(Resources("2018-08-31", "  server:", "    properties: {}"), DiagnosticCatalog.ResourceTypeMissing, 2, 2, 2, 8);
    }

    [Fact]
    public void Unknown_type_is_a_warning_at_the_type_and_properties_are_not_checked()
    {
        var analysis = Resources("2018-08-31", "  server:", "    type: OS::Nova::Server", "    properties: {whatever: 1}");
        var d = Single(analysis, DiagnosticCatalog.UnknownResourceType);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal((3, 10, 3, 26), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
        Assert.Contains("OS::Nova::Server", d.Message);
        Assert.False(analysis.HasErrors);
    }

    [Fact]
    public void Depends_on_an_unknown_resource_is_an_error_at_the_name()
    {
        var analysis = Resources("2018-08-31", "  g:", "    type: Test::Gadget", "    depends_on: [h, nowhere]", "  h: {type: Test::Gadget}");
        var d = AssertOnly(analysis, DiagnosticCatalog.DependsOnUnknown, 4, 20, 4, 27);
        Assert.Contains("'nowhere'", d.Message);
    }

    [Fact]
    public void Dependency_cycle_through_depends_on_get_resource_and_get_attr_names_the_whole_cycle()
    {
        var analysis = Resources("2018-08-31",
            "  a:",
            "    type: Test::Gadget",
            "    depends_on: b",
            "  b:",
            "    type: Test::Gadget",
            "    properties: {source: {get_resource: c}}",
            "  c:",
            "    type: Test::Gadget",
            "    properties: {source: {get_attr: [a, value]}}");
        var d = AssertOnly(analysis, DiagnosticCatalog.DependencyCycle, 2, 2, 2, 3);
        Assert.Contains("a -> b -> c -> a", d.Message);
    }

    [Fact]
    public void Resource_depending_on_itself_is_a_cycle()
    {
        var analysis = Resources("2018-08-31", "  a:", "    type: Test::Gadget", "    properties: {source: {get_attr: [a, value]}}");
        var d = AssertOnly(analysis, DiagnosticCatalog.DependencyCycle, 2, 2, 2, 3);
        Assert.Contains("a -> a", d.Message);
    }

    [Fact]
    public void Long_chains_are_walked_without_recursion()
    {
        var lines = Enumerable.Range(0, 5000)
            .Select(i => $"  r{i}: {{type: Test::Gadget, depends_on: r{(i + 1) % 5000}}}")
            .ToArray();
        var analysis = Resources("2018-08-31", lines);
        var d = Single(analysis, DiagnosticCatalog.DependencyCycle);
        Assert.Equal(2, d.Span.Start.Line);
    }

    [Fact]
    public void Unknown_property_is_an_error_at_its_key_listing_the_properties()
    {
        var analysis = Resources("2018-08-31", "  w:", "    type: Test::Widget", "    properties:", "      name: x", "      colour: red");
        var d = AssertOnly(analysis, DiagnosticCatalog.UnknownProperty, 6, 6, 6, 12);
        Assert.Contains("name, count, ratio", d.Message);
    }

    [Fact]
    public void Missing_required_property_is_an_error_at_the_properties_key()
    {
        var analysis = Resources("2018-08-31", "  w:", "    type: Test::Widget", "    properties:", "      count: 1");
        var d = AssertOnly(analysis, DiagnosticCatalog.MissingRequiredProperty, 4, 4, 4, 14);
        Assert.Contains("'name'", d.Message);
    }

    [Fact]
    public void Missing_properties_section_reports_at_the_resource_name()
    {
        AssertOnly(Resources("2018-08-31", "  w:", "    type: Test::Widget"), DiagnosticCatalog.MissingRequiredProperty, 2, 2, 2, 3);
    }

    [Theory]
    [InlineData("count: many", 13, 17, "an integer")]
    [InlineData("ratio: half", 13, 17, "a number")]
    [InlineData("enabled: maybe", 15, 20, "a boolean")]
    [InlineData("name: [a]", 12, 15, "a string")]
    [InlineData("tags: [a, [b]]", 16, 19, "a string")]
    [InlineData("options: {level: high}", 23, 27, "an integer")]
    public void Wrongly_typed_property_is_an_error_at_the_value(string property, int start, int end, string expected)
    {
        var analysis = Resources("2018-08-31", "  w:", "    type: Test::Widget", "    properties:", "      name: x", $"      {property}");
        var d = Single(analysis, DiagnosticCatalog.PropertyWrongType);
        Assert.Equal((6, start, 6), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line));
        if (!property.EndsWith("]") && !property.EndsWith("}")) Assert.Equal(end, d.Span.End.Column);
        Assert.Contains(expected, d.Message);
        Assert.DoesNotContain(analysis.Diagnostics, x => x.IsError && x != d);
    }

    [Fact]
    public void Nested_map_schema_checks_unknown_and_required_keys()
    {
        var analysis = Resources("2018-08-31", "  w:", "    type: Test::Widget", "    properties:", "      name: x", "      options: {labl: y}");
        var unknown = Single(analysis, DiagnosticCatalog.UnknownProperty);
        Assert.Equal((6, 16, 6, 20), (unknown.Span.Start.Line, unknown.Span.Start.Column, unknown.Span.End.Line, unknown.Span.End.Column));
        Assert.Contains("'options.labl'", unknown.Message);
        var missing = Single(analysis, DiagnosticCatalog.MissingRequiredProperty);
        Assert.Contains("'options.level'", missing.Message);
        Assert.Equal((6, 15), (missing.Span.Start.Line, missing.Span.Start.Column));
    }

    [Fact]
    public void Value_outside_allowed_values_is_an_error_at_the_value()
    {
        var analysis = Resources("2018-08-31", "  w:", "    type: Test::Widget", "    properties:", "      name: x", "      mode: medium");
        var d = AssertOnly(analysis, DiagnosticCatalog.PropertyValueNotAllowed, 6, 12, 6, 18);
        Assert.Contains("fast, slow", d.Message);
    }

    [Fact]
    public void Function_calls_are_not_type_checked()
    {
        var analysis = Resources("2018-08-31",
            "  w:",
            "    type: Test::Widget",
            "    properties:",
            "      name: {get_param: OS::stack_name}",
            "      count: {get_param: OS::stack_id}",
            "      tags: {str_split: [',', 'a,b']}");
        AssertClean(analysis);
    }

    [Fact]
    public void Invalid_deletion_policy_is_an_error_at_the_value()
    {
        var analysis = Resources("2016-04-08", "  g:", "    type: Test::Gadget", "    deletion_policy: retain");
        var d = AssertOnly(analysis, DiagnosticCatalog.InvalidDeletionPolicy, 4, 21, 4, 27);
        Assert.Contains("Delete, Retain, Snapshot", d.Message);
    }

    [Fact]
    public void Condition_and_external_id_need_2016_10_14()
    {
        var analysis = Resources("2016-04-08", "  g:", "    type: Test::Gadget", "    external_id: x", "    condition: c");
        var ds = analysis.Diagnostics.Where(d => d.Descriptor == DiagnosticCatalog.NeedsNewerVersion).ToList();
        Assert.Equal(new[] { (4, 4), (5, 4) }, ds.Select(d => (d.Span.Start.Line, d.Span.Start.Column)));
    }

    [Theory]
    [InlineData("metadata: [a]", 14, "a mapping")]
    [InlineData("update_policy: text", 19, "a mapping")]
    [InlineData("description: {a: b}", 17, "a string")]
    public void Resource_fields_of_the_wrong_shape_are_errors_at_the_value(string field, int column, string expected)
    {
        var analysis = Resources("2018-08-31", "  g:", "    type: Test::Gadget", $"    {field}");
        var d = Single(analysis, DiagnosticCatalog.WrongValueShape);
        Assert.Equal((4, column), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Contains(expected, d.Message);
        Assert.Single(analysis.Diagnostics);
    }
}
