using CrashHost;
using MistralTemplates.Cli;

if (args.Length > 0 && args[0] == EngineKillHost.Verb) return await EngineKillHost.RunAsync(args);
return await StackCommandLine.RunAsync(new CrashStack("crash"), args);
