using System;
using HelloWorkflow;

// hello.yaml became HelloStack at compile time. Deployment comes with the runtime; until then this
// prints what the stack will create.
var stack = new HelloStack("hello");

Console.WriteLine($"Stack '{stack.StackName}' from {HelloStack.TemplateFile}:");
foreach (var resource in stack.Resources)
    Console.WriteLine($"  resource {resource.Name} ({resource.Type})");

// Every workflow of the definition, by short name and by the full name Mistral registers.
string test = stack.Workflow.AvailableWorkflows.Test;
Console.WriteLine($"  workflow 'test' registers as {test}");
foreach (var (shortName, fullName) in stack.Workflow.AvailableWorkflows)
    Console.WriteLine($"    available_workflows: {shortName} -> {fullName}");

// The input record is typed from the workflow's DSL input (this workflow takes none).
var input = new HelloStack.WorkflowResource.TestInput();
Console.WriteLine($"  signalling {stack.Workflow.Test.FullName} would start it with {input}");

// Attributes and outputs are deferred references, resolved once the stack exists.
Console.WriteLine($"  {stack.Workflow.Executions} is a list of {nameof(MistralTemplates.WorkflowExecution)}");
Console.WriteLine($"  output executions = {stack.Outputs.Executions}: {stack.Outputs.Executions.Description}");
Console.WriteLine($"  output workflows  = {stack.Outputs.Workflows}: {stack.Outputs.Workflows.Description}");
