using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>Parameters given as text (as with --parameter key=value), defaults, types and constraints.</summary>
public class ParameterResolverTests
{
    private const string Parameters =
        "  name:\n" +
        "    type: string\n" +
        "    constraints:\n" +
        "      - length: {min: 2, max: 8}\n" +
        "        description: A name has 2 to 8 characters.\n" +
        "  count: {type: number, default: 3, constraints: [{range: {min: 1, max: 10}}]}\n" +
        "  ratio: {type: number, default: 0.5}\n" +
        "  flag: {type: boolean, default: false}\n" +
        "  zones: {type: comma_delimited_list, default: [a, b]}\n" +
        "  config: {type: json, default: {size: 1, ratio: 1.0}}\n" +
        "  secret: {type: string, hidden: true, default: s3cret, constraints: [{allowed_pattern: '[a-z0-9]+'}]}\n";

    private static ParameterResolution Resolve(params (string Key, string Value)[] given)
    {
        var template = Parse(Template("2016-10-14", "x", Parameters));
        return ParameterResolver.Resolve(template, given.ToDictionary(g => g.Key, g => g.Value));
    }

    [Fact]
    public void Given_text_is_converted_to_each_type_and_defaults_fill_the_rest()
    {
        var resolution = Resolve(("name", "web"), ("count", "7"), ("flag", "yes"), ("zones", "x,y"), ("config", "{\"a\": [1, 2.5]}"));
        Assert.True(resolution.Success, string.Join("\n", resolution.Errors));
        Assert.Equal("web", resolution.Values["name"]);
        Assert.Equal(7L, resolution.Values["count"]);
        Assert.Equal(0.5, resolution.Values["ratio"]);
        Assert.Equal(true, resolution.Values["flag"]);
        Assert.Equal(L("x", "y"), resolution.Values["zones"]);
        Assert.Equal(M(("a", L(1L, 2.5))), resolution.Values["config"]);
        Assert.Equal("s3cret", resolution.Values["secret"]);
    }

    [Fact]
    public void Numbers_stay_integers_when_written_as_integers_as_Heats_str_to_num_does()
    {
        var resolution = Resolve(("name", "web"), ("count", "2.0"));
        Assert.Equal(2.0, resolution.Values["count"]);
        Assert.Equal(M(("size", 1L), ("ratio", 1.0)), Resolve(("name", "web")).Values["config"]);
    }

    [Fact]
    public void Every_problem_is_reported_and_none_is_thrown()
    {
        var resolution = Resolve(("nmae", "web"), ("count", "many"), ("flag", "maybe"), ("config", "{bad"));
        var errors = resolution.Errors;
        Assert.False(resolution.Success);
        Assert.Equal(
            new[] { ParameterErrorKind.UnknownParameter, ParameterErrorKind.MissingValue, ParameterErrorKind.InvalidValue, ParameterErrorKind.InvalidValue, ParameterErrorKind.InvalidValue },
            errors.Select(e => e.Kind));
        Assert.Equal("Unknown parameter 'nmae': the template declares name, count, ratio, flag, zones, config, secret.", errors[0].Message);
        Assert.Equal("Parameter 'name' needs a value: it has no default.", errors[1].Message);
        Assert.Equal("The given value of parameter 'count' is not a valid number: 'many' is not a number.", errors[2].Message);
        Assert.Contains("The given value of parameter 'flag' is not a valid boolean", errors[3].Message);
        Assert.Contains("The given value of parameter 'config' is not a valid json: the text is not valid JSON", errors[4].Message);
        Assert.False(resolution.Values.ContainsKey("count"));
    }

    [Fact]
    public void A_broken_constraint_is_reported_with_its_description()
    {
        var resolution = Resolve(("name", "x"), ("count", "11"));
        Assert.Equal(2, resolution.Errors.Count);
        Assert.Equal("The given value of parameter 'name' breaks its length constraint: A name has 2 to 8 characters. (length (1) is out of range (min: 2, max: 8)).",
            resolution.Errors[0].Message);
        Assert.Equal(ParameterErrorKind.ConstraintViolated, resolution.Errors[0].Kind);
        Assert.Equal("The given value of parameter 'count' breaks its range constraint: 11 is out of range (min: 1, max: 10).", resolution.Errors[1].Message);
        Assert.NotNull(resolution.Errors[1].Span);
    }

    [Fact]
    public void A_hidden_parameters_value_is_not_repeated_in_messages()
    {
        var resolution = Resolve(("name", "web"), ("secret", "NOT-ALLOWED"));
        var error = Assert.Single(resolution.Errors);
        Assert.DoesNotContain("NOT-ALLOWED", error.Message);
        Assert.Contains("breaks its allowed_pattern constraint", error.Message);
    }

    [Fact]
    public void Resolved_values_feed_evaluation()
    {
        var template = Parse(Template("2016-10-14", "{str_replace: {template: 'N x C', params: {N: {get_param: name}, C: {get_param: count}}}}", Parameters));
        var resolution = ParameterResolver.Resolve(template, new Dictionary<string, string> { ["name"] = "web" });
        var result = HotEvaluator.Evaluate(template.Outputs[0].Value!, Context(template, resolution.Values));
        Assert.Equal("web x 3", result.Value);
    }
}
