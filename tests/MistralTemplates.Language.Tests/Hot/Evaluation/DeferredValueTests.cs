using System.Collections.Generic;
using MistralTemplates.Language.Hot.Evaluation;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>Planning: references answered with deferred values pass through data and make functions that read them deferred.</summary>
public class DeferredValueTests
{
    private static readonly DeferringResolver Deferring = DeferringResolver.Instance;

    [Fact]
    public void A_deferred_reference_passes_through_lists_and_mappings_unchanged()
    {
        var value = Value("2017-09-01", "{url: {get_attr: [first, output]}, ids: [{get_resource: second}, fixed]}", resolver: Deferring);
        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal(new DeferredValue("get_attr first output"), map["url"]);
        Assert.Equal(L(new DeferredValue("get_resource second"), "fixed"), map["ids"]);
    }

    [Theory]
    [InlineData("{str_replace: {template: 'see $u', params: {$u: {get_attr: [first, output]}}}}", "str_replace(get_attr first output)")]
    [InlineData("{list_join: [',', [a, {get_resource: first}]]}", "list_join(get_resource first)")]
    [InlineData("{digest: [sha256, {get_attr: [first, output]}]}", "digest(get_attr first output)")]
    [InlineData("{str_split: [',', {get_attr: [first, output]}, 0]}", "str_split(get_attr first output)")]
    [InlineData("{list_concat_unique: [[a], [{get_resource: first}]]}", "list_concat_unique(get_resource first)")]
    [InlineData("{map_merge: [{a: 1}, {get_attr: [first, data]}]}", "map_merge(get_attr first data)")]
    [InlineData("{make_url: {scheme: http, host: {get_attr: [first, output]}}}", "make_url(get_attr first output)")]
    [InlineData("{get_attr: [first, data, {get_attr: [second, output]}]}", "get_attr(get_attr second output)")]
    public void A_function_that_reads_a_deferred_value_is_deferred(string expression, string reference)
    {
        var result = Evaluate("2017-09-01", expression, resolver: Deferring);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.True(result.IsDeferred);
        Assert.Equal(reference, Assert.IsType<DeferredValue>(result.Value).Reference);
    }

    [Fact]
    public void A_deferred_value_names_what_it_waits_for()
    {
        var value = (DeferredValue)Value("2017-09-01", "{list_join: ['', [{get_resource: first}, {get_attr: [second, output]}, {get_resource: first}]]}", resolver: Deferring)!;
        Assert.Equal(new[] { "get_resource first", "get_attr second output" }, System.Linq.Enumerable.Select(value.Sources, s => s.Reference));
    }

    [Fact]
    public void Functions_that_only_move_deferred_values_keep_them()
    {
        var value = Value("2017-09-01", "{list_concat: [[a], [{get_resource: first}]]}", resolver: Deferring);
        Assert.Equal(L("a", new DeferredValue("get_resource first")), value);
        var merged = Value("2017-09-01", "{map_merge: [{a: {get_resource: first}}, {b: 1}]}", resolver: Deferring);
        Assert.Equal(M(("a", new DeferredValue("get_resource first")), ("b", 1L)), merged);
    }

    [Fact]
    public void A_concrete_resolver_makes_nothing_deferred()
    {
        var result = Evaluate("2017-09-01", "{str_replace: {template: 'id=$i', params: {$i: {get_resource: first}}}}");
        Assert.False(result.IsDeferred);
        Assert.Equal("id=first-id", result.Value);
    }
}
