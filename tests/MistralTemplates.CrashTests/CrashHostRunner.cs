using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Faults;

namespace MistralTemplates.CrashTests;

/// <summary>Where to kill a run: when its <see cref="Request"/>-th request reaches the proxy, or once that request's answer was sent.</summary>
public sealed record KillPoint(int Request, bool AfterAnswer)
{
    public override string ToString() => AfterAnswer ? $"after answer {Request}" : $"before request {Request}";
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
    public static async Task<HostRun> RunAsync(Uri endpoint, IEnumerable<string> arguments, FaultProxy? proxy = null, KillPoint? kill = null)
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
        start.ArgumentList.Add("--endpoint");
        start.ArgumentList.Add(endpoint.ToString());

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
            var output = process.StandardOutput.ReadToEndAsync();
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
                : "";
            return new HostRun(process.ExitCode, killed == 1, killedAt, requests.Count, elapsed, await output, await errors);
        }
    }
}
