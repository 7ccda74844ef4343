using System.Collections.Generic;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>repeat, map_merge, map_replace, list_concat, filter, contains, make_url, yaql, Fn::Select, Fn::MemberListToMap.</summary>
public class CollectionFunctionTests
{
    [Fact]
    public void Repeat_makes_a_copy_per_permutation_with_the_last_list_varying_fastest()
    {
        var value = Value("2015-04-30", "{repeat: {for_each: {'%a%': [x, y], '%b%': ['1', '2']}, template: '%a%-%b%'}}");
        Assert.Equal(L("x-1", "x-2", "y-1", "y-2"), value);
    }

    [Fact]
    public void Repeat_replaces_in_keys_and_nested_values_and_leaves_other_data_alone()
    {
        var value = Value("2015-04-30", "{repeat: {for_each: {'<%p%>': ['80', '443']}, template: {'port_<%p%>': {port: '<%p%>', open: true, n: 1}}}}");
        Assert.Equal(L(M(("port_80", M(("port", "80"), ("open", true), ("n", 1L)))), M(("port_443", M(("port", "443"), ("open", true), ("n", 1L))))), value);
    }

    [Fact]
    public void Repeat_without_permutations_pairs_items_from_2017_09_01()
    {
        Assert.Equal(L("a=1", "b=2"), Value("2017-09-01", "{repeat: {for_each: {K: [a, b], V: ['1', '2']}, template: 'K=V', permutations: false}}"));
        Assert.Contains("with permutations: false the lists of for_each must be of the same length",
            Error("2017-09-01", "{repeat: {for_each: {K: [a, b], V: ['1']}, template: 'K=V', permutations: false}}"));
        Assert.Contains("permutations must be true or false", Error("2017-09-01", "{repeat: {for_each: {K: [a]}, template: K, permutations: 'no'}}"));
    }

    [Fact]
    public void Repeat_takes_a_mappings_keys_from_2016_10_14_but_not_before()
    {
        Assert.Equal(L("a", "b"), Value("2016-10-14", "{repeat: {for_each: {X: {a: 1, b: 2}}, template: X}}"));
        Assert.Contains("the value of 'X' in for_each must be a list, not a mapping", Error("2016-04-08", "{repeat: {for_each: {X: {a: 1}}, template: X}}"));
    }

    [Fact]
    public void Repeat_items_must_be_strings_when_the_template_has_text_and_a_null_list_makes_nothing()
    {
        Assert.Contains("the items of 'X' replace text, so they must be strings; found a number (1)", Error("2015-04-30", "{repeat: {for_each: {X: [1]}, template: 'X'}}"));
        Assert.Equal(L(5L, 5L), Value("2015-04-30", "{repeat: {for_each: {X: [1, 2]}, template: 5}}"));
        Assert.Equal(new List<object?>(), Value("2015-04-30", "{repeat: {for_each: {X: null, Y: [a]}, template: XY}}"));
        Assert.Contains("for_each must be a mapping of placeholders to lists, not a list", Error("2015-04-30", "{repeat: {for_each: [a], template: X}}"));
    }

    [Fact]
    public void Repeat_replaces_placeholders_in_turn_so_a_later_one_reaches_into_an_earlier_value() =>
        Assert.Equal(L("B!"), Value("2015-04-30", "{repeat: {for_each: {A: [B], B: ['B!']}, template: A}}"));

    [Fact]
    public void Repeat_refuses_to_make_too_many_items() =>
        Assert.Contains("repeat would make more than 100000 items",
            Error("2015-04-30", "{repeat: {for_each: {A: {get_param: l}, B: {get_param: l}, C: {get_param: l}}, template: ABC}}",
                "  l: {type: comma_delimited_list, default: '" + string.Join(",", System.Linq.Enumerable.Range(0, 50)) + "'}\n"));

    [Fact]
    public void Map_merge_lets_later_keys_win()
    {
        Assert.Equal(M(("a", 1L), ("b", 3L), ("c", 4L)), Value("2016-04-08", "{map_merge: [{a: 1, b: 2}, null, {b: 3, c: 4}]}"));
        Assert.Contains("the items to merge must be mappings; ['x'] is a list", Error("2016-04-08", "{map_merge: [{a: 1}, [x]]}"));
    }

    [Fact]
    public void Map_replace_renames_keys_and_replaces_values()
    {
        Assert.Equal(M(("k1", "V1"), ("K2", "v2"), ("k3", L("x"))),
            Value("2016-10-14", "{map_replace: [{k1: v1, k2: v2, k3: [x]}, {keys: {k2: K2}, values: {v1: V1}}]}"));
        Assert.Contains("The key replacement 'k2' of map_replace collides with a key in the input map",
            Error("2016-10-14", "{map_replace: [{k1: a, k2: b}, {keys: {k1: k2}}]}"));
        Assert.Contains("'other' is not one of keys, values", Error("2016-10-14", "{map_replace: [{k1: a}, {other: {}}]}"));
    }

    [Fact]
    public void List_concat_and_its_unique_form()
    {
        Assert.Equal(L("a", "b", "a", 1L), Value("2017-09-01", "{list_concat: [[a, b], null, [a, 1]]}"));
        // Python's equality: 1 == 1.0 == True, so only the first of them stays.
        Assert.Equal(L("a", 1L, "b"), Value("2017-09-01", "{list_concat_unique: [[a, 1], [1.0, true, b, a]]}"));
        Assert.Contains("the items to concatenate must be lists; 'x' is a string", Error("2017-09-01", "{list_concat: [[a], x]}"));
    }

    [Fact]
    public void Filter_removes_values_from_a_list()
    {
        Assert.Equal(L("b", "d"), Value("2017-02-24", "{filter: [[a, c, null], [a, b, null, c, d]]}"));
        Assert.Equal(L("a"), Value("2017-02-24", "{filter: [[], [a]]}"));
        Assert.Null(Value("2017-02-24", "{filter: [[a], null]}"));
        Assert.Contains("it filters a list, not a string", Error("2017-02-24", "{filter: [[a], abc]}"));
    }

    [Fact]
    public void Contains_looks_into_lists_and_strings()
    {
        Assert.Equal(true, Value("2017-09-01", "{contains: [1, [2.0, 1.0]]}"));
        Assert.Equal(false, Value("2017-09-01", "{contains: [x, [a, b]]}"));
        Assert.Equal(true, Value("2017-09-01", "{contains: [ell, hello]}"));
        Assert.Contains("the second argument must be a list, not a mapping", Error("2017-09-01", "{contains: [a, {a: 1}]}"));
    }

    [Fact]
    public void Make_url_escapes_each_part_as_Heat_does()
    {
        const string expression = "{make_url: {scheme: https, username: my user, password: 'p@ss/w', host: example.com, port: 8080, path: '/a b/c', " +
            "query: {k: v w, list: a/b, n: 1, flag: true}, fragment: frag ment}}";
        Assert.Equal("https://my%20user:p%40ss%2Fw@example.com:8080/a%20b/c?k=v+w&list=a/b&n=1&flag=True#frag%20ment", Value("2017-09-01", expression));
    }

    [Theory]
    [InlineData("{scheme: http, host: '[::1]', port: '80', path: x}", "http://[::1]:80/x")]
    [InlineData("{scheme: http, host: 'fe80::1', path: /p}", "http://[fe80::1]/p")]
    [InlineData("{scheme: http, path: /p}", "http:///p")]
    [InlineData("{scheme: mailto, path: a@b.c}", "mailto:a%40b.c")]
    public void Make_url_brackets_IPv6_hosts_and_writes_what_is_given(string arguments, string expected) =>
        Assert.Equal(expected, Value("2017-09-01", "{make_url: " + arguments + "}"));

    [Fact]
    public void Make_url_errors()
    {
        Assert.Contains("Invalid URL port 70000", Error("2017-09-01", "{make_url: {host: h, port: 70000}}"));
        Assert.Contains("Invalid URL port 'abc'", Error("2017-09-01", "{make_url: {host: h, port: abc}}"));
        Assert.Contains("user is not one of its keys", Error("2017-09-01", "{make_url: {user: u}}"));
        Assert.Contains("must not contain ':'", Error("2017-09-01", "{make_url: {scheme: 'a:b'}}"));
        Assert.Contains("query must be a mapping", Error("2017-09-01", "{make_url: {query: [a]}}"));
    }

    [Theory]
    [InlineData("'text'", "text")]
    [InlineData("42", 42L)]
    [InlineData("-1.5", -1.5)]
    [InlineData("true", true)]
    public void Yaql_of_a_plain_literal_is_its_value(string expression, object expected) =>
        Assert.Equal(expected, Value("2016-10-14", "{yaql: {expression: \"" + expression + "\"}}"));

    [Fact]
    public void Yaql_beyond_a_literal_is_not_supported_at_run_time()
    {
        Assert.Contains("yaql is not supported at run time: '$.data.x.sum()' is not a plain literal",
            Error("2016-10-14", "{yaql: {expression: '$.data.x.sum()', data: {x: [1, 2]}}}"));
        Assert.Contains("Bad yaql expression", Error("2016-10-14", "{yaql: {expression: '1 +'}}"));
        Assert.Contains("is not a plain literal", Error("2016-10-14", "{yaql: {expression: '123456789012345678901234567890'}}"));
        Assert.Contains("'other' is not one of its keys (expression, data)", Error("2016-10-14", "{yaql: {expression: '1', other: 2}}"));
    }

    [Fact]
    public void Fn_Select_picks_from_a_list_a_mapping_or_JSON_text()
    {
        Assert.Equal("b", Value("2013-05-23", "{'Fn::Select': ['1', [a, b]]}"));
        Assert.Equal("", Value("2013-05-23", "{'Fn::Select': [5, [a, b]]}"));
        Assert.Equal("v", Value("2013-05-23", "{'Fn::Select': [k, {k: v}]}"));
        Assert.Equal("", Value("2013-05-23", "{'Fn::Select': [x, {k: v}]}"));
        Assert.Equal(2L, Value("2013-05-23", "{'Fn::Select': [1, '[1, 2]']}"));
        Assert.Equal("", Value("2013-05-23", "{'Fn::Select': [0, '']}"));
        Assert.Contains("the index into a list must be an integer, not 'x'", Error("2013-05-23", "{'Fn::Select': [x, [a]]}"));
    }

    [Fact]
    public void Fn_MemberListToMap_reads_AWS_style_member_lists() =>
        Assert.Equal(M(("k1", "v1"), ("k2", "v2")),
            Value("2013-05-23", "{'Fn::MemberListToMap': [Name, Value, ['.member.1.Name=k2', '.member.0.Name=k1', '.member.0.Value=v1', '.member.1.Value=v2']]}"));
}
