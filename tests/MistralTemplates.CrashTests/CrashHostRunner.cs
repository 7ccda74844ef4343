using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Faults;

namespace MistralTemplates.CrashTests;

/// <summary>Where to kill a run: when its <see cref="Request"/>-th request reaches the proxy, or once that request's answer was sent.</summary>
public sealed record KillPoint(int Request, bool AfterAnswer)
{
    public override string ToString() => AfterAnswer ? $"after answer {Request}" : $"before request {Request}";
}

/// <summary>
/// Where to kill a run that has no proxy in front of its service (the embedded engine): <see cref="After"/> once it
/// has printed its <see cref="Line"/>-th line of output (a progress line: a resource started or finished).
/// </summary>
public sealed record OutputKillPoint(int Line, TimeSpan After)
{
    public override string ToString() => $"{After.TotalMilliseconds:0} ms after output line {Line}";
}

/// <summary>How one run of the crash host ended.</summary>
public sealed record HostRun(int ExitCode, bool Killed, string KilledAt, int Requests, TimeSpan Elapsed, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}{(Killed ? $", killed at {KilledAt}" : "")}, {Elapsed.TotalSeconds:0.00} s\n{Output}{Errors}";
}

/// <summary>Runs tests/MistralTemplates.CrashHost as a real process (<c>dotnet MistralTemplates.CrashHost.dll VERB ...</c>).</summary>
public static class CrashHostRunner
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(90);

    public static string HostPath { get; } = Path.GetFullPath(typeof(CrashHostRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CrashHost").Value!);

    /// <summary>
    /// Runs the host against <paramref name="endpoint"/>. With a <paramref name="kill"/> point, the endpoint must be
    /// <paramref name="proxy"/>'s: its log is cleared, and the process is killed (with its whole tree) at that request.
    /// </summary>
    public static Task<HostRun> RunAsync(Uri endpoint, IEnumerable<string> arguments, FaultProxy? proxy = null, KillPoint? kill = null) =>
        RunAsync(arguments.Concat(["--endpoint", endpoint.ToString()]), proxy, kill, outputKill: null);

    /// <summary>
    /// Runs the host on the embedded engine in <paramref name="stateFolder"/>; with <paramref name="kill"/>, the process
    /// is killed (with its whole tree) at that point of its output.
    /// </summary>
    public static Task<HostRun> RunEmbeddedAsync(string stateFolder, IEnumerable<string> arguments, OutputKillPoint? kill = null) =>
        RunAsync(arguments.Concat(["--state-dir", stateFolder]), proxy: null, kill: null, kill);

    private static async Task<HostRun> RunAsync(IEnumerable<string> arguments, FaultProxy? proxy, KillPoint? kill, OutputKillPoint? outputKill)
    {
        if (!File.Exists(HostPath))
            throw new InvalidOperationException($"The crash host is not built at {HostPath}: build tests/MistralTemplates.CrashHost.");
        var start = new ProcessStartInfo(ExampleProcess.DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process? process = null;
        var killed = 0;
        proxy?.Clear();
        if (kill is not null)
        {
            if (proxy is null) throw new ArgumentException("A kill point needs the proxy.", nameof(proxy));
            async Task Kill()
            {
                Interlocked.Exchange(ref killed, 1);
                process!.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            proxy.Inject(FaultRule.Nth(kill.Request, kill.AfterAnswer ? Fault.ForwardThenAct(Kill) : Fault.ActThenDrop(Kill)));
        }

        var clock = Stopwatch.StartNew();
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        using (process)
        {
            var output = outputKill is null ? process.StandardOutput.ReadToEndAsync() : ReadKillingAtAsync(process, outputKill, () => Interlocked.Exchange(ref killed, 1));
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(RunDeadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The crash host ({string.Join(' ', start.ArgumentList)}) did not end within {RunDeadline}.");
            }
            var elapsed = clock.Elapsed;
            if (proxy is not null) await proxy.WaitUntilIdleAsync();
            var requests = proxy?.Requests ?? [];
            var killedAt = kill is not null && killed == 1 && requests.Count >= kill.Request
                ? $"{kill} ({requests[kill.Request - 1].Method} {requests[kill.Request - 1].PathAndQuery})"
                : outputKill is not null && killed == 1 ? outputKill.ToString() : "";
            return new HostRun(process.ExitCode, killed == 1, killedAt, requests.Count, elapsed, await output, await errors);
        }
    }

    /// <summary>Reads the process's output to its end, and kills the process at <paramref name="kill"/>.</summary>
    private static async Task<string> ReadKillingAtAsync(Process process, OutputKillPoint kill, Action killing)
    {
        var text = new StringBuilder();
        var lines = 0;
        Task? killer = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (++lines != kill.Line) continue;
            killer = Task.Run(async () =>
            {
                await Task.Delay(kill.After);
                try
                {
                    if (process.HasExited) return;
                    killing();
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended on its own first.
                }
            });
        }
        if (killer is not null) await killer;
        return text.ToString();
    }
}
