using CrashHost;
using MistralTemplates.Cli;

return await StackCommandLine.RunAsync(new CrashStack("crash"), args);
