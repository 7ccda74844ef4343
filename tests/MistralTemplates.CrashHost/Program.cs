using CrashHost;
using MistralTemplates.Cli;

if (args.Length > 0 && args[0] == EngineKillHost.Verb) return await EngineKillHost.RunAsync(args);
// `cloud VERB ...`: the command line of cloud.yaml's stack, for the tests against a Mistral behind Keystone.
if (args.Length > 0 && args[0] == "cloud") return await StackCommandLine.RunAsync(new CloudStack("cloud"), args[1..]);
return await StackCommandLine.RunAsync(new CrashStack("crash"), args);
