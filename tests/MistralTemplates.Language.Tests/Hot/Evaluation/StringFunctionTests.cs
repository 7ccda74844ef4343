using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>list_join, str_replace and its strict forms, str_split, digest, and their CFN-era ancestors.</summary>
public class StringFunctionTests
{
    [Fact]
    public void List_join_in_2013_05_23_joins_one_list_of_strings_with_nulls_as_empty()
    {
        Assert.Equal("a-b--c", Value("2013-05-23", "{list_join: ['-', [a, b, null, c]]}"));
        Assert.Equal("", Value("2013-05-23", "{list_join: ['-', null]}"));
        Assert.Contains("Items to join must be strings, not a number (1)", Error("2013-05-23", "{list_join: ['-', [a, 1]]}"));
        Assert.Contains("it takes 2 arguments, found 3", Error("2013-05-23", "{list_join: ['-', [a], [b]]}"));
    }

    [Fact]
    public void List_join_from_2015_10_15_joins_several_lists_and_writes_lists_and_mappings_as_JSON()
    {
        Assert.Equal("a,b,c", Value("2015-10-15", "{list_join: [',', [a], [b, c]]}"));
        Assert.Equal("x {\"a\": 1, \"b\": [true, null, 2.5]}", Value("2015-10-15", "{list_join: [' ', [x, {b: [true, null, 2.5], a: 1}]]}"));
        Assert.Equal("a", Value("2015-10-15", "{list_join: [',', [a], null, []]}"));
        Assert.Contains("Items to join must be strings, lists or mappings, not a boolean (True)", Error("2015-10-15", "{list_join: [',', [true]]}"));
        Assert.Contains("it joins lists, not a string", Error("2015-10-15", "{list_join: [',', abc]}"));
        Assert.Contains("the delimiter must be a string, not a number", Error("2015-10-15", "{list_join: [1, [a]]}"));
    }

    [Fact]
    public void Str_replace_replaces_longer_placeholders_first_and_never_rescans_what_it_put_in()
    {
        Assert.Equal("Hello, World! (World)", Value("2016-10-14", "{str_replace: {template: '$greet, $name! ($name)', params: {$name: World, $greet: Hello}}}"));
        // "$ab" is longer than "$a": it is replaced first even though "$a" is a prefix of it.
        Assert.Equal("[AB][A]", Value("2016-10-14", "{str_replace: {template: '[$ab][$a]', params: {$a: A, $ab: AB}}}"));
        // The value of "x" contains "y", which is not replaced again.
        Assert.Equal("y!", Value("2016-10-14", "{str_replace: {template: 'x', params: {x: 'y!', y: Z}}}"));
        // Equal lengths: alphabetical order decides which of two overlapping placeholders wins.
        Assert.Equal("1c", Value("2016-10-14", "{str_replace: {template: 'abc', params: {ab: '1', bc: '2'}}}"));
    }

    [Theory]
    [InlineData("1", "v=1")]
    [InlineData("1.0", "v=1.0")]
    [InlineData("2.50", "v=2.5")]
    [InlineData("1e3", "v=1e3")]
    [InlineData("1.0e+20", "v=1e+20")]
    [InlineData("true", "v=True")]
    [InlineData("no", "v=False")]
    [InlineData("null", "v=")]
    [InlineData("'text'", "v=text")]
    [InlineData("2001-12-14", "v=2001-12-14")]
    public void Str_replace_writes_scalars_as_Pythons_str_does(string value, string expected) =>
        Assert.Equal(expected, Value("2013-05-23", $"{{str_replace: {{template: 'v=X', params: {{X: {value}}}}}}}"));

    [Fact]
    public void Str_replace_writes_lists_and_mappings_as_JSON_from_2015_10_15_and_refuses_them_before()
    {
        Assert.Equal("v=[\"a\", 1]", Value("2015-10-15", "{str_replace: {template: 'v=X', params: {X: [a, 1]}}}"));
        Assert.Equal("v={\"a\": \"\\u00e9\", \"b\": 2}", Value("2015-10-15", "{str_replace: {template: 'v=X', params: {X: {b: 2, a: é}}}}"));
        Assert.Contains("str_replace params must be strings or numbers; 'X' is a list", Error("2015-04-30", "{str_replace: {template: 'v=X', params: {X: [a]}}}"));
    }

    [Fact]
    public void Str_replace_params_and_template_may_come_from_functions()
    {
        const string parameters = "  map: {type: json, default: {'%x%': 42}}\n";
        Assert.Equal("x is 42", Value("2016-10-14", "{str_replace: {template: {list_join: [' ', ['x', 'is', '%x%']]}, params: {get_param: map}}}", parameters));
    }

    [Fact]
    public void Str_replace_argument_errors()
    {
        Assert.Contains("'params' is missing", Error("2016-10-14", "{str_replace: {template: x}}"));
        Assert.Contains("the template must be a string, not a list", Error("2016-10-14", "{str_replace: {template: [x], params: {}}}"));
        Assert.Contains("params must be a mapping, not a list", Error("2016-10-14", "{str_replace: {template: x, params: [a]}}"));
        Assert.Contains("it takes a mapping, not a list", Error("2016-10-14", "{str_replace: [x]}"));
        Assert.Contains("must not be empty", Error("2016-10-14", "{str_replace: {template: x, params: {'': y}}}"));
    }

    [Fact]
    public void Str_replace_strict_wants_every_placeholder_in_the_template()
    {
        Assert.Equal("a=1", Value("2017-02-24", "{str_replace_strict: {template: 'a=X', params: {X: 1}}}"));
        Assert.Equal("The following params were not found in the template: ZZ,Y.",
            Error("2017-02-24", "{str_replace_strict: {template: 'a=X', params: {X: 1, Y: 2, ZZ: 3}}}"));
        Assert.Equal("a=", Value("2017-02-24", "{str_replace_strict: {template: 'a=X', params: {X: ''}}}"));
    }

    [Theory]
    [InlineData("''")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Str_replace_vstrict_also_refuses_empty_values(string value) =>
        Assert.Contains("str_replace_vstrict has an undefined or empty value for param 'X'",
            Error("2017-09-01", $"{{str_replace_vstrict: {{template: 'a=X', params: {{X: {value}}}}}}}"));

    [Fact]
    public void Fn_Replace_is_the_2013_05_23_form_with_the_mapping_first() =>
        Assert.Equal("Hi you", Value("2013-05-23", "{'Fn::Replace': [{$who: you}, 'Hi $who']}"));

    [Fact]
    public void Str_split_splits_and_optionally_picks_an_item()
    {
        Assert.Equal(L("a", "", "b"), Value("2015-10-15", "{str_split: [',', 'a,,b']}"));
        Assert.Equal("b", Value("2015-10-15", "{str_split: [',', 'a,,b', 2]}"));
        Assert.Equal("b", Value("2015-10-15", "{str_split: [',', 'a,,b', '-1']}"));
        Assert.Equal(L("abc"), Value("2015-10-15", "{str_split: [',', 'abc']}"));
        Assert.Null(Value("2015-10-15", "{str_split: [',', null]}"));
        Assert.Equal(L("x", "y"), Value("2015-10-15", "{str_split: {get_param: args}}", "  args: {type: json, default: [':', 'x:y']}\n"));
    }

    [Fact]
    public void Str_split_errors()
    {
        Assert.Contains("The index 3 of str_split is out of range: it must be between 0 and 2", Error("2015-10-15", "{str_split: [',', 'a,b,c', 3]}"));
        Assert.Contains("the index must be an integer, not 'x'", Error("2015-10-15", "{str_split: [',', 'a', x]}"));
        Assert.Contains("it splits a string, not a list", Error("2015-10-15", "{str_split: [',', [a]]}"));
        Assert.Contains("the delimiter must not be empty", Error("2015-10-15", "{str_split: ['', 'a']}"));
        Assert.Contains("it takes a list, not a string", Error("2015-10-15", "{str_split: 'a,b'}"));
    }

    [Fact]
    public void Fn_Split_and_Fn_Join_and_Fn_Base64_of_2013_05_23()
    {
        Assert.Equal(L("a", "b"), Value("2013-05-23", "{'Fn::Split': [',', 'a,b']}"));
        Assert.Equal("a,b", Value("2013-05-23", "{'Fn::Join': [',', [a, b]]}"));
        Assert.Equal("plain", Value("2013-05-23", "{'Fn::Base64': plain}"));
        Assert.Contains("the delimiter must be a string written in the template", Error("2013-05-23", "{'Fn::Split': [{get_param: 'OS::stack_name'}, 'a']}"));
    }

    [Theory]
    [InlineData("md5", "1a722f7e6c801d9e470a10cb91ba406d")]
    [InlineData("sha1", "028db752c14604d624e8b1c121d600c427b8a3ba")]
    [InlineData("sha224", "2df38f5d9938c14b688ae389d8e23279c4bc973c39cf10fd31152c04")]
    [InlineData("SHA256", "c63c19ed1e0ee079f22ddb0d4112cfc799132c88684eb42324c62b9899b0c6c1")]
    [InlineData("sha384", "695d72825a5456b8d7234a6906611c6c5ec7778d747096ba42e58e251c7ce19a73b355b3f1052845a8cff5455fe2ae8f")]
    [InlineData("sha512", "627fe30aea9a0f56ed6e08769712f15324aa94e5cdee0eac578da9ad3fe48ed8607503eca885f3e2017a0a1059c67d26dbb7a98dde62ac2a450fb69dc45d875a")]
    public void Digest_hashes_the_Latin_1_bytes_of_the_text(string algorithm, string expected) =>
        Assert.Equal(expected, Value("2015-04-30", $"{{digest: [{algorithm}, 'héllo']}}"));

    [Fact]
    public void Sha224_matches_the_standard_vectors()
    {
        Assert.Equal("d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f", Value("2015-04-30", "{digest: [sha224, '']}"));
        Assert.Equal("75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
            Value("2015-04-30", "{digest: [sha224, 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq']}"));
    }

    [Fact]
    public void Digest_errors()
    {
        Assert.Contains("digest algorithm 'crc32' is not supported; use one of md5, sha1, sha224, sha256, sha384, sha512", Error("2015-04-30", "{digest: [crc32, x]}"));
        Assert.Contains("not a Latin-1 character", Error("2015-04-30", "{digest: [md5, '€']}"));
        Assert.Contains("it takes a list of two strings", Error("2015-04-30", "{digest: [md5, 1]}"));
    }
}
