using MistralTemplates.Language.Expressions.Yaql;

namespace MistralTemplates.Language.Tests.Expressions;

public class YaqlParserTests
{
    [Theory]
    [InlineData("$", "$")]
    [InlineData("$.name", "($.name)")]
    [InlineData("$name", "$name")]
    [InlineData("$.a.b", "(($.a).b)")]
    [InlineData("$?.a", "($?.a)")]
    [InlineData("$[0]", "$[0]")]
    [InlineData("$.a[1]", "($.a)[1]")]
    [InlineData("$.a['k']", "($.a)['k']")]
    [InlineData("$.list.select($.x)", "(($.list).select(($.x)))")]
    [InlineData("$.list.where($.x > 1).len()", "((($.list).where((($.x) > 1))).len())")]
    [InlineData("task(name)", "task(name)")]
    [InlineData("task()", "task()")]
    [InlineData("task(name).result", "(task(name).result)")]
    [InlineData("env().host", "(env().host)")]
    [InlineData("len($.x)", "len(($.x))")]
    [InlineData("let(x => 1) -> $x", "(let(x => 1) -> $x)")]
    [InlineData("dict(a => 1, b => 'x')", "dict(a => 1, b => 'x')")]
    [InlineData("[1, 2]", "[1, 2]")]
    [InlineData("{a => 1}", "{a => 1}")]
    [InlineData("f(, a)", "f(<none>, a)")]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("a -> b -> c", "(a -> (b -> c))")]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("not a and b", "((not a) and b)")]
    [InlineData("not $.a = 1", "(not (($.a) = 1))")]
    [InlineData("-2 * 3", "((-2) * 3)")]
    [InlineData("-$.a[0]", "(-($.a)[0])")]
    [InlineData("$.a + $.b > 3 or $.c", "(((($.a) + ($.b)) > 3) or ($.c))")]
    [InlineData("$.s =~ 'x' and true", "((($.s) =~ 'x') and true)")]
    [InlineData("2 * 3 mod 4", "((2 * 3) mod 4)")]
    [InlineData("$.x in [1, 2]", "(($.x) in [1, 2])")]
    [InlineData("$.x != null", "(($.x) != null)")]
    [InlineData("1.5", "1.5")]
    [InlineData("\"a\\\"b\"", "'a\"b'")]
    [InlineData("`raw\\d`", "'raw\\\\d'")]
    [InlineData("  $.a  ", "($.a)")]
    public void Parses_with_yaql_precedence(string text, string expected)
    {
        var result = YaqlParser.Parse(text);
        Assert.Null(result.Error);
        Assert.Equal(expected, result.Expression!.ToString());
    }

    [Theory]
    [InlineData(" * ", 1, 1, "unexpected '*' at position 1")]
    [InlineData(" $. ", 4, 0, "unexpected end of statement")]
    [InlineData("", 0, 0, "unexpected end of statement")]
    [InlineData("$.a $.b", 4, 1, "unexpected '$' at position 4")]
    [InlineData("$.a # x", 4, 1, "illegal character '#' at position 4")]
    [InlineData("'abc", 0, 1, "illegal character ''' at position 0")]
    [InlineData("task (x)", 5, 1, "unexpected '(' at position 5")]
    [InlineData("f(a,)", 4, 1, "unexpected ')' at position 4")]
    [InlineData("f(a => 1, b)", 11, 1, "unexpected ')' at position 11")]
    [InlineData("a => 1", 2, 2, "unexpected '=>' at position 2")]
    [InlineData("$.a[1", 5, 0, "unexpected end of statement")]
    [InlineData("12abc", 0, 1, "illegal character '1' at position 0")]
    [InlineData("__x", 0, 1, "illegal character '_' at position 0")]
    [InlineData("(1 + 2", 6, 0, "unexpected end of statement")]
    [InlineData("1 and", 5, 0, "unexpected end of statement")]
    [InlineData("$ {a => 1}", 2, 1, "unexpected '{' at position 2")]
    public void Reports_yaql_errors_at_the_offending_token(string text, int offset, int length, string message)
    {
        var error = YaqlParser.Parse(text).Error;
        Assert.NotNull(error);
        Assert.Equal(message, error!.Message);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(length, error.Length);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var deep = new string('(', 10_000) + "1" + new string(')', 10_000);
        var error = YaqlParser.Parse(deep).Error;
        Assert.NotNull(error);
        Assert.Contains("nested deeper than 200 levels", error!.Message);

        var longChain = "$" + string.Concat(System.Linq.Enumerable.Repeat(".a", 5_000));
        Assert.Contains("nested deeper", YaqlParser.Parse(longChain).Error!.Message);
    }
}
