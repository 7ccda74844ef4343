using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>The conditions section, resource and output conditions, and if.</summary>
public class ConditionTests
{
    private const string Parameters =
        "  env: {type: string, default: prod}\n" +
        "  zones: {type: comma_delimited_list, default: 'a,b'}\n" +
        "  debug: {type: boolean, default: false}\n";

    private static ConditionResult Conditions(string conditions, string version = "2017-09-01", string resources = "")
    {
        var template = Parse(Template(version, "x", Parameters, conditions, resources));
        return ConditionEvaluator.Evaluate(Context(template));
    }

    [Fact]
    public void Conditions_use_equals_not_and_or_contains_and_refer_to_each_other_in_any_order()
    {
        var result = Conditions(
            "  is_prod: {equals: [{get_param: env}, prod]}\n" +
            "  not_prod: {not: is_prod}\n" +
            "  prod_and_debug: {and: [is_prod, {get_param: debug}]}\n" +
            "  either: {or: [prod_and_debug, is_prod]}\n" +
            "  in_zone_b: {contains: [b, {get_param: zones}]}\n" +
            "  always: true\n" +
            "  before: {not: later}\n" +
            "  later: {equals: [1, 1.0]}\n");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(new Dictionary<string, bool>
        {
            ["is_prod"] = true, ["not_prod"] = false, ["prod_and_debug"] = false, ["either"] = true, ["in_zone_b"] = true,
            ["always"] = true, ["before"] = false, ["later"] = true,
        }, result.Values);
    }

    [Fact]
    public void A_cycle_between_conditions_is_an_error_naming_it()
    {
        var result = Conditions("  a: {not: b}\n  b: {and: [true, c]}\n  c: {or: [false, a]}\n  ok: true\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Circular definition of condition 'a': a -> b -> c -> a.", error.Message);
        Assert.False(result.Values["a"]);
        Assert.True(result.Values["ok"]);
    }

    [Fact]
    public void A_condition_refering_to_itself_is_a_cycle() =>
        Assert.Contains("Circular definition of condition 'a': a -> a.", Conditions("  a: {not: a}\n").Errors.Single().Message);

    [Fact]
    public void Unknown_conditions_and_definitions_that_are_not_booleans_are_errors()
    {
        var result = Conditions("  a: {not: nothing}\n  b: other\n  c: {get_param: env}\n  other: true\n");
        var messages = result.Errors.Select(e => e.Message).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains("'nothing' is not a condition of this template", messages[0]);
        Assert.Contains("The definition of condition 'b' is invalid: it gives a string ('other')", messages[1]);
        Assert.Contains("A condition's name may be used inside not, and, or.", messages[1]);
        Assert.Contains("The definition of condition 'c' is invalid", messages[2]);
    }

    [Fact]
    public void Functions_other_than_the_condition_functions_are_refused_in_conditions()
    {
        var result = Conditions("  a: {equals: [{get_attr: [first, data]}, x]}\n  b: {equals: [{list_join: ['', [a]]}, a]}\n", version: "2016-10-14");
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("'get_attr' cannot be used in a condition. Conditions may use: get_param, equals, not, and, or.", result.Errors[0].Message);
        Assert.Contains("'list_join' cannot be used in a condition", result.Errors[1].Message);
    }

    [Fact]
    public void If_evaluates_only_the_branch_the_condition_picks()
    {
        const string conditions = "  is_prod: {equals: [{get_param: env}, prod]}\n";
        Assert.Equal("big", Value("2016-10-14", "{if: [is_prod, big, {get_param: no_such_parameter}]}", Parameters, conditions));
        Assert.Equal("small", Value("2016-10-14", "{if: [{not: is_prod}, {get_param: no_such_parameter}, small]}", Parameters, conditions));
        Assert.Equal("t", Value("2016-10-14", "{if: [true, t, f]}", Parameters, conditions));
        Assert.Contains("it takes 3 arguments, found 2", Error("2016-10-14", "{if: [true, t]}", Parameters, conditions));
        Assert.Contains("'nope' is not a condition of this template. Declare it under 'conditions' or use one of: is_prod",
            Error("2016-10-14", "{if: [nope, t, f]}", Parameters, conditions));
    }

    [Fact]
    public void If_without_a_false_branch_leaves_out_the_enclosing_item_from_2021_04_16()
    {
        const string conditions = "  never: false\n  always: true\n";
        Assert.Equal(L("a", "c"), Value("2021-04-16", "[a, {if: [never, b]}, c]", Parameters, conditions));
        Assert.Equal(M(("k", "v")), Value("2021-04-16", "{k: v, gone: {if: [never, x]}}", Parameters, conditions));
        Assert.Equal(L("a", "b"), Value("2021-04-16", "[a, {if: [always, b]}]", Parameters, conditions));
        Assert.Null(Value("2021-04-16", "{if: [never, x]}", Parameters, conditions));
        // Nested: the inner if's omission carries through the outer one.
        Assert.Equal(L("a"), Value("2021-04-16", "[a, {if: [always, {if: [never, b]}]}]", Parameters, conditions));
    }

    [Fact]
    public void A_condition_function_result_used_in_a_value_needs_if() =>
        Assert.Equal("quiet", Value("2016-10-14", "{if: [{equals: [{get_param: debug}, false]}, quiet, verbose]}", Parameters));

    [Fact]
    public void A_resource_whose_condition_is_false_is_not_enabled_and_cannot_be_referenced()
    {
        var yaml = Template("2016-10-14", "{get_resource: maybe}", Parameters, "  is_dev: {equals: [{get_param: env}, dev]}\n",
            "  maybe: {type: Test::Widget, condition: is_dev, properties: {name: m}}\n" +
            "  inline: {type: Test::Widget, condition: {not: is_dev}, properties: {name: i}}\n" +
            "  literal: {type: Test::Widget, condition: false, properties: {name: l}}\n");
        var template = Parse(yaml);
        var context = Context(template);
        bool Enabled(string name) => ConditionEvaluator.IsEnabled(template.Resources.Single(r => r.Name == name), context).Enabled;
        Assert.False(Enabled("maybe"));
        Assert.True(Enabled("inline"));
        Assert.False(Enabled("literal"));
        Assert.True(Enabled("first"));
        var result = HotEvaluator.EvaluateOutput(template.Outputs[0], context);
        Assert.Contains("Resource 'maybe' is not part of the stack: its condition is false", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_resource_condition_that_names_no_condition_is_an_error()
    {
        var template = Parse(Template("2016-10-14", "x", Parameters, "  real: true\n", "  r: {type: Test::Widget, condition: unreal, properties: {name: r}}\n"));
        var check = ConditionEvaluator.IsEnabled(template.Resources.Single(r => r.Name == "r"), Context(template));
        Assert.False(check.Enabled);
        Assert.Contains("'unreal' is not a condition of this template", Assert.Single(check.Errors).Message);
    }

    [Fact]
    public void An_output_whose_condition_is_false_has_no_value()
    {
        var yaml = HotTestKit.Lines(
            "heat_template_version: 2016-10-14",
            "conditions:",
            "  never: false",
            "resources: {}",
            "outputs:",
            "  hidden:",
            "    condition: never",
            "    value: {get_param: nope}",
            "  shown:",
            "    condition: {not: never}",
            "    value: yes");
        var template = Parse(yaml);
        var context = Context(template);
        var hidden = HotEvaluator.EvaluateOutput(template.Outputs[0], context);
        Assert.True(hidden.Success);
        Assert.Null(hidden.Value);
        Assert.Equal(true, HotEvaluator.EvaluateOutput(template.Outputs[1], context).Value);
    }

    [Fact]
    public void One_context_serves_parallel_evaluations_and_evaluates_its_conditions_once()
    {
        var template = Parse(Template("2016-10-14", "{if: [is_prod, {get_param: env}, other]}", Parameters, "  is_prod: {equals: [{get_param: env}, prod]}\n"));
        var context = Context(template);
        var results = new EvaluationResult[64];
        System.Threading.Tasks.Parallel.For(0, results.Length, i => results[i] = HotEvaluator.Evaluate(template.Outputs[0].Value!, context));
        Assert.All(results, r => Assert.Equal("prod", r.Value));
        Assert.True(ConditionEvaluator.Evaluate(template, context).Values["is_prod"]);
    }

    [Fact]
    public void Conditions_are_evaluated_with_the_context_of_their_template()
    {
        var template = Parse(Template("2016-10-14", "x", Parameters, "  a: true\n"));
        var other = Parse(Template("2016-10-14", "y", Parameters, "  a: true\n"));
        Assert.False(ConditionEvaluator.Evaluate(other, Context(template)).Success);
    }

    [Fact]
    public void An_if_on_a_broken_condition_reports_the_conditions_error()
    {
        var result = Evaluate("2016-10-14", "{if: [bad, a, b]}", Parameters, "  bad: {equals: [1]}\n");
        Assert.Contains("Wrong arguments to 'equals': it takes 2 arguments, found 1", Assert.Single(result.Errors).Message);
    }
}
