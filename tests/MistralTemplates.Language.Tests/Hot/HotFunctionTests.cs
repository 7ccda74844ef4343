using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

public class HotFunctionTests
{
    /// <summary>A template whose output 'o' has the value on line 6, after a parameter 'p' and resources 'w' and 'g'.</summary>
    private static TemplateAnalysis Output(string version, string value, IReadOnlyDictionary<string, string>? files = null) =>
        Analyze(Lines(
            $"heat_template_version: {version}",
            "parameters: {p: {type: string}}",
            "resources:",
            "  w: {type: Test::Widget, properties: {name: x}}",
            "  g: {type: Test::Gadget}",
            "outputs:",
            $"  o: {{value: {value}}}",
            "conditions: {c: true}"), files);

    private static TemplateAnalysis OldOutput(string version, string value) =>
        Analyze(Lines(
            $"heat_template_version: {version}",
            "parameters: {p: {type: string}}",
            "resources:",
            "  w: {type: Test::Widget, properties: {name: x}}",
            "  g: {type: Test::Gadget}",
            "outputs:",
            $"  o: {{value: {value}}}"));

    [Theory]
    [InlineData("{get_param: p}")]
    [InlineData("{get_param: [p, 0]}")]
    [InlineData("{get_param: OS::stack_name}")]
    [InlineData("{get_param: OS::project_id}")]
    [InlineData("{get_resource: w}")]
    [InlineData("{get_attr: [w, data, key, 0]}")]
    [InlineData("{get_attr: [w, show]}")]
    [InlineData("{get_attr: [w]}")]
    [InlineData("{list_join: [',', [a, b], [c]]}")]
    [InlineData("{str_replace: {template: 'x $a', params: {$a: {get_param: p}}}}")]
    [InlineData("{str_replace_strict: {template: x, params: {x: y}}}")]
    [InlineData("{str_replace_vstrict: {template: x, params: {x: y}}}")]
    [InlineData("{str_split: [',', 'a,b', 0]}")]
    [InlineData("{repeat: {for_each: {'%x%': [1, 2]}, template: '%x%', permutations: false}}")]
    [InlineData("{digest: [sha512, x]}")]
    [InlineData("{map_merge: [{a: 1}, {get_attr: [w, data]}]}")]
    [InlineData("{map_replace: [{a: 1}, {keys: {a: b}}]}")]
    [InlineData("{yaql: {expression: '$.data.x', data: {x: 1}}}")]
    [InlineData("{if: [c, 1, 2]}")]
    [InlineData("{if: [{equals: [{get_param: p}, x]}, 1, 2]}")]
    [InlineData("{if: [c, 1]}")]
    [InlineData("{filter: [[a], [a, b]]}")]
    [InlineData("{list_concat: [[a], [b]]}")]
    [InlineData("{list_concat_unique: [[a], [a]]}")]
    [InlineData("{make_url: {scheme: http, host: h, port: 80, path: /, query: {a: b}, fragment: f}}")]
    [InlineData("{contains: [a, [a]]}")]
    [InlineData("{resource_facade: metadata}")]
    [InlineData("{equals: [1, 2]}")]
    public void Well_formed_calls_are_accepted(string value)
    {
        AssertClean(Output("wallaby", value));
    }

    [Theory]
    [InlineData("2013-05-23", "{Fn::Select: [0, [a]]}")]
    [InlineData("2013-05-23", "{Fn::Join: [',', [a]]}")]
    [InlineData("2013-05-23", "{Ref: p}")]
    [InlineData("2013-05-23", "{get_attr: [w, data, key]}")]
    [InlineData("2014-10-16", "{Fn::Select: [0, [a]]}")]
    public void Old_versions_keep_their_own_functions(string version, string value)
    {
        AssertClean(OldOutput(version, value));
    }

    [Fact]
    public void Wrong_arity_is_an_error_at_the_function_key_with_the_expected_form()
    {
        var d = AssertOnly(OldOutput("2015-04-30", "{get_attr: [w]}"), DiagnosticCatalog.WrongFunctionArguments, 6, 14, 6, 22);
        Assert.Contains("at least 2 arguments, found 1", d.Message);
        Assert.Contains("[resource_name, attribute_name", d.Message);
    }

    [Theory]
    [InlineData("{str_replace: {template: x}}", "'params' is missing")]
    [InlineData("{str_split: [',']}", "2 to 3 arguments")]
    [InlineData("{if: [c, 1, 2, 3]}", "2 to 3 arguments")]
    [InlineData("{digest: sha512}", "a list")]
    [InlineData("{repeat: {for_each: [1], template: x}}", "for_each must be a mapping")]
    [InlineData("{map_merge: [[a]]}", "mappings")]
    [InlineData("{map_replace: [{a: 1}, {key: {a: b}}]}", "'key' is not one of keys, values")]
    [InlineData("{make_url: {host: h, hostname: x}}", "'hostname'")]
    [InlineData("{yaql: {data: {}}}", "'expression' is missing")]
    [InlineData("{get_file: [a]}", "plain string")]
    [InlineData("{resource_facade: properties}", "metadata, deletion_policy or update_policy")]
    [InlineData("{list_join: [[a], [b]]}", "delimiter")]
    public void Malformed_calls_are_errors_at_the_function_key(string value, string problem)
    {
        var d = Single(Output("wallaby", value), DiagnosticCatalog.WrongFunctionArguments);
        Assert.Equal((6, 14), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Contains(problem, d.Message);
    }

    [Fact]
    public void Function_of_a_newer_version_is_an_error_naming_the_version_it_needs()
    {
        var d = AssertOnly(OldOutput("2014-10-16", "{repeat: {for_each: {x: [1]}, template: x}}"), DiagnosticCatalog.FunctionNeedsNewerVersion, 6, 14, 6, 20);
        Assert.Contains("2015-04-30", d.Message);
    }

    [Fact]
    public void Removed_function_is_an_error_naming_where_it_was_removed()
    {
        var d = AssertOnly(OldOutput("2015-10-15", "{Fn::Select: [0, [a]]}"), DiagnosticCatalog.FunctionRemoved, 6, 14, 6, 24);
        Assert.Contains("2015-10-15", d.Message);
    }

    [Fact]
    public void Repeat_permutations_need_2017_09_01()
    {
        var d = Single(OldOutput("2017-02-24", "{repeat: {for_each: {x: [1]}, template: x, permutations: true}}"), DiagnosticCatalog.WrongFunctionArguments);
        Assert.Contains("'permutations'", d.Message);
    }

    [Fact]
    public void Unknown_parameter_is_an_error_at_its_name()
    {
        var d = AssertOnly(Output("wallaby", "{get_param: [q, 0]}"), DiagnosticCatalog.UnknownParameterReference, 6, 26, 6, 27);
        Assert.Contains("p, OS::stack_name", d.Message);
    }

    [Fact]
    public void Unknown_resource_is_an_error_at_its_name()
    {
        var d = AssertOnly(Output("wallaby", "{get_resource: nothing}"), DiagnosticCatalog.UnknownResourceReference, 6, 28, 6, 35);
        Assert.Contains("w, g", d.Message);
        AssertOnly(Output("wallaby", "{get_attr: [nothing, x]}"), DiagnosticCatalog.UnknownResourceReference, 6, 25, 6, 32);
    }

    [Fact]
    public void Unknown_attribute_of_a_known_type_is_an_error_listing_the_attributes()
    {
        var d = AssertOnly(Output("wallaby", "{get_attr: [w, colour]}"), DiagnosticCatalog.UnknownAttribute, 6, 28, 6, 34);
        Assert.Contains("data, output, show", d.Message);
    }

    [Fact]
    public void Attributes_of_unknown_types_are_not_checked()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "resources:",
            "  s: {type: OS::Nova::Server}",
            "outputs:",
            "  ip: {value: {get_attr: [s, first_address]}}"));
        Assert.False(analysis.HasErrors);
    }

    [Fact]
    public void Missing_get_file_target_is_an_error_at_the_path()
    {
        var d = AssertOnly(Output("wallaby", "{get_file: wf.yaml}"), DiagnosticCatalog.GetFileMissing, 6, 24, 6, 31);
        Assert.Contains("AdditionalFiles", d.Message);
    }

    [Fact]
    public void Get_file_targets_are_recorded_as_written()
    {
        var analysis = Output("wallaby", "{get_file: sub/wf.yaml}", new Dictionary<string, string> { ["sub/wf.yaml"] = "text" });
        AssertClean(analysis);
        Assert.Equal("text", analysis.ReferencedFiles["sub/wf.yaml"]);
    }

    [Fact]
    public void Unknown_condition_name_is_an_error_at_the_name()
    {
        var d = AssertOnly(Output("wallaby", "{if: [d, 1, 2]}"), DiagnosticCatalog.UnknownConditionReference, 6, 19, 6, 20);
        Assert.Contains("'d'", d.Message);
    }

    [Fact]
    public void Function_not_allowed_in_a_condition_is_an_error_at_its_key()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "resources: {g: {type: Test::Gadget}}",
            "conditions:",
            "  c: {equals: [{get_attr: [g, value]}, x]}"));
        var d = AssertOnly(analysis, DiagnosticCatalog.FunctionNotAllowedInCondition, 3, 16, 3, 24);
        Assert.Contains("get_param, equals, not, and, or, yaql, contains", d.Message);
    }

    [Fact]
    public void Condition_functions_check_their_arguments()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2016-10-14",
            "parameters: {env: {type: string}}",
            "conditions:",
            "  prod: {equals: [{get_param: env}, prod]}",
            "  both: {and: [prod, {not: prod}]}",
            "  one: {or: [prod]}",
            "  bad: {contains: [a, [a]]}"));
        var arity = Single(analysis, DiagnosticCatalog.WrongFunctionArguments);
        Assert.Equal((5, 8, 5, 10), (arity.Span.Start.Line, arity.Span.Start.Column, arity.Span.End.Line, arity.Span.End.Column));
        // contains arrives in conditions with 2017-09-01.
        var tooNew = Single(analysis, DiagnosticCatalog.FunctionNeedsNewerVersion);
        Assert.Equal((6, 8), (tooNew.Span.Start.Line, tooNew.Span.Start.Column));
        Assert.Equal(2, analysis.Diagnostics.Count);
    }

    [Fact]
    public void Resource_condition_refers_to_a_declared_condition()
    {
        var analysis = Analyze(Lines(
            "heat_template_version: 2018-08-31",
            "conditions: {c: true}",
            "resources:",
            "  g: {type: Test::Gadget, condition: c}",
            "  h: {type: Test::Gadget, condition: nope}"));
        AssertOnly(analysis, DiagnosticCatalog.UnknownConditionReference, 4, 37, 4, 41);
    }

    [Fact]
    public void Deep_nesting_of_calls_is_walked_without_recursion()
    {
        var value = string.Concat(Enumerable.Repeat("{list_concat: [", 120)) + "[a]" + string.Concat(Enumerable.Repeat("]}", 120));
        AssertClean(Output("wallaby", value));
    }

    [Theory]
    [InlineData("{Ref: nothing}", "MT1033", 19)]
    [InlineData("{Fn::Join: [',']}", "MT1030", 14)]
    [InlineData("{Fn::MemberListToMap: [a, b]}", "MT1030", 14)]
    public void Cfn_functions_of_2013_05_23_are_checked(string value, string id, int column)
    {
        var d = Assert.Single(OldOutput("2013-05-23", value).Diagnostics, x => x.IsError);
        Assert.Equal((id, 6, column), (d.Id, d.Span.Start.Line, d.Span.Start.Column));
    }

    [Fact]
    public void Cfn_functions_are_removed_from_2014_10_16()
    {
        var d = AssertOnly(OldOutput("2014-10-16", "{Ref: p}"), DiagnosticCatalog.FunctionRemoved, 6, 14, 6, 17);
        Assert.Contains("get_param or get_resource", d.Message);
    }

    [Fact]
    public void Condition_only_functions_are_plain_data_in_values()
    {
        // As in Heat: outside a condition, {and: [...]} is an ordinary one-key mapping.
        AssertClean(Output("wallaby", "{and: [a]}"));
    }
}
