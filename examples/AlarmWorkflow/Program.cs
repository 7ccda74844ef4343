using System;
using AlarmWorkflow;

// alarm.yaml became AlarmStack at compile time: a workflow started by an Aodh alarm through its alarm_url.
// Deployment comes with the runtime; until then this prints what the stack will create.
var stack = new AlarmStack("alarm");

Console.WriteLine($"Stack '{stack.StackName}' from {AlarmStack.TemplateFile}:");
foreach (var resource in stack.Resources)
    Console.WriteLine($"  resource {resource.Name} ({resource.Type})");

Console.WriteLine($"  workflow 'test' registers as {stack.Workflow.AvailableWorkflows.Test}");

// The alarm's action is the workflow's signed alarm_url, known once the stack exists.
MistralTemplates.AttributeReference<Uri> alarmUrl = stack.Workflow.AlarmUrl;
Console.WriteLine($"  alarm '{stack.Alarm.Name}' will POST to {alarmUrl}");

Console.WriteLine($"  output executions = {stack.Outputs.Executions}");
Console.WriteLine($"  output workflows  = {stack.Outputs.Workflows}");
