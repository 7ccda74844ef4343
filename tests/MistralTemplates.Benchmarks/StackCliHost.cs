using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Cli;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// The command line an example gets from its one-line Program.cs, for a bench stack: <c>stack-cli KIND VERB ...</c>
/// runs <see cref="StackCommandLine.RunAsync(Stack, string[], Func{Stack, int})"/> unchanged. At exit it writes the
/// number of HTTP requests the process made (from .NET's own <c>System.Net.Http</c> metrics, so the command line's
/// client is not touched) as the last line of standard error, for <see cref="CliRun"/> to read.
/// </summary>
internal static class StackCliHost
{
    public const string Command = "stack-cli";
    public const string CallsLinePrefix = "bench-http-calls:";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var kind, .. var rest])
        {
            Console.Error.WriteLine($"usage: {Command} many:N|echo VERB [options]   (the stack's command line, e.g. deploy --stack NAME)");
            return 2;
        }
        var calls = 0;
        var writes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            Interlocked.Increment(ref calls);
            foreach (var tag in tags)
                if (tag is { Key: "http.request.method", Value: string method } && method is not ("GET" or "HEAD")) Interlocked.Increment(ref writes);
        });
        listener.Start();

        var template = BenchStacks.StackTemplateOf(kind);
        var code = await StackCommandLine.RunAsync(new BenchStack("bench", template), rest);
        listener.RecordObservableInstruments();
        Console.Error.WriteLine($"{CallsLinePrefix} {Volatile.Read(ref calls)} {Volatile.Read(ref writes)}");
        return code;
    }
}

/// <summary>One run of the command-line host in its own process: wall time from start to exit, HTTP calls, output.</summary>
internal sealed record CliRun(int ExitCode, TimeSpan Elapsed, int Calls, int Writes, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(Uri endpoint, string kind, IEnumerable<string> verbAndOptions)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is not known.");
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(StackCliHost).Assembly.Location);
        foreach (var arg in new[] { StackCliHost.Command, kind }.Concat(verbAndOptions).Concat(["--endpoint", endpoint.ToString()]))
            start.ArgumentList.Add(arg);
        // Plain lines, as a user's command in a pipeline or CI prints them.
        start.Environment["NO_COLOR"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {host}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        var (calls, writes) = CallsFrom(await error);
        var run = new CliRun(process.ExitCode, elapsed, calls, writes, await output, await error);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', start.ArgumentList)}` exited with {run.ExitCode}: {run.Error}{run.Output}");
        return run;
    }

    private static (int Calls, int Writes) CallsFrom(string error)
    {
        var line = error.Split('\n').LastOrDefault(l => l.StartsWith(StackCliHost.CallsLinePrefix, StringComparison.Ordinal));
        var parts = line?[StackCliHost.CallsLinePrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [var calls, var writes]
            ? (int.Parse(calls, CultureInfo.InvariantCulture), int.Parse(writes, CultureInfo.InvariantCulture))
            : (-1, -1);
    }
}
