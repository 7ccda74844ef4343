using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;

namespace MistralTemplates.Language.Tests.Expressions;

public class ExpressionCatalogTests
{
    [Fact]
    public void Expression_descriptors_have_stable_ids_and_severities()
    {
        var expressions = DiagnosticCatalog.All.Where(d => d.Id.StartsWith("MT3", System.StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "MT3001", "MT3002", "MT3003", "MT3004", "MT3005", "MT3006" }, expressions.Select(d => d.Id));
        Assert.All(expressions, d => Assert.Equal("Expression", d.Category));
        Assert.Equal(Severity.Warning, DiagnosticCatalog.JunoExpression.Severity);
        Assert.Equal(Severity.Error, DiagnosticCatalog.YaqlSyntax.Severity);
        Assert.Equal(Severity.Error, DiagnosticCatalog.JinjaSyntax.Severity);
        Assert.Equal(Severity.Error, DiagnosticCatalog.MixedExpressionLanguages.Severity);
    }

    [Theory]
    [InlineData("<% a %>", "0-7")]
    [InlineData("<%<% a %>", "0-9")]
    [InlineData("<% a %> %>", "0-7")]
    [InlineData("x <% a %><% b %>", "2-9|9-16")]
    [InlineData("<% a\n%> <% b %>", "8-15")]
    [InlineData("<%>", "")]
    [InlineData("<%%>", "0-4")]
    public void Finds_yaql_delimiters_like_mistrals_pattern(string text, string expected)
    {
        var found = ExpressionScanner.FindYaqlDelimiters(text);
        Assert.Equal(expected, string.Join("|", found.Select(f => $"{f.Start}-{f.End}")));
    }

    [Theory]
    [InlineData("{{ a }}", true)]
    [InlineData("{% if a %}", true)]
    [InlineData("{{ a\n}}", false)]
    [InlineData("{ {a} }", false)]
    [InlineData("<% a %>", false)]
    public void Recognises_jinja_strings_like_mistral(string text, bool expected) =>
        Assert.Equal(expected, ExpressionScanner.IsJinjaTemplate(text));
}
