using BenchmarkDotNet.Running;
using MistralTemplates.Benchmarks;

// Measurements of their own, not BenchmarkDotNet runs: one long listing, raw/client calls interleaved, the runtime's
// deploy and executions against the floor and Heat, and the stack command line those start as a process.
if (args is [ClientListing.Command, ..])
    return await ClientListing.RunAsync(args[1..]);
if (args is [ClientCallComparison.Command, ..])
    return await ClientCallComparison.RunAsync(args[1..]);
if (args is [DeployComparison.Command, ..])
    return await DeployComparison.RunAsync(args[1..]);
if (args is [ExecutionsAttributeComparison.Command, ..])
    return await ExecutionsAttributeComparison.RunAsync(args[1..]);
if (args is [EngineComparison.Command, ..])
    return await EngineComparison.RunAsync(args[1..]);
if (args is [StackCliHost.Command, ..])
    return await StackCliHost.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
