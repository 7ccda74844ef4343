using MistralTemplates.Language.Expressions.Jinja;

namespace MistralTemplates.Language.Tests.Expressions;

public class JinjaParserTests
{
    [Theory]
    [InlineData("_.x", "(_.x)")]
    [InlineData("_['x']", "_['x']")]
    [InlineData("task('t1').result", "(task('t1').result)")]
    [InlineData("_.list | length", "((_.list) | length)")]
    [InlineData("_.x | default('a') | upper", "(((_.x) | default('a')) | upper)")]
    [InlineData("_.x is defined", "((_.x) is defined)")]
    [InlineData("_.x is not none and _.y", "(((_.x) is not none) and (_.y))")]
    [InlineData("_.n is divisibleby 3", "((_.n) is divisibleby(3))")]
    [InlineData("1 + 2 * 3 ** 2", "(1 + (2 * (3 ** 2)))")]
    [InlineData("a ~ b + c", "((a ~ b) + c)")]
    [InlineData("a // b % c", "((a // b) % c)")]
    [InlineData("not a or b", "((not a) or b)")]
    [InlineData("a not in b", "(a not in b)")]
    [InlineData("a == b != c", "((a == b) != c)")]
    [InlineData("-x.y", "(-(x.y))")]
    [InlineData("'a' if c else 'b'", "('a' if c else 'b')")]
    [InlineData("[1, 2,]", "[1, 2]")]
    [InlineData("{'a': 1, 'b': [x]}", "{'a': 1, 'b': [x]}")]
    [InlineData("(1, 2)", "(1, 2)")]
    [InlineData("(1,)", "(1,)")]
    [InlineData("a, b", "(a, b)")]
    [InlineData("x[1:2]", "x[1:2]")]
    [InlineData("f(1, k=2, *a, **b)", "f(1, k=2, *a, **b)")]
    [InlineData("'a' 'b'", "'ab'")]
    [InlineData("True and none", "(true and none)")]
    [InlineData("x.0", "x[0]")]
    public void Parses_with_jinja_precedence(string text, string expected)
    {
        var result = JinjaParser.ParseExpression(text);
        Assert.Null(result.Error);
        Assert.Equal(expected, result.Expression!.ToString());
    }

    [Theory]
    [InlineData("", 0, "Expected an expression, got 'end of print statement'")]
    [InlineData("_.x +", 5, "unexpected 'end of print statement'")]
    [InlineData("a b", 2, "expected token 'end of print statement', got 'b'")]
    [InlineData("a }", 2, "unexpected '}'")]
    [InlineData("[1, 2)", 5, "unexpected ')', expected ']'")]
    [InlineData("a $ b", 2, "unexpected char '$' at 2")]
    [InlineData("'abc", 0, "unexpected char ''' at 0")]
    [InlineData("f(k=1, 2)", 7, "invalid syntax for function call expression")]
    [InlineData("x.(1)", 2, "expected name or number")]
    [InlineData("x | 1", 4, "expected token 'name', got 'integer'")]
    public void Reports_jinja_errors_at_the_offending_token(string text, int offset, string message)
    {
        var error = JinjaParser.ParseExpression(text).Error;
        Assert.NotNull(error);
        Assert.Equal(message, error!.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Theory]
    [InlineData("{{ _.x }} and {{ _.y }}")]
    [InlineData("{% if _.x %}a{% elif _.y %}b{% else %}c{% endif %}")]
    [InlineData("{% for k, v in _.d.items() if v recursive %}{{ k }}{% else %}none{% endfor %}")]
    [InlineData("{% set a = 1 %}{% set b %}x{% endset %}{{ a }}")]
    [InlineData("{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}")]
    [InlineData("{%- if x -%} y {%- endif -%}")]
    [InlineData("{# a comment with {{ stuff #}{{ 1 }}")]
    [InlineData("{% raw %}{{ not parsed {% endraw %}")]
    [InlineData("{{ {'a': {'b': 1}} }}")]
    [InlineData("{{ '}}' }}")]
    [InlineData("{% macro m(a) %}{{ a }}{% endmacro %}")]
    public void Accepts_valid_templates(string text)
    {
        var result = JinjaTemplate.Check(text);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("{% if _.x %}a", 3, "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")]
    [InlineData("{% endif %}", 3, "Encountered unknown tag 'endif'.")]
    [InlineData("{% for x in y %}{% endif %}", 19, "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.")]
    [InlineData("{% do x %}", 3, "Encountered unknown tag 'do'.")]
    [InlineData("{% %}", 3, "tag name expected")]
    [InlineData("{{ }}", 3, "Expected an expression, got 'end of print statement'")]
    [InlineData("{{ a }} {{ b", 12, "unexpected end of template, expected 'end of print statement'")]
    [InlineData("{# open", 0, "Missing end of comment tag")]
    [InlineData("{% if x %}{% else %}{% else %}{% endif %}", 23, "Encountered unknown tag 'else'. Jinja was looking for the following tags: 'endif'. The innermost block that needs to be closed is 'if'.")]
    [InlineData("{% for 1 in x %}{% endfor %}", 7, "can't assign to 'const'")]
    [InlineData("{% if %}{% endif %}", 6, "Expected an expression, got 'end of statement block'")]
    public void Reports_template_errors(string text, int offset, string message)
    {
        var error = JinjaTemplate.Check(text).Error;
        Assert.NotNull(error);
        Assert.Equal(message, error!.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.Contains("nested deeper", JinjaParser.ParseExpression(deep).Error!.Message);
        var chain = "x" + string.Concat(System.Linq.Enumerable.Repeat(".a", 5_000));
        Assert.Contains("nested deeper", JinjaParser.ParseExpression(chain).Error!.Message);
        var nots = string.Concat(System.Linq.Enumerable.Repeat("not ", 5_000)) + "x";
        Assert.Contains("nested deeper", JinjaParser.ParseExpression(nots).Error!.Message);
    }
}
