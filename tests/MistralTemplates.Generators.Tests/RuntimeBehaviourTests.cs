using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace MistralTemplates.Generators.Tests;

/// <summary>Generated code loaded and run: parameter constraints, defaults and workflow names at run time.</summary>
public class RuntimeBehaviourTests
{
    private const string Template = """
        heat_template_version: 2021-04-16
        parameters:
          flavor:
            type: string
            default: m1.small
            constraints:
              - allowed_values: [m1.small, m1.large]
          count:
            type: number
            default: 2
            constraints:
              - range: {min: 1, max: 5}
                description: Between one and five servers.
          zones:
            type: comma_delimited_list
            default: "a, b"
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                create_vm:
                  input:
                    - vm_name
                    - retries: 3
                  tasks:
                    t1:
                      action: std.noop
        """;

    private static Assembly CompileAndLoad()
    {
        var (run, output) = GeneratorHarness.Run(new[] { GeneratorHarness.File("servers.yaml", Template) });
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Single(run.GeneratedTrees);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("generated-" + Guid.NewGuid(), isCollectible: true).LoadFromStream(image);
    }

    private static object NewParameters(Assembly assembly, string property, object value)
    {
        var type = assembly.GetType("Consumer.ServersParameters")!;
        var parameters = Activator.CreateInstance(type)!;
        // An init accessor is a setter to reflection: this runs the generated check as an object initializer would.
        try
        {
            type.GetProperty(property)!.SetValue(parameters, value);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
        return parameters;
    }

    [Fact]
    public void Defaults_come_from_the_template()
    {
        var type = CompileAndLoad().GetType("Consumer.ServersParameters")!;
        var parameters = Activator.CreateInstance(type)!;

        Assert.Equal("m1.small", type.GetProperty("Flavor")!.GetValue(parameters));
        Assert.Equal(2d, type.GetProperty("Count")!.GetValue(parameters));
        Assert.Equal(new[] { "a", "b" }, (System.Collections.Generic.IReadOnlyList<string>)type.GetProperty("Zones")!.GetValue(parameters)!);
    }

    [Fact]
    public void A_value_the_constraints_allow_is_kept()
    {
        var parameters = NewParameters(CompileAndLoad(), "Flavor", "m1.large");

        Assert.Equal("m1.large", parameters.GetType().GetProperty("Flavor")!.GetValue(parameters));
    }

    [Fact]
    public void A_value_outside_allowed_values_throws_with_a_heat_like_message()
    {
        var error = Assert.Throws<ArgumentException>(() => NewParameters(CompileAndLoad(), "Flavor", "m1.huge"));

        Assert.Equal("flavor", error.ParamName);
        Assert.StartsWith("Parameter 'flavor' is invalid: ", error.Message);
        Assert.Contains("m1.huge", error.Message);
    }

    [Fact]
    public void A_constraint_description_is_the_message()
    {
        var error = Assert.Throws<ArgumentException>(() => NewParameters(CompileAndLoad(), "Count", 9d));

        Assert.StartsWith("Parameter 'count' is invalid: Between one and five servers.", error.Message);
    }

    [Fact]
    public void Workflow_full_names_start_with_the_stack_name()
    {
        var assembly = CompileAndLoad();
        var stack = Activator.CreateInstance(assembly.GetType("Consumer.ServersStack")!, "prod", null)!;
        var workflow = stack.GetType().GetProperty("Workflow")!.GetValue(stack)!;
        var names = workflow.GetType().GetProperty("AvailableWorkflows")!.GetValue(workflow)!;

        Assert.Equal("prod.workflow.create_vm", names.GetType().GetProperty("CreateVm")!.GetValue(names));
        Assert.Equal("prod.workflow.create_vm", ((System.Collections.Generic.IReadOnlyDictionary<string, string>)names)["create_vm"]);
        Assert.Single(((MistralTemplates.Stack)stack).Resources);
    }

    [Fact]
    public void A_typed_input_goes_to_mistral_as_its_json_value_and_an_unset_one_is_left_out()
    {
        var type = CompileAndLoad().GetType("Consumer.ServersStack+WorkflowResource+CreateVmInput")!;
        Assert.Equal(typeof(long?), type.GetProperty("Retries")!.PropertyType);
        var input = Activator.CreateInstance(type)!;
        type.GetProperty("VmName")!.SetValue(input, System.Text.Json.Nodes.JsonValue.Create("a"));

        Assert.Equal("""{"vm_name":"a"}""", ((MistralTemplates.IWorkflowInput)input).ToMistralInput().ToJsonString());
        type.GetProperty("Retries")!.SetValue(input, 5L);
        Assert.Equal("""{"vm_name":"a","retries":5}""", ((MistralTemplates.IWorkflowInput)input).ToMistralInput().ToJsonString());
    }

    [Fact]
    public void A_stack_name_heat_would_refuse_is_refused()
    {
        var template = new MistralTemplates.StackTemplate("t.yaml", "heat_template_version: 2021-04-16\n");

        var error = Assert.Throws<ArgumentException>(() => new BareStack("1abc", template));

        Assert.Contains("must start with a letter", error.Message);
    }

    private sealed class BareStack(string name, MistralTemplates.StackTemplate template) : MistralTemplates.Stack(name, template);
}
