using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Tests.Expressions;

/// <summary>Unknown YAQL functions and Jinja filters or tests are warned about where their name is written.</summary>
public class ExpressionNameTests
{
    private static TemplateDiagnostic[] Scan(string text)
    {
        var diagnostics = new DiagnosticBag();
        ExpressionScanner.Scan(text, SourceMap.ForFile("f.yaml", text), diagnostics);
        return diagnostics.Items.ToArray();
    }

    [Theory]
    [InlineData("<% $.items.len() %>")]
    [InlineData("<% len($.items) + $.items.select($ * 2).sum() %>")]
    [InlineData("<% 'n={0}'.format($.nums.len()) %>")]
    [InlineData("<% env().x + execution().id + task(t1).result + tasks(null, true).len() %>")]
    [InlineData("<% json_pp($) + json_dump($) + yaml_dump($) + uuid() + global(name) + executions() %>")]
    [InlineData("<% let(x => 1) -> $x %>")]
    [InlineData("<% def(double, $ * 2) -> double(3) %>")]
    [InlineData("<% $.x.foo %>")]
    [InlineData("{{ _.items | join(', ') | upper }}")]
    [InlineData("{{ _.x is defined and _.y is not divisibleby(3) }}")]
    [InlineData("{{ task('t1').result | json_dump }} {{ env().x | yaml_dump }}")]
    [InlineData("{% for i in _.items | sort %}{{ i | default('-') }}{% endfor %}")]
    public void Known_names_give_no_warning(string text) => Assert.Empty(Scan(text));

    [Fact]
    public void Unknown_function_is_warned_at_its_name_with_the_closest_known_name()
    {
        const string text = "a: b\nc: x <% lenn($.items) %>";

        var warning = Assert.Single(Scan(text));

        Assert.Equal("MT3005", warning.Id);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal((2, 9, 2, 13), (warning.Span.Start.Line + 1, warning.Span.Start.Column + 1, warning.Span.End.Line + 1, warning.Span.End.Column + 1));
        Assert.Equal(
            "'lenn' is not a function or method of YAQL or Mistral; Mistral fails the task when it evaluates this expression. Did you mean 'len'?",
            warning.Message);
    }

    [Fact]
    public void Unknown_method_on_a_data_path_is_warned_at_the_method_name()
    {
        const string text = "<% $.x.foo() + $.y.selct($) %>";

        var warnings = Scan(text);

        Assert.Equal(new[] { "foo", "selct" }, warnings.Select(w => text.Substring(w.Span.Start.Offset, w.Span.End.Offset - w.Span.Start.Offset)));
        Assert.All(warnings, w => Assert.Equal("MT3005", w.Id));
        Assert.DoesNotContain("Did you mean", warnings[0].Message);
        Assert.EndsWith("Did you mean 'select'?", warnings[1].Message);
    }

    [Fact]
    public void Unknown_jinja_filter_and_test_are_warned_at_their_names()
    {
        const string text = "{{ _.items | jion(',') }} {{ _.x is defind }}";

        var warnings = Scan(text);

        Assert.Equal(new[] { ("MT3006", 13), ("MT3006", 36) }, warnings.Select(w => (w.Id, w.Span.Start.Offset)));
        Assert.Equal(
            "'jion' is not a Jinja filter that Mistral offers; Mistral fails the task when it renders this template. Did you mean 'join'?",
            warnings[0].Message);
        Assert.Equal(
            "'defind' is not a Jinja test that Mistral offers; Mistral fails the task when it renders this template. Did you mean 'defined'?",
            warnings[1].Message);
    }

    [Fact]
    public void Mistral_functions_the_engine_lacks_are_still_known()
    {
        Assert.Contains("yaml_dump", KnownExpressionNames.YaqlFunctions);
        Assert.Contains("executions", KnownExpressionNames.JinjaFilters);
        Assert.Empty(Scan("<% global(counter) %>"));
    }
}
