using BenchmarkDotNet.Running;
using MistralTemplates.Benchmarks;

// Two measurements of their own, not BenchmarkDotNet runs: one long listing, and raw/client calls interleaved.
if (args is [ClientListing.Command, ..])
    return await ClientListing.RunAsync(args[1..]);
if (args is [ClientCallComparison.Command, ..])
    return await ClientCallComparison.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
