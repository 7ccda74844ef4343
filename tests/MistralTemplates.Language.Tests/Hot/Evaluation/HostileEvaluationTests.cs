using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Hot.Evaluation;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>Evaluation never throws and never recurses without bound, whatever the template holds.</summary>
public class HostileEvaluationTests
{
    [Fact]
    public void Nesting_beyond_the_limit_is_one_error_not_a_crash()
    {
        var template = Parse(Template("2016-10-14", "x"));
        var span = SourceSpan.StartOf("t.yaml");
        YamlNode node = new YamlScalar("deep", YamlScalarStyle.Plain, null, span, SourceMap.ForFile("t.yaml", ""));
        for (var i = 0; i < 5000; i++) node = new YamlSequence(new[] { node }, span);
        var result = HotEvaluator.Evaluate(node, Context(template));
        var error = Assert.Single(result.Errors);
        Assert.Contains("deeper than 200 levels", error.Message);
    }

    [Fact]
    public void Nested_functions_beyond_the_limit_are_refused()
    {
        // One YAML level per call, so the YAML loader's own limit (256) is not what stops it.
        var expression = "x";
        for (var i = 0; i < 230; i++) expression = "{'Fn::Base64': " + expression + "}";
        var result = Evaluate("2013-05-23", expression);
        Assert.Contains(result.Errors, e => e.Message.Contains("deeper than 200 levels"));
    }

    [Fact]
    public void Replacements_that_grow_without_end_are_refused()
    {
        var expression = "'aaaaaaaaaaaaaaaa'";
        for (var i = 0; i < 12; i++) expression = "{str_replace: {template: " + expression + ", params: {a: aaaaaaaaaaaaaaaa}}}";
        var result = Evaluate("2016-10-14", expression);
        Assert.Contains("would be longer than", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_resolver_that_throws_is_an_error_not_an_exception()
    {
        var result = Evaluate("2016-10-14", "{get_resource: first}", resolver: new ThrowingResolver());
        Assert.Contains("Internal error while evaluating: InvalidOperationException: boom", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Values_from_outside_are_brought_into_the_model()
    {
        var template = Parse(Template("2016-10-14", "{str_replace: {template: 'N', params: {N: {get_param: [p, items, 1]}}}}", "  p: {type: json}\n"));
        var parameters = new Dictionary<string, object?> { ["p"] = new Dictionary<string, object> { ["items"] = new[] { 1, 2 } } };
        var result = HotEvaluator.Evaluate(template.Outputs[0].Value!, Context(template, parameters));
        Assert.Equal("2", result.Value);
    }

    private sealed class ThrowingResolver : IResourceReferenceResolver
    {
        public object? GetResource(string name) => throw new System.InvalidOperationException("boom");

        public object? GetAttribute(string resource, string attribute, IReadOnlyList<object?> path) => throw new System.InvalidOperationException("boom");

        public object? GetAllAttributes(string resource) => throw new System.InvalidOperationException("boom");
    }
}
