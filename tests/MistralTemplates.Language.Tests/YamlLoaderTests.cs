using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests;

public class YamlLoaderTests
{
    [Fact]
    public void Literal_block_content_maps_back_to_file_lines()
    {
        const string text = "resources:\n  wf:\n    definition: |\n      test:\n        tasks:\n          hello: {}\n";
        var result = YamlLoader.Load("t.yaml", text);
        Assert.Empty(result.Diagnostics);
        var root = Assert.IsType<YamlMapping>(result.Root);
        var definition = (YamlScalar)((YamlMapping)((YamlMapping)root["resources"]!)["wf"]!)["definition"]!;
        var offset = definition.Value.IndexOf("hello", System.StringComparison.Ordinal);
        var span = definition.SpanOf(offset, offset + 5);
        Assert.Equal(5, span.Start.Line);
        Assert.Equal(10, span.Start.Column);
        Assert.Equal(text.IndexOf("hello", System.StringComparison.Ordinal), span.Start.Offset);
    }

    [Fact]
    public void Unclosed_flow_sequence_is_a_located_error_not_an_exception()
    {
        var result = YamlLoader.Load("t.yaml", "a:\n  input: [a, b\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.Null(result.Root);
    }

    [Theory]
    [InlineData("a: [x, y]\n", "[x, y]")]
    [InlineData("a: {x: 1}\n", "{x: 1}")]
    [InlineData("a: [[x], [y]]\n", "[[x], [y]]")]
    [InlineData("a: {x: {y: 1}}\n", "{x: {y: 1}}")]
    [InlineData("a: [{x: 1}]\n", "[{x: 1}]")]
    public void Flow_collections_span_their_brackets(string text, string expected)
    {
        var root = (YamlMapping)YamlLoader.Load("t.yaml", text).Root!;
        var span = root["a"]!.Span;
        Assert.Equal(expected, text.Substring(span.Start.Offset, span.Length));
    }

    [Fact]
    public void Quoted_string_continued_at_the_dash_indentation_loads_as_PyYAML_reads_it()
    {
        const string text = "items:\n  - \"<% $.a\\\n  \\ %>\"\n  - x: [1\n";
        var result = YamlLoader.Load("t.yaml", text);

        // The broken flow sequence after it is still reported, at its own line in the original text.
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.Equal(4, d.Span.Start.Line);

        var good = YamlLoader.Load("t.yaml", "items:\n  - \"<% $.a\\\n  \\ %>\"\n  - b\n");
        Assert.Empty(good.Diagnostics);
        var items = (YamlSequence)((YamlMapping)good.Root!)["items"]!;
        var first = (YamlScalar)items.Items[0];
        Assert.Equal("<% $.a %>", first.Value);
        Assert.Equal(3, items.Items[1].Span.Start.Line);
        Assert.Equal(4, items.Items[1].Span.Start.Column);
    }
}
