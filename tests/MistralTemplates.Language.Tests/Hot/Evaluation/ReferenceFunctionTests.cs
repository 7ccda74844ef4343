using System.Collections.Generic;
using MistralTemplates.Language.Hot.Evaluation;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>get_param, get_resource, get_attr, get_file, Ref, resource_facade, and functions the version does not have.</summary>
public class ReferenceFunctionTests
{
    private const string Parameters =
        "  name: {type: string, default: hello}\n" +
        "  count: {type: number, default: 3}\n" +
        "  ratio: {type: number, default: 1.5}\n" +
        "  flag: {type: boolean, default: yes}\n" +
        "  zones: {type: comma_delimited_list, default: 'a,b,c'}\n" +
        "  config: {type: json, default: {servers: [{name: s1, port: 80}], mode: fast}}\n";

    [Theory]
    [InlineData("{get_param: name}", "hello")]
    [InlineData("{get_param: count}", 3L)]
    [InlineData("{get_param: ratio}", 1.5)]
    [InlineData("{get_param: flag}", true)]
    [InlineData("{get_param: [config, mode]}", "fast")]
    [InlineData("{get_param: [config, servers, 0, port]}", 80L)]
    [InlineData("{get_param: [config, servers, '0', name]}", "s1")]
    [InlineData("{get_param: [config, servers, -1, name]}", "s1")]
    [InlineData("{get_param: [zones, 1]}", "b")]
    [InlineData("{get_param: [name, 1]}", "e")]
    [InlineData("{get_param: 'OS::stack_name'}", "mystack")]
    [InlineData("{get_param: 'OS::stack_id'}", "5f0c-id")]
    [InlineData("{get_param: 'OS::project_id'}", "project-7")]
    public void Get_param_reads_a_value_and_follows_a_path(string expression, object expected) =>
        Assert.Equal(expected, Value("2016-10-14", expression, Parameters));

    [Theory]
    [InlineData("{get_param: [config, missing]}")]
    [InlineData("{get_param: [config, servers, 5]}")]
    [InlineData("{get_param: [config, servers, x]}")]
    [InlineData("{get_param: [count, 0]}")]
    [InlineData("{get_param: [config, mode, x]}")]
    public void Get_param_with_a_path_that_does_not_fit_is_an_empty_string_as_in_Heat(string expression) =>
        Assert.Equal("", Value("2016-10-14", expression, Parameters));

    [Fact]
    public void Get_param_gives_whole_lists_and_mappings_as_copies()
    {
        Assert.Equal(L("a", "b", "c"), Value("2016-10-14", "{get_param: zones}", Parameters));
        var config = Assert.IsType<Dictionary<string, object?>>(Value("2016-10-14", "{get_param: config}", Parameters));
        Assert.Equal(L(M(("name", "s1"), ("port", 80L))), config["servers"]);
    }

    [Fact]
    public void Get_param_of_an_undeclared_parameter_is_an_error_naming_the_ones_there_are()
    {
        var message = Error("2016-10-14", "{get_param: nope}", "  name: {type: string, default: x}\n");
        Assert.Contains("'nope' is not a parameter", message);
        Assert.Contains("name, OS::stack_name", message);
    }

    [Fact]
    public void Get_param_of_a_parameter_without_a_value_says_so()
    {
        var template = Parse(Template("2016-10-14", "{get_param: name}", "  name: {type: string}\n"));
        var result = HotEvaluator.Evaluate(template.Outputs[0].Value!, Context(template, new Dictionary<string, object?>()));
        Assert.Contains("Parameter 'name' has no value", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Get_param_name_may_come_from_a_function()
    {
        Assert.Equal("hello", Value("2016-10-14", "{get_param: {str_replace: {template: NAME, params: {NAME: name}}}}", Parameters));
    }

    [Fact]
    public void Get_resource_asks_the_resolver_for_the_reference_id()
    {
        var resolver = new FakeResolver();
        Assert.Equal("first-id", Value("2013-05-23", "{get_resource: first}", resolver: resolver));
        Assert.Equal(new[] { "resource first" }, resolver.Calls);
    }

    [Fact]
    public void Get_resource_of_an_unknown_resource_is_an_error() =>
        Assert.Contains("'third' is not a resource of this template. Use one of: first, second", Error("2013-05-23", "{get_resource: third}"));

    [Fact]
    public void Get_attr_passes_the_path_to_the_resolver()
    {
        var resolver = new FakeResolver();
        resolver.Attributes["first.data"] = M(("workflows", L("a", "b")));
        Assert.Equal("b", Value("2016-10-14", "{get_attr: [first, data, workflows, 1]}", resolver: resolver));
        Assert.Equal(new[] { "attr first data [workflows, 1]" }, resolver.Calls);
    }

    [Fact]
    public void Get_attr_in_2013_05_23_selects_the_same_way()
    {
        var resolver = new FakeResolver();
        resolver.Attributes["first.data"] = M(("k", "v"));
        Assert.Equal("v", Value("2013-05-23", "{get_attr: [first, data, k]}", resolver: resolver));
        Assert.Null(Value("2013-05-23", "{get_attr: [first, data, nothing]}", resolver: resolver));
    }

    [Fact]
    public void Get_attr_with_the_resource_alone_gives_every_attribute_from_2015_10_15()
    {
        var resolver = new FakeResolver();
        resolver.Attributes["first.data"] = "d";
        resolver.Attributes["first.output"] = "o";
        Assert.Equal(M(("data", "d"), ("output", "o")), Value("2015-10-15", "{get_attr: [first]}", resolver: resolver));
        Assert.Contains("it takes at least 2 arguments, found 1", Error("2013-05-23", "{get_attr: [first]}"));
    }

    [Fact]
    public void Get_attr_attribute_name_may_come_from_a_parameter()
    {
        var resolver = new FakeResolver();
        resolver.Attributes["second.output"] = "out!";
        Assert.Equal("out!", Value("2016-10-14", "{get_attr: [second, {get_param: which}]}", "  which: {type: string, default: output}\n", resolver: resolver));
    }

    [Fact]
    public void Get_file_gives_the_text_read_with_the_template_and_reports_a_missing_one()
    {
        var yaml = Template("2013-05-23", "[{get_file: wf.yaml}, {get_file: gone.yaml}]");
        var template = Parse(yaml, new Dictionary<string, string> { ["wf.yaml"] = "version: '2.0'\n" });
        var result = HotEvaluator.Evaluate(template.Outputs[0].Value!, Context(template));
        Assert.Equal("version: '2.0'\n", Assert.IsType<List<object?>>(result.Value)[0]);
        var error = Assert.Single(result.Errors);
        Assert.Contains("No content found for get_file path 'gone.yaml'", error.Message);
        Assert.Equal(9, error.Span.Start.Line);
    }

    [Fact]
    public void Get_file_reads_the_files_the_context_was_given()
    {
        var template = Parse(Template("2013-05-23", "{get_file: 'http://example.com/x'}"));
        var context = Context(template, files: new Dictionary<string, string> { ["http://example.com/x"] = "remote" });
        Assert.Equal("remote", HotEvaluator.Evaluate(template.Outputs[0].Value!, context).Value);
    }

    [Fact]
    public void Ref_names_a_resource_or_a_parameter_in_2013_05_23()
    {
        Assert.Equal("first-id", Value("2013-05-23", "{Ref: first}"));
        Assert.Equal("hello", Value("2013-05-23", "{Ref: name}", Parameters));
        Assert.Contains("neither a resource nor a parameter", Error("2013-05-23", "{Ref: nothing}"));
    }

    [Fact]
    public void Resource_facade_needs_a_nested_stack()
    {
        Assert.Contains("only available in the template of a nested stack", Error("2016-10-14", "{resource_facade: metadata}"));
        Assert.Contains("it takes one of metadata, deletion_policy, update_policy", Error("2016-10-14", "{resource_facade: other}"));
    }

    [Theory]
    [InlineData("2013-05-23", "{str_split: [',', 'a,b']}", "'str_split' is not available in heat_template_version 2013-05-23; it needs 2015-10-15 or later")]
    [InlineData("2016-10-14", "{'Fn::Select': [0, [a]]}", "'Fn::Select' is not supported from heat_template_version 2015-10-15 on (this template is 2016-10-14). Use get_attr or get_param with a path.")]
    [InlineData("2014-10-16", "{'Fn::Join': ['', [a]]}", "'Fn::Join' is not supported from heat_template_version 2014-10-16 on")]
    [InlineData("2016-10-14", "{filter: [[a], [a, b]]}", "needs 2017-02-24 or later")]
    public void A_function_the_version_does_not_have_is_an_error(string version, string expression, string expected) =>
        Assert.Contains(expected, Error(version, expression));

    [Fact]
    public void Condition_functions_are_plain_data_in_values_as_in_Heat() =>
        Assert.Equal(M(("equals", L(1L, 1L))), Value("2016-10-14", "{equals: [1, 1]}"));

    [Fact]
    public void A_mapping_with_a_function_name_among_other_keys_is_data() =>
        Assert.Equal(M(("get_param", "x"), ("other", 1L)), Value("2016-10-14", "{get_param: x, other: 1}"));

    [Fact]
    public void Fn_GetAZs_is_not_evaluated() =>
        Assert.Contains("pass the zone as a parameter", Error("2013-05-23", "{'Fn::GetAZs': ''}"));

    [Fact]
    public void An_error_points_at_the_function_and_a_broken_argument_gives_one_error()
    {
        var result = Evaluate("2016-10-14", "{list_join: [',', [{get_param: nope}]]}");
        var error = Assert.Single(result.Errors);
        // At the unknown name, inside the list_join that was then skipped.
        Assert.Equal((9, 42), (error.Span.Start.Line, error.Span.Start.Column));
    }
}
