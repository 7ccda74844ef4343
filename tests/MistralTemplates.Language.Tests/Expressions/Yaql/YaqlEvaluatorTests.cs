using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;

namespace MistralTemplates.Language.Tests.Expressions.Yaql;

public class YaqlEvaluatorTests
{
    private const string Data = """{"a": 1, "s": "Hello", "list": [3, 1, 2], "people": [{"name": "ann", "age": 30}, {"name": "bob", "age": 20}], "m": {"k": "v", "n": null}}""";

    [Theory]
    [InlineData("$.a", "1")]
    [InlineData("$.m.k", "\"v\"")]
    [InlineData("$.m.n", "null")]
    [InlineData("$?.m?.k", "\"v\"")]
    [InlineData("$.list[0]", "3")]
    [InlineData("$.list[-1]", "2")]
    [InlineData("$.m['k']", "\"v\"")]
    [InlineData("$.m['zz', 'd']", "\"d\"")]
    [InlineData("$.people.name", "[\"ann\",\"bob\"]")]
    [InlineData("[1, 'x', [true]]", "[1,\"x\",[true]]")]
    [InlineData("{a => 1, 'b' => $.a}", "{\"a\":1,\"b\":1}")]
    [InlineData("$missing", "null")]
    [InlineData("7 / 2", "3")]
    [InlineData("-7 / 2", "-4")]
    [InlineData("7.0 / 2", "3.5")]
    [InlineData("-7 mod 3", "2")]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("1 + 0.5", "1.5")]
    [InlineData("'a' + 'b'", "\"ab\"")]
    [InlineData("[1] + [2]", "[1,2]")]
    [InlineData("{a => 1} + {b => 2}", "{\"a\":1,\"b\":2}")]
    [InlineData("'ab' * 2", "\"abab\"")]
    [InlineData("1 = 1.0", "true")]
    [InlineData("'a' < 'b'", "true")]
    [InlineData("null < 1", "true")]
    [InlineData("2 in $.list", "true")]
    [InlineData("'ell' in $.s", "true")]
    [InlineData("$.s =~ '^H.l'", "true")]
    [InlineData("$.s !~ 'x'", "true")]
    [InlineData("0 or 'x'", "\"x\"")]
    [InlineData("1 and 0", "0")]
    [InlineData("not []", "true")]
    [InlineData("len($.list)", "3")]
    [InlineData("$.s.len()", "5")]
    [InlineData("$.m.keys()", "[\"k\",\"n\"]")]
    [InlineData("$.m.items()", "[[\"k\",\"v\"],[\"n\",null]]")]
    [InlineData("str(true) + str(null) + str(1.0)", "\"truenull1.0\"")]
    [InlineData("int('42') + int(2.9) + int(null)", "44")]
    [InlineData("str(float(1))", "\"1.0\"")]
    [InlineData("bool([])", "false")]
    [InlineData("isString($.s) and isList($.list) and isDict($.m) and isInteger(1) and isNumber(1.5) and isBoolean(false)", "true")]
    [InlineData("isInteger(true)", "false")]
    [InlineData("$.list.select($ * 10)", "[30,10,20]")]
    [InlineData("$.people.where($.age > 25).select($.name)", "[\"ann\"]")]
    [InlineData("$.list.first()", "3")]
    [InlineData("[].first(0)", "0")]
    [InlineData("$.list.last()", "2")]
    [InlineData("$.list.sum()", "6")]
    [InlineData("$.list.max()", "3")]
    [InlineData("$.list.min()", "1")]
    [InlineData("max(1, 5)", "5")]
    [InlineData("$.list.orderBy($)", "[1,2,3]")]
    [InlineData("$.people.orderBy($.age).name", "[\"bob\",\"ann\"]")]
    [InlineData("[1, 2, 1, 1.0].distinct()", "[1,2]")]
    [InlineData("$.list.join(', ')", "\"3, 1, 2\"")]
    [InlineData("'-'.join(['a', 'b'])", "\"a-b\"")]
    [InlineData("' a  b '.split()", "[\"a\",\"b\"]")]
    [InlineData("'a,b,c'.split(',', 1)", "[\"a\",\"b,c\"]")]
    [InlineData("$.s.toUpper() + $.s.toLower()", "\"HELLOhello\"")]
    [InlineData("'aaa'.replace('a', 'b', 2)", "\"bba\"")]
    [InlineData("$.s.startsWith('x', 'He') and $.s.endsWith('lo')", "true")]
    [InlineData("$.list.contains(2)", "true")]
    [InlineData("range(3)", "[0,1,2]")]
    [InlineData("range(5, 0, -2)", "[5,3,1]")]
    [InlineData("$.list.any($ > 2) and not $.list.all($ > 2)", "true")]
    [InlineData("$.list.count()", "3")]
    [InlineData("let(x => 2, y => 3) -> $x * $y + $.a", "7")]
    [InlineData("let(10) -> $1", "10")]
    [InlineData("$.list -> len($)", "3")]
    [InlineData("switch($.a > 5 => 'big', $.a > 0 => 'small')", "\"small\"")]
    [InlineData("coalesce(null, $.m.n, 'd')", "\"d\"")]
    [InlineData("dict(a => 1)", "{\"a\":1}")]
    [InlineData("dict([['a', 1]])", "{\"a\":1}")]
    [InlineData("$x + 1", "6")]
    [InlineData("'n={0}'.format($.list.len())", "\"n=3\"")]
    [InlineData("format('{0:>5}|{name}', 42, name => $.s)", "\"   42|Hello\"")]
    [InlineData("$.people.groupBy($.age > 25, $.name)", "[[true,[\"ann\"]],[false,[\"bob\"]]]")]
    [InlineData("$.people.orderBy($.age).thenBy($.name).name", "[\"bob\",\"ann\"]")]
    [InlineData("set(1, 2, 2, 3).len()", "3")]
    [InlineData("set(1, 2) < set(2, 1, 3)", "true")]
    [InlineData("$.list.zip([4, 5])", "[[3,4],[1,5]]")]
    [InlineData("$.s.substring(1, 3)", "\"ell\"")]
    [InlineData("regex('l+').replace($.s, 'L')", "\"HeLo\"")]
    [InlineData("$.m.mergeWith({k => 'w', z => 1})", "{\"k\":\"w\",\"n\":null,\"z\":1}")]
    [InlineData("$.list.aggregate($1 * $2)", "6")]
    [InlineData("{1 => a}.get(1)", "\"a\"")]
    [InlineData("def(twice, $ * 2) -> $.list.select(twice($))", "[6,2,4]")]
    [InlineData("call(len, [$.list], {})", "3")]
    [InlineData("$.list.delete(1, 9223372036854775807)", "[3]")]
    public void Evaluates_with_yaql_semantics(string expression, string expected)
    {
        var result = YaqlEvaluator.Evaluate(expression, Context());
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(expected, JsonSerializer.Serialize(result.Value));
    }

    [Theory]
    [InlineData("nope(1)", 0, 4, "unknown function 'nope'")]
    [InlineData("$.zz", 0, 4, "key 'zz' not found")]
    [InlineData("1 + 'a'", 0, 7, "operator '+' cannot be applied to an integer and a string")]
    [InlineData("'a' < 1", 0, 7, "cannot compare a string and an integer with '<'")]
    [InlineData("1 / 0", 0, 5, "integer division or modulo by zero")]
    [InlineData("$.list[9]", 0, 9, "list index 9 out of range")]
    [InlineData("len(1)", 0, 6, "len() expects a string, list or dict as argument 1, got an integer")]
    [InlineData("$.a.toUpper()", 4, 13, "toUpper() expects a string as receiver, got an integer")]
    [InlineData("[].first()", 3, 10, "first() of an empty collection and no default given")]
    [InlineData("range(10000000)", 0, 15, "result would hold more than 1000000 items")]
    [InlineData("int('x')", 0, 8, "invalid literal for int(): 'x'")]
    [InlineData("format('{0:>2000000}', 1)", 0, 25, "format() width or precision 2000000 is over the limit of 1000000")]
    [InlineData("repeat(1, 2000000)", 0, 18, "result would hold more than 1000000 items")]
    [InlineData("let(x => 1)", 0, 11, "let(...) gives a context; use it on the left of '->'")]
    [InlineData("$.a $.b", 4, 5, "unexpected '$' at position 4")]
    public void Reports_errors_as_results(string expression, int start, int end, string message)
    {
        var result = YaqlEvaluator.Evaluate(expression, Context());
        Assert.False(result.Success);
        Assert.Null(result.Value);
        Assert.Equal(new YaqlEvaluationError(start, end, message), result.Error);
    }

    [Fact]
    public void Host_functions_are_called_through_the_registry()
    {
        var functions = YaqlFunctions.CreateStandard()
            .Register("env", _ => new Dictionary<string, object?> { ["host"] = "h1" })
            .Register("task", c => "result of " + c.Argument(0));
        var context = new YaqlContext(null, functions: functions);
        Assert.Equal("h1", YaqlEvaluator.Evaluate("env().host", context).Value);
        Assert.Equal("result of build", YaqlEvaluator.Evaluate("task(build)", context).Value);
        Assert.Throws<System.InvalidOperationException>(() => YaqlFunctions.Standard.Register("env", _ => null));
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var text = string.Concat(Enumerable.Repeat("[", 190)) + string.Concat(Enumerable.Repeat("]", 190));
        Assert.True(YaqlEvaluator.Evaluate(text, Context()).Success);
        var nested = "$" + string.Concat(Enumerable.Repeat(".select($)", 150));
        Assert.True(YaqlEvaluator.Evaluate(nested, new YaqlContext(new List<object?>())).Success);
    }

    private static YaqlContext Context() =>
        new(JsonTestValues.FromJson(JsonDocument.Parse(Data).RootElement), new Dictionary<string, object?> { ["x"] = 5 });
}
