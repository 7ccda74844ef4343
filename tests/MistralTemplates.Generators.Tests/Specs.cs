using System.IO;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators.Tests;

/// <summary>Stack specs built by hand, as the parser would build them for the examples, so the emitter is tested on its own.</summary>
internal static class Specs
{
    public static EquatableArray<T> Of<T>(params T[] items) => items.ToEquatableArray();

    private static string Example(string relative) => File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot(), "examples", relative));

    private static WorkflowSpec Workflow(string name, string property, params InputSpec[] inputs) =>
        new(name, property, property + "Input", null, Of(inputs));

    public static StackSpec Hello() => new(
        "HelloWorkflow", "HelloStack", "HelloParameters", "StackOutputs", "hello.yaml", "hello", Example("HelloWorkflow/hello.yaml"),
        "Use case 1 of the Mistral resources spec: a workflow that echoes a greeting,\nstarted by signalling the workflow resource.",
        Of<EmbeddedFile>(),
        Of<ParameterSpec>(),
        Of(new ResourceSpec("workflow", "OS::Mistral::Workflow", "Workflow", "WorkflowResource", ResourceKind.Workflow, "AvailableWorkflowNames",
            Of(Workflow("test", "Test")))),
        Of(new OutputSpec("executions", "Executions", "The executions of the workflow.", ValueKind.Executions),
            new OutputSpec("workflows", "Workflows", "Short workflow names mapped to the names registered in Mistral.", ValueKind.WorkflowNames)),
        Of<string>());

    public static StackSpec Alarm() => new(
        "AlarmWorkflow", "AlarmStack", "AlarmParameters", "StackOutputs", "alarm.yaml", "alarm", Example("AlarmWorkflow/alarm.yaml"),
        "Use case 2 of the Mistral resources spec.",
        Of<EmbeddedFile>(),
        Of<ParameterSpec>(),
        Of(new ResourceSpec("workflow", "OS::Mistral::Workflow", "Workflow", "WorkflowResource", ResourceKind.Workflow, "AvailableWorkflowNames",
                Of(Workflow("test", "Test"))),
            new ResourceSpec("alarm", "OS::Aodh::Alarm", "Alarm", "AlarmResource", ResourceKind.Alarm, null, Of<WorkflowSpec>())),
        Of(new OutputSpec("executions", "Executions", null, ValueKind.Executions),
            new OutputSpec("workflows", "Workflows", null, ValueKind.WorkflowNames)),
        Of<string>());

    public static StackSpec CronVm() => new(
        "CronVm", "CronVmStack", "CronVmParameters", "StackOutputs", "cron_vm.yaml", "cron_vm", Example("CronVm/cron_vm.yaml"),
        "Use case 3 of the Mistral resources spec.",
        Of(new EmbeddedFile("wfdef.yaml", Example("CronVm/wfdef.yaml"))),
        Of<ParameterSpec>(),
        Of(new ResourceSpec("workflow", "OS::Mistral::Workflow", "Workflow", "WorkflowResource", ResourceKind.Workflow, "AvailableWorkflowNames",
                Of(Workflow("create_vm", "CreateVm",
                    new InputSpec("vm_name", "VmName", false, null),
                    new InputSpec("image_ref", "ImageRef", false, null),
                    new InputSpec("flavor_ref", "FlavorRef", false, null)))),
            new ResourceSpec("cron_trigger", "OS::Mistral::CronTrigger", "CronTrigger", "CronTriggerResource", ResourceKind.CronTrigger, null, Of<WorkflowSpec>())),
        Of<OutputSpec>(),
        Of<string>());

    /// <summary>Every parameter type with and without defaults and constraints, and every resource kind.</summary>
    public static StackSpec KitchenSink() => new(
        "Consumer.Templates", "KitchenSinkStack", "KitchenSinkParameters", "StackOutputs", "templates/kitchen-sink.yaml", "kitchen-sink", "heat_template_version: 2021-04-16\n",
        null,
        Of(new EmbeddedFile("scripts/a \"quoted\".yaml", "line1\nline2\t\\")),
        Of(new ParameterSpec("flavor", "Flavor", ParameterKind.String, true, "m1.small", Of<string>(), "Flavor", "The <flavor> & size.", false, true),
            new ParameterSpec("key_name", "KeyName", ParameterKind.String, false, null, Of<string>(), null, null, true, false),
            new ParameterSpec("count", "Count", ParameterKind.Number, true, "2.5", Of<string>(), null, null, false, true),
            new ParameterSpec("size", "Size", ParameterKind.Number, false, null, Of<string>(), null, null, false, false),
            new ParameterSpec("enabled", "Enabled", ParameterKind.Boolean, true, "true", Of<string>(), null, null, false, false),
            new ParameterSpec("zones", "Zones", ParameterKind.CommaDelimitedList, true, null, Of("a", "b"), null, null, false, false),
            new ParameterSpec("metadata", "Metadata", ParameterKind.Json, true, "{\"k\":[1,2]}", Of<string>(), null, null, false, true),
            new ParameterSpec("class", "@class", ParameterKind.String, true, "x", Of<string>(), null, null, false, false)),
        Of(new ResourceSpec("wf", "OS::Mistral::Workflow", "Wf", "WfResource", ResourceKind.Workflow, "AvailableWorkflowNames",
                Of(new WorkflowSpec("create-vm", "CreateVm", "CreateVmInput", "Creates a VM.\nThen waits.", Of(
                        new InputSpec("name", "Name", false, null),
                        new InputSpec("retries", "Retries", true, "3", InputType.Integer),
                        new InputSpec("ratio", "Ratio", true, "0.5", InputType.Number),
                        new InputSpec("dry_run", "DryRun", true, "false", InputType.Boolean),
                        new InputSpec("label", "Label", true, "\"vm\"", InputType.String),
                        new InputSpec("tags", "Tags", true, "[\"a\"]", InputType.List),
                        new InputSpec("meta", "Meta", true, "{}", InputType.Map),
                        new InputSpec("extra", "Extra", true, "null"))),
                    Workflow("empty", "Empty"))),
            new ResourceSpec("trigger", "OS::Mistral::CronTrigger", "Trigger", "TriggerResource", ResourceKind.CronTrigger, null, Of<WorkflowSpec>()),
            new ResourceSpec("ext", "OS::Mistral::ExternalResource", "Ext", "ExtResource", ResourceKind.ExternalResource, null, Of<WorkflowSpec>()),
            new ResourceSpec("old_alarm", "OS::Ceilometer::Alarm", "OldAlarm", "OldAlarmResource", ResourceKind.Alarm, null, Of<WorkflowSpec>()),
            new ResourceSpec("server", "OS::Nova::Server", "Server", "ServerResource", ResourceKind.Generic, null, Of<WorkflowSpec>())),
        Of(new OutputSpec("url", "Url", null, ValueKind.Uri),
            new OutputSpec("next", "Next", null, ValueKind.Timestamp),
            new OutputSpec("left", "Left", null, ValueKind.Integer),
            new OutputSpec("id", "Id", null, ValueKind.String),
            new OutputSpec("other", "Other", null, ValueKind.Json)),
        Of<string>());

    public static DslFileSpec Wfdef() => new(
        "CronVm", "WfdefWorkflows", "wfdef.yaml", Example("CronVm/wfdef.yaml"), "Workflows",
        Of(new WorkflowSpec("create_vm", "CreateVm", "CreateVmInput", null, Of(
            new InputSpec("vm_name", "VmName", false, null),
            new InputSpec("image_ref", "ImageRef", false, null),
            new InputSpec("flavor_ref", "FlavorRef", true, "\"x\"", InputType.String)))),
        Of(new WorkflowSpec("my_action", "MyAction", "MyActionInput", null, Of(new InputSpec("input", "Input", false, null)))));
}
