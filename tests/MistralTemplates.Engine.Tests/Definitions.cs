namespace MistralTemplates.Engine.Tests;

/// <summary>Workflow texts the tests share.</summary>
public static class Definitions
{
    public static string Hello(string name, string greeting = "Hello") => $$"""
        version: '2.0'
        {{name}}:
          input:
            - name
          tasks:
            greet:
              action: std.echo output="{{greeting}} <% $.name %>"
              publish:
                greeting: <% task().result %>
          output:
            greeting: <% $.greeting %>
        """;

    public static string Two(string a, string b) => $$"""
        version: '2.0'
        {{a}}:
          tasks:
            t1:
              action: std.noop
        {{b}}:
          input:
            - x: 1
            - s: "a"
          tasks:
            t1:
              action: std.echo output=<% $.x %>
        """;

    public static string UnknownTaskKey(string name) => $$"""
        version: '2.0'
        {{name}}:
          tasks:
            t1:
              action: std.echo output=1
              bogus_key: 1
        """;

    public static string BadYaql(string name) => Hello(name).Replace("$.greeting %>", "$.greeting +* %>");

    public const string BadYaml = "version: '2.0'\nfoo: [unclosed";
}
