using System.Linq;
using Microsoft.CodeAnalysis;

namespace MistralTemplates.Generators.Tests;

/// <summary>
/// Calls of names no expression library has reach the build as warnings at the name's character; known names,
/// Mistral's own functions among them, stay silent, and the warnings never stop the build.
/// </summary>
public class ExpressionNameDiagnosticTests
{
    private const string Workflows = """
        version: '2.0'
        greet:
          input:
            - names
          tasks:
            hello:
              action: std.echo output=<% $.names.jion(', ') %>
              publish:
                first: <% $.names.first() %>
                count: <% lenght($.names) + len(env().x) + len(tasks()) %>
                pretty: <% json_pp(task(hello).result) + yaml_dump($) %>
                upper: "{{ _.names | first | uper }}"
                shown: "{{ _.names is sequence and _.names is not emty }}"
        """;

    private static Diagnostic[] ExpressionWarnings()
    {
        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File("greet.yaml", Workflows) });
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return run.Diagnostics.Where(d => d.Id is "MT3005" or "MT3006").OrderBy(d => d.Location.SourceSpan.Start).ToArray();
    }

    [Fact]
    public void Unknown_names_are_warned_at_their_line_and_column_with_a_suggestion()
    {
        var warnings = ExpressionWarnings();

        Assert.Equal(
            new[]
            {
                "MT3005 (7,42) 'jion' is not a function or method of YAQL or Mistral; Mistral fails the task when it evaluates this expression. Did you mean 'join'?",
                "MT3005 (10,19) 'lenght' is not a function or method of YAQL or Mistral; Mistral fails the task when it evaluates this expression.",
                "MT3006 (12,38) 'uper' is not a Jinja filter that Mistral offers; Mistral fails the task when it renders this template. Did you mean 'upper'?",
                "MT3006 (13,59) 'emty' is not a Jinja test that Mistral offers; Mistral fails the task when it renders this template.",
            },
            warnings.Select(d =>
            {
                var start = d.Location.GetLineSpan().StartLinePosition;
                return $"{d.Id} ({start.Line + 1},{start.Character + 1}) {d.GetMessage()}";
            }));
        Assert.All(warnings, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.All(warnings, d => Assert.Equal("/project/greet.yaml", d.Location.GetLineSpan().Path));
    }
}
