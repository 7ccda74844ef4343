using MistralTemplates.Language.Expressions.Jinja.Evaluation;

namespace MistralTemplates.Language.Tests.Expressions.Jinja;

public class JinjaRendererTests
{
    private const string Data = """{"name": "web", "n": 3, "list": [1, 2], "nothing": null, "flag": true}""";

    [Theory]
    [InlineData("{{ _.n }}", "3")]
    [InlineData("{{ _.list }}", "[1, 2]")]
    [InlineData("{{ _.nothing }}", "null")]
    [InlineData("no braces", "\"no braces\"")]
    [InlineData("n={{ _.n }}", "\"n=3\"")]
    [InlineData("{{ _.n }} {{ _.name }}", "\"3 web\"")]
    [InlineData("{{ _.n }}{{ _.n }}", "\"33\"")]
    [InlineData("{{ _.list }} and {{ _.nothing }} and {{ _.flag }}", "\"[1, 2] and None and True\"")]
    [InlineData("{{ 2.0 }}!", "\"2.0!\"")]
    [InlineData("line {{ _.n }}\n", "\"line 3\"")]
    [InlineData("{{ _.n\n }}", "\"{{ _.n\\n }}\"")]
    [InlineData("{{ '}}' }}", "\"}}\"")]
    public void Keeps_the_type_of_a_single_expression_and_renders_the_rest(string text, string expected)
    {
        var result = JinjaRenderer.Render(text, new JinjaContext(JsonValues.Parse(Data)));
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(JsonValues.Normalize(JsonValues.Parse(expected)), JsonValues.Normalize(result.Value));
    }

    [Theory]
    [InlineData("a {{ _.missing }}", "'dict object' has no attribute 'missing'", 5)]
    [InlineData("a {{ _.n + }}", "", 2)]
    [InlineData("a {% if _.n %}x{% endif %}", "the 'if' statement is not supported here", 2)]
    public void Reports_errors_at_their_place_in_the_text(string text, string message, int offset)
    {
        var result = JinjaRenderer.Render(text, new JinjaContext(JsonValues.Parse(Data)));
        Assert.False(result.Success);
        Assert.Contains(message, result.Error!.Message);
        Assert.True(result.Error.Offset >= offset, result.Error.ToString());
    }
}
