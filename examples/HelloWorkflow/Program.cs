using HelloWorkflow;
using MistralTemplates.Cli;

// hello.yaml became HelloStack at compile time; the command line deploys, signals, inspects and destroys it:
//   dotnet run -- deploy --endpoint http://127.0.0.1:8989
//   dotnet run -- signal workflow --wait
//   dotnet run -- executions workflow
//   dotnet run -- destroy
return await StackCommandLine.RunAsync(new HelloStack("hello"), args);
