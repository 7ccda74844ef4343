using System.Text.Json.Nodes;
using Xunit;

namespace MistralTemplates.Engine.Tests;

/// <summary>Mistral's <c>yaml_dump</c> from YAQL, held to what PyYAML's <c>safe_dump(data, default_flow_style=False)</c> writes.</summary>
public class YamlDumpTests
{
    [Theory]
    // Keys sorted, a list under a key not indented, a mapping in a list beside its dash, YAML 1.1 booleans and
    // empty strings quoted, a multi-line string single-quoted with a blank line per break.
    [InlineData("""{"v": {"b": [1, {"x": "yes"}], "a": {"c": "", "d": "two\nlines"}}}""",
        "a:\n  c: ''\n  d: 'two\n\n    lines'\nb:\n- 1\n- x: 'yes'\n")]
    [InlineData("""{"v": "plain"}""", "plain\n...\n")]
    [InlineData("""{"v": "caf\u00e9"}""", "\"caf\\xE9\"\n")]
    [InlineData("""{"v": []}""", "[]\n")]
    public void Yaql_yaml_dump_writes_what_PyYAML_writes(string data, string expected)
    {
        var result = ExpressionTrial.Evaluate("<% yaml_dump($.v) %>", JsonNode.Parse(data)!.AsObject());

        Assert.Null(result.Error);
        Assert.Equal(expected, JsonNode.Parse(result.Json!)!.GetValue<string>());
    }
}
