using System;
using System.Text;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The stacks the runtime benchmarks deploy, as template text that Heat accepts unchanged: Heat's structured
/// workflow form, as in the peer measurements against Heat.
/// </summary>
internal static class BenchStacks
{
    /// <summary>A pattern that never fires while a benchmark runs (midnight on 1 January).</summary>
    public const string QuietPattern = "0 0 1 1 *";

    /// <summary>Names the stack templates for the command-line host: <c>many:N</c> or <c>echo</c>.</summary>
    public static string Template(string kind) => kind switch
    {
        "echo" => EchoWorkflow(),
        _ when kind.StartsWith("many:", StringComparison.Ordinal) && int.TryParse(kind.AsSpan(5), out var n) && n > 0 => WorkflowsWithTriggers(n),
        _ => throw new ArgumentException($"Unknown bench stack '{kind}': use many:N or echo."),
    };

    /// <summary><paramref name="count"/> one-task workflows, each with a cron trigger that runs it (2 × count resources).</summary>
    public static string WorkflowsWithTriggers(int count)
    {
        var text = new StringBuilder("heat_template_version: 2018-08-31\nresources:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append($"  wf{i}:\n    type: OS::Mistral::Workflow\n    properties:\n");
            text.Append("      type: direct\n      tasks:\n        - name: t\n          action: std.noop\n");
            text.Append($"  ct{i}:\n    type: OS::Mistral::CronTrigger\n    properties:\n");
            text.Append($"      pattern: \"{QuietPattern}\"\n      workflow: {{name: {{get_resource: wf{i}}}}}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// One workflow resource <c>wf</c> whose workflow takes the input <c>n</c>, like
    /// <see cref="MistralBenchServer.EchoDefinition"/>, so the same starts fill both sides with executions.
    /// </summary>
    public static string EchoWorkflow() => """
        heat_template_version: 2018-08-31
        resources:
          wf:
            type: OS::Mistral::Workflow
            properties:
              type: direct
              input: {n: 0}
              tasks:
                - name: echo
                  action: std.echo output=<% $.n %>
        """;

    public static StackTemplate StackTemplateOf(string kind) => new($"bench-{kind.Replace(':', '-')}.yaml", Template(kind));
}

/// <summary>A stack built from template text, as a generated stack class is built from its embedded template.</summary>
internal sealed class BenchStack(string stackName, StackTemplate template) : Stack(stackName, template);
