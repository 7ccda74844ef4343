using System;
using CronVm;

// cron_vm.yaml became CronVmStack (its workflow read from wfdef.yaml through get_file, embedded at
// compile time); wfdef.yaml on its own became WfdefWorkflows. Deployment comes with the runtime; until
// then this prints what the stack will create.
var stack = new CronVmStack("vms");

Console.WriteLine($"Stack '{stack.StackName}' from {CronVmStack.TemplateFile}:");
foreach (var resource in stack.Resources)
    Console.WriteLine($"  resource {resource.Name} ({resource.Type})");

Console.WriteLine($"  workflow '{WfdefWorkflows.CreateVm.Name}' registers as {stack.Workflow.AvailableWorkflows.CreateVm}");
Console.WriteLine($"  embedded files: {string.Join(", ", CronVmStack.Template.Files.Keys)}");

// The input record is typed from the DSL; the workflow resource's `input` gives each a default.
var input = new CronVmStack.WorkflowResource.CreateVmInput { VmName = "vm1", ImageRef = "cirros", FlavorRef = "m1.tiny" };
Console.WriteLine($"  starting {stack.Workflow.CreateVm.FullName} by hand would take {input}");

// The cron trigger's schedule state, known once the stack exists.
Console.WriteLine($"  trigger '{stack.CronTrigger.Name}': next run {stack.CronTrigger.NextExecutionTime}, runs left {stack.CronTrigger.RemainingExecutions}");
