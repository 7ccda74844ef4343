using HelloWorkflow;
using MistralTemplates.Cli;

// hello.yaml became HelloStack at compile time; the command line deploys, signals, inspects and destroys it
// (in the embedded engine under .mistral/, or in the Mistral that --endpoint or MISTRAL_URL names):
//   dotnet run                          (deploy, run the workflow, print the result)
//   dotnet run -- signal workflow --wait
//   dotnet run -- executions workflow
//   dotnet run -- destroy
return await StackCommandLine.RunAsync(new HelloStack("hello"), args);
