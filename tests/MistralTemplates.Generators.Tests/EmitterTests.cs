using System.Linq;
using MistralTemplates.Generators.Model;
using Snapshooter;
using Snapshooter.Xunit;

namespace MistralTemplates.Generators.Tests;

public class EmitterTests
{
    public static TheoryData<string> StackNames => new() { "Hello", "Alarm", "CronVm", "KitchenSink" };

    private static StackSpec StackByName(string name) => name switch
    {
        "Hello" => Specs.Hello(),
        "Alarm" => Specs.Alarm(),
        "CronVm" => Specs.CronVm(),
        _ => Specs.KitchenSink(),
    };

    [Theory]
    [MemberData(nameof(StackNames))]
    public void Stack_source_matches_snapshot_and_compiles(string name)
    {
        var source = Emitter.EmitStack(StackByName(name));

        Snapshot.Match(source, SnapshotNameExtension.Create(name));
        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source)));
    }

    [Fact]
    public void Workflows_source_matches_snapshot_and_compiles()
    {
        var source = Emitter.EmitWorkflows(Specs.Wfdef());

        Snapshot.Match(source);
        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source)));
    }

    [Fact]
    public void Generated_stack_is_usable_with_typed_members()
    {
        const string usage = """
            using System;
            using System.Collections.Generic;
            using MistralTemplates;
            namespace CronVm;
            public static class Use
            {
                public static string Run()
                {
                    var stack = new CronVmStack("vms");
                    string full = stack.Workflow.AvailableWorkflows.CreateVm;
                    IReadOnlyDictionary<string, string> map = stack.Workflow.AvailableWorkflows;
                    WorkflowHandle<CronVmStack.WorkflowResource.CreateVmInput> handle = stack.Workflow.CreateVm;
                    var input = new CronVmStack.WorkflowResource.CreateVmInput { VmName = "a", ImageRef = "img", FlavorRef = 2 };
                    AttributeReference<DateTimeOffset?> next = stack.CronTrigger.NextExecutionTime;
                    AttributeReference<IReadOnlyList<WorkflowExecution>> runs = stack.Workflow.Executions;
                    return full + handle.FullName + input + next + runs + map.Count;
                }
            }
            """;
        var source = Emitter.EmitStack(Specs.CronVm());

        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source, usage)));
    }

    [Fact]
    public void Stack_classes_deploy_connect_and_start_typed()
    {
        const string usage = """
            using System.Collections.Generic;
            using System.Text.Json.Nodes;
            using System.Threading.Tasks;
            using MistralTemplates;
            namespace CronVm;
            public static class Use
            {
                public static async Task<object> Run(StackTarget target)
                {
                    CronVmStack stack = await CronVmStack.DeployAsync(target);
                    stack = await CronVmStack.DeployAsync(target, "vms", new CronVmParameters(), default);
                    stack = await CronVmStack.ConnectAsync(target, CronVmStack.DefaultStackName);
                    WorkflowRun run = await stack.Workflow.CreateVm.StartAsync(new() { VmName = "a", ImageRef = "i", FlavorRef = 1 },
                        new Dictionary<string, JsonNode?> { ["env"] = new JsonObject() });
                    WorkflowExecution done = await run.WaitAsync();
                    IReadOnlyList<WorkflowExecution> all = await stack.Workflow.GetExecutionsAsync();
                    IWorkflowInput input = new WfdefWorkflows.CreateVmInput { VmName = "a", ImageRef = "i" };
                    return (done, all, input.ToMistralInput(), new CronVmParameters().ToTemplateValues());
                }
            }
            """;
        var sources = new[] { Emitter.EmitStack(Specs.CronVm()), Emitter.EmitWorkflows(Specs.Wfdef()), usage };

        Assert.Empty(GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(sources)));
    }

    [Fact]
    public void Parameters_without_default_must_be_given_to_deploy()
    {
        const string usage = """
            using System.Threading.Tasks;
            namespace Consumer.Templates;
            public static class Use
            {
                public static Task<KitchenSinkStack> Given(MistralTemplates.StackTarget target) =>
                    KitchenSinkStack.DeployAsync(target, null, new KitchenSinkParameters { KeyName = "k", Size = 1 });
                public static Task<KitchenSinkStack> Missing(MistralTemplates.StackTarget target) => KitchenSinkStack.DeployAsync(target);
            }
            """;
        var source = Emitter.EmitStack(Specs.KitchenSink());

        var errors = GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source, usage));

        // CS7036: no argument given for 'stackName' (the parameters follow it and have no default).
        Assert.Equal(new[] { "CS7036" }, errors.Select(e => e.Id).ToArray());
        Assert.Contains("Missing", errors[0].Location.SourceTree!.GetText().Lines[errors[0].Location.GetLineSpan().StartLinePosition.Line].ToString());
    }

    [Fact]
    public void Parameters_without_default_are_required_by_the_record_and_the_constructor()
    {
        const string usage = """
            namespace Consumer.Templates;
            public static class Use
            {
                public static object Run() => new KitchenSinkStack("s", new KitchenSinkParameters { Zones = new[] { "z" } });
            }
            """;
        var source = Emitter.EmitStack(Specs.KitchenSink());

        var errors = GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source, usage));

        // CS9035: required member not set: key_name and size have no default.
        Assert.Equal(new[] { "CS9035", "CS9035" }, errors.Select(e => e.Id).ToArray());
        Assert.Contains(errors, e => e.GetMessage().Contains("KeyName"));
        Assert.Contains(errors, e => e.GetMessage().Contains("Size"));
    }

    [Fact]
    public void A_start_demands_the_input_when_a_workflow_input_has_no_default()
    {
        const string usage = """
            namespace Consumer.Templates;
            public static class Use
            {
                public static object Given(KitchenSinkStack s) => s.Wf.CreateVm.StartAsync(new() { Name = "n" });
                public static object Omitted(KitchenSinkStack s) => s.Wf.CreateVm.StartAsync();
                public static object Optional(KitchenSinkStack s) => s.Wf.Empty.StartAsync();
            }
            """;
        var source = Emitter.EmitStack(Specs.KitchenSink());

        var errors = GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source, usage));

        // CS7036: no argument given for 'input': create-vm's 'name' has no default; 'empty' takes no input.
        var error = Assert.Single(errors);
        Assert.Equal("CS7036", error.Id);
        Assert.Contains("Omitted", error.Location.SourceTree!.GetText().Lines[error.Location.GetLineSpan().StartLinePosition.Line].ToString());
    }

    [Fact]
    public void Workflow_inputs_are_typed_from_their_defaults()
    {
        const string usage = """
            using System.Text.Json.Nodes;
            namespace Consumer.Templates;
            public static class Use
            {
                public static object Typed() => new KitchenSinkStack.WfResource.CreateVmInput
                {
                    Name = "n", Retries = 3, Ratio = 0.5, DryRun = true, Label = "x", Tags = new JsonArray("a"), Meta = new JsonObject(), Extra = 1,
                };
                public static object Mistyped() => new KitchenSinkStack.WfResource.CreateVmInput { Name = "n", Retries = "three" };
            }
            """;
        var source = Emitter.EmitStack(Specs.KitchenSink());

        var errors = GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source, usage));

        // CS0029: a string is not the long? that retries' default (3) makes it.
        var error = Assert.Single(errors);
        Assert.Equal("CS0029", error.Id);
        Assert.Contains("long?", error.GetMessage());
    }

    [Fact]
    public void Workflow_inputs_without_default_are_required()
    {
        const string usage = """
            namespace CronVm;
            public static class Use
            {
                public static object Run() => new WfdefWorkflows.CreateVmInput { VmName = "a" };
            }
            """;
        var source = Emitter.EmitWorkflows(Specs.Wfdef());

        var errors = GeneratorHarness.Errors(GeneratorHarness.CreateCompilation(source, usage));

        Assert.Single(errors);
        Assert.Equal("CS9035", errors[0].Id);
        Assert.Contains("ImageRef", errors[0].GetMessage());
    }

    public static TheoryData<string> Examples => new() { "HelloWorkflow", "AlarmWorkflow", "CronVm" };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_program_compiles_against_the_generated_shape(string example)
    {
        var sources = example switch
        {
            "HelloWorkflow" => new[] { Emitter.EmitStack(Specs.Hello()) },
            "AlarmWorkflow" => new[] { Emitter.EmitStack(Specs.Alarm()) },
            _ => new[] { Emitter.EmitStack(Specs.CronVm()), Emitter.EmitWorkflows(Specs.Wfdef()) },
        };
        // Program.cs and the example's other C# files (CronVm's simulated Nova), not what the build put in obj/ or bin/.
        var folder = System.IO.Path.Combine(GeneratorHarness.RepoRoot(), "examples", example);
        var programFiles = System.IO.Directory.EnumerateFiles(folder, "*.cs", System.IO.SearchOption.AllDirectories)
            .Where(f => System.IO.Path.GetRelativePath(folder, f).Split(System.IO.Path.DirectorySeparatorChar)[0] is not ("obj" or "bin"))
            .Select(System.IO.File.ReadAllText);

        var compilation = GeneratorHarness.CreateCompilation(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication, sources.Concat(programFiles).ToArray());

        Assert.Empty(GeneratorHarness.Errors(compilation));
    }
}
