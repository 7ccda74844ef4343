using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Expressions;

public class ExpressionScannerTests
{
    private const string Template =
        "heat_template_version: 2015-04-30\n" +
        "resources:\n" +
        "  wf:\n" +
        "    type: OS::Mistral::Workflow\n" +
        "    properties:\n" +
        "      definition: |\n" +
        "        version: '2.0'\n" +
        "        wf:\n" +
        "          tasks:\n" +
        "            t1:\n" +
        "              action: std.echo output=<% $.a * * 2 %>\n" +
        "              publish:\n" +
        "                r: <% task(t1).result + $.vm_id %>\n";

    private static YamlScalar Definition()
    {
        var loaded = YamlLoader.Load("stack.yaml", Template);
        Assert.Empty(loaded.Diagnostics);
        var resources = (YamlMapping)((YamlMapping)loaded.Root!)["resources"]!;
        var properties = (YamlMapping)((YamlMapping)resources["wf"]!)["properties"]!;
        return (YamlScalar)properties["definition"]!;
    }

    [Fact]
    public void Syntax_error_inside_a_definition_block_points_at_the_file_line_and_column()
    {
        var diagnostics = new DiagnosticBag();
        ExpressionScanner.Scan(Definition(), diagnostics);

        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("MT3001", error.Id);
        Assert.Equal("stack.yaml", error.Span.Path);
        Assert.Equal(10, error.Span.Start.Line);
        Assert.Equal(47, error.Span.Start.Column);
        Assert.Equal(10, error.Span.End.Line);
        Assert.Equal(48, error.Span.End.Column);
        Assert.Equal('*', Template[error.Span.Start.Offset]);
        Assert.Equal(
            "YAQL syntax error in <% $.a * * 2 %>: unexpected '*' at position 7. Fix the expression; Mistral refuses a definition whose expressions do not parse.",
            error.Message);
    }

    [Fact]
    public void Finds_occurrences_and_references_with_file_spans()
    {
        var scan = ExpressionScanner.Scan(Definition(), new DiagnosticBag());

        Assert.Equal(2, scan.Occurrences.Count);
        var publish = scan.Occurrences[1];
        Assert.Equal(" task(t1).result + $.vm_id ", publish.Text);
        Assert.Equal((12, 19), (publish.Span.Start.Line, publish.Span.Start.Column));
        Assert.Equal((12, 50), (publish.Span.End.Line, publish.Span.End.Column));

        Assert.Equal(
            new[]
            {
                "Task t1 (12,27)-(12,29)",
                "Variable vm_id (12,42)-(12,47)",
            },
            scan.References.Select(r => $"{r.Kind} {r.Name} ({r.Span.Start.Line},{r.Span.Start.Column})-({r.Span.End.Line},{r.Span.End.Column})"));
    }

    [Fact]
    public void Jinja_references_in_a_quoted_scalar_map_to_the_file()
    {
        const string text = "publish:\n  j: \"{{ task('t1').result | length }} {{ _.count }}\"\n";
        var scalar = (YamlScalar)((YamlMapping)((YamlMapping)YamlLoader.Load("wf.yaml", text).Root!)["publish"]!)["j"]!;
        var scan = ExpressionScanner.Scan(scalar, new DiagnosticBag());
        Assert.Equal(new[] { ExpressionLanguage.Jinja, ExpressionLanguage.Jinja }, scan.Occurrences.Select(o => o.Language));
        Assert.Equal(
            new[] { "Task t1 (1,15)-(1,17)", "Variable count (1,44)-(1,49)" },
            scan.References.Select(r => $"{r.Kind} {r.Name} ({r.Span.Start.Line},{r.Span.Start.Column})-({r.Span.End.Line},{r.Span.End.Column})"));
    }

    [Theory]
    [InlineData("<% $.a %>", "Variable a")]
    [InlineData("<% $['a b'] %>", "Variable a b")]
    [InlineData("<% $.vms.select($.name) %>", "Variable vms|Function-free")]
    [InlineData("<% let(x => $.a) -> $.b %>", "Function let|Variable a")]
    [InlineData("<% task(\"t\").result %>", "Task t")]
    [InlineData("<% task().result %>", "Function task")]
    [InlineData("<% env().host + execution().id + len($.l) %>", "Function env|Function execution|Function len|Variable l")]
    [InlineData("{{ _.a }} {{ _['b'] }}", "Variable a|Variable b")]
    [InlineData("{{ task(\"t\").result }}", "Task t")]
    [InlineData("{{ env().x | default(execution().id) }}", "Function env|Function execution")]
    [InlineData("{% if _.ready %}{{ _.value }}{% endif %}", "Variable ready|Variable value")]
    public void Extracts_references(string text, string expected)
    {
        var scan = ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), new DiagnosticBag());
        var found = string.Join("|", scan.References.Select(r => $"{r.Kind} {r.Name}"));
        Assert.Equal(expected.Replace("|Function-free", ""), found);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("a <% b")]
    [InlineData("a <% $.x\n %>")]
    [InlineData("{{ not closed on this line\n }}")]
    [InlineData("100% sure > 50%")]
    public void Text_that_mistral_does_not_read_as_an_expression_is_left_alone(string text)
    {
        var diagnostics = new DiagnosticBag();
        var scan = ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        Assert.False(scan.HasExpressions);
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void Several_expressions_on_a_line_are_each_parsed()
    {
        const string text = "a=<% $.x %> b=<% ) %> c=<% $.y %>";
        var diagnostics = new DiagnosticBag();
        var scan = ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        Assert.Equal(3, scan.Occurrences.Count);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("MT3001", error.Id);
        Assert.Equal((17, 18), (error.Span.Start.Column, error.Span.End.Column));
        Assert.Equal(new[] { "x", "y" }, scan.References.Select(r => r.Name));
    }

    [Fact]
    public void Missing_operand_points_at_the_closing_delimiter()
    {
        const string text = "output: <% $. %>";
        var diagnostics = new DiagnosticBag();
        ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal((14, 16), (error.Span.Start.Column, error.Span.End.Column));
        Assert.Contains("unexpected end of statement", error.Message);
    }

    [Fact]
    public void Jinja_error_points_at_the_offending_token()
    {
        const string text = "x: {{ _.a + }}";
        var diagnostics = new DiagnosticBag();
        ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("MT3002", error.Id);
        Assert.Equal((12, 14), (error.Span.Start.Column, error.Span.End.Column));
        Assert.StartsWith("Jinja syntax error: unexpected 'end of print statement'.", error.Message);
    }

    [Fact]
    public void Unclosed_jinja_block_is_reported_at_its_tag()
    {
        const string text = "{% for x in _.items %}{{ x }}";
        var diagnostics = new DiagnosticBag();
        ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("MT3002", error.Id);
        Assert.Equal((3, 6), (error.Span.Start.Column, error.Span.End.Column));
    }

    [Fact]
    public void Mixing_yaql_and_jinja_in_one_string_is_an_error()
    {
        const string text = "{{ _.a }} and <% $.b %>";
        var diagnostics = new DiagnosticBag();
        ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("MT3004", error.Id);
        Assert.Equal((14, 23), (error.Span.Start.Column, error.Span.End.Column));
    }

    [Fact]
    public void Statements_are_occurrences_marked_as_such()
    {
        const string text = "{% if _.a %}{{ _.b }}{% endif %}";
        var scan = ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), new DiagnosticBag());
        Assert.Equal(new[] { true, false, true }, scan.Occurrences.Select(o => o.IsStatement));
        Assert.Equal(new[] { " if _.a ", " _.b ", " endif " }, scan.Occurrences.Select(o => o.Text));
    }
}
