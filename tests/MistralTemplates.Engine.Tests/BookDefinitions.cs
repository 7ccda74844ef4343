namespace MistralTemplates.Engine.Tests;

/// <summary>Ad-hoc action and workbook texts the definitions script shares.</summary>
public static class BookDefinitions
{
    public static string TwoActions(string a, string b, string defaultGreeting = "hi") => $$"""
        version: '2.0'
        {{a}}:
          description: Says something
          input:
            - text
            - greeting: {{defaultGreeting}}
          base: std.echo output="<% $.greeting %> <% $.text %>"
        {{b}}:
          base: std.noop
        """;

    public static string ActionWithoutBase(string name) => $$"""
        version: '2.0'
        {{name}}:
          input:
            - a
        """;

    public static string Book(string name, bool withSecondWorkflow = false) => $$"""
        version: '2.0'
        name: {{name}}
        description: A book
        tags: [t1, t2]
        workflows:
          wf1:
            input:
              - x
            tasks:
              t1:
                action: std.echo output=<% $.x %>
            output:
              x: <% $.x %>
        {{(withSecondWorkflow ? "  wf2:\n    tasks:\n      t1:\n        action: std.noop\n" : "")}}actions:
          say:
            input:
              - what
            base: std.echo output=<% $.what %>
        """;

    public static string BookWithoutName => """
        version: '2.0'
        workflows:
          wf1:
            tasks:
              t1:
                action: std.noop
        """;
}
