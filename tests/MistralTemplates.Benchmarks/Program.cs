using System;
using BenchmarkDotNet.Running;
using MistralTemplates.Benchmarks;

// `list-executions` is a measurement of its own (one long listing, not a BenchmarkDotNet micro-benchmark).
if (args.Length > 0 && args[0] == ClientListing.Command)
    return await ClientListing.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
