using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using MistralTemplates.Deployment;
using Microsoft.CodeAnalysis;

namespace MistralTemplates.Generators.Tests;

/// <summary>
/// A template with errors: its own diagnostics are the only errors of the build. Its class keeps the shape that
/// could be read, so code using it compiles, and it refuses to be instantiated at run time.
/// </summary>
public class BrokenTemplateTests
{
    // Two errors: an unknown property of the workflow resource and a transition to a task that does not exist.
    private const string BrokenHello = """
        heat_template_version: 2021-04-16
        parameters:
          greeting:
            type: string
            default: Hello
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              colour: blue
              definition: |
                test:
                  type: direct
                  input:
                    - name
                  tasks:
                    hello:
                      action: std.echo output='Hello'
                      on-success:
                        - missing_task
          trigger:
            type: OS::Mistral::CronTrigger
            properties:
              pattern: "* * * * *"
              workflow: { get_attr: [workflow, available_workflows, test] }
        outputs:
          executions:
            value: { get_attr: [workflow, executions] }
        """;

    private const string UsesHello = """
        using System.Threading.Tasks;
        using MistralTemplates;

        namespace Consumer;

        public static class UsesHello
        {
            public static async Task<object?> RunAsync(StackTarget target)
            {
                HelloParameters parameters = new() { Greeting = "Hi" };
                HelloStack stack = await HelloStack.DeployAsync(target, "hello", parameters);
                string name = stack.Workflow.AvailableWorkflows.Test;
                var run = await stack.Workflow.Test.StartAsync(new HelloStack.WorkflowResource.TestInput { Name = "Ann" });
                OutputReference<System.Collections.Generic.IReadOnlyList<WorkflowExecution>> executions = stack.Outputs.Executions;
                HelloStack.TriggerResource trigger = stack.Trigger;
                return (name, run, executions, trigger);
            }
        }
        """;

    [Fact]
    public void A_template_with_errors_gives_only_its_own_diagnostics_and_code_using_its_class_compiles()
    {
        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File("hello.yaml", BrokenHello) }, UsesHello);

        var templateErrors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(templateErrors);
        Assert.All(templateErrors, d => Assert.StartsWith("MT", d.Id));
        Assert.All(templateErrors, d => Assert.Equal("/project/hello.yaml", d.Location.GetLineSpan().Path));
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void A_template_that_does_not_parse_still_gives_its_class_by_the_file_name()
    {
        const string unparsable = "heat_template_version: 2021-04-16\nresources: [a, b\n";
        const string usesClass = """
            namespace Consumer;
            public static class UsesHello
            {
                public static object Make() => new HelloStack("hello", new HelloParameters());
                public static string File => HelloStack.TemplateFile;
            }
            """;

        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File("hello.yaml", unparsable) }, usesClass);

        Assert.Contains(run.Diagnostics, d => d.Id.StartsWith("MT0") && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(GeneratorHarness.Errors(output));
        // The text of an unreadable file is not embedded: it may be far over the size limit.
        Assert.DoesNotContain("resources: [a, b", run.GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void A_stack_class_of_a_template_with_errors_throws_its_errors_instead_of_deploying()
    {
        var (_, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File("hello.yaml", BrokenHello) });
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var assembly = new AssemblyLoadContext("broken-" + Guid.NewGuid(), isCollectible: true).LoadFromStream(image);
        var stackType = assembly.GetType("Consumer.HelloStack")!;

        var thrown = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(stackType, "hello", null));

        var refused = Assert.IsType<DeploymentException>(thrown.InnerException);
        Assert.Contains("had errors", refused.Message);
        Assert.Contains(refused.Problems, p => p.StartsWith("hello.yaml(10,") && p.Contains("colour"));
        Assert.Contains(refused.Problems, p => p.Contains("missing_task"));
    }
}
