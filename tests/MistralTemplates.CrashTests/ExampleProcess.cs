using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.CrashTests;

/// <summary>How one run of an example's command line ended.</summary>
public sealed record ExampleRun(string Command, int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"{Command}: exit {ExitCode}\n{Output}{Errors}";
}

/// <summary>
/// An example's program run as a real process (<c>dotnet AlarmWorkflow.dll VERB ...</c>): one verb to its end, or a
/// long-running verb such as <c>serve</c> in the background, stopped the way a service manager stops it.
/// </summary>
public sealed class ExampleProcess : IAsyncDisposable
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _command;

    private ExampleProcess(Process process, string command)
    {
        _process = process;
        _command = command;
    }

    /// <summary>The built DLL named by the test assembly's <c>AssemblyMetadata(<paramref name="key"/>, path)</c>.</summary>
    public static string DllPath(string key)
    {
        var path = Path.GetFullPath(typeof(ExampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);
        if (!File.Exists(path)) throw new InvalidOperationException($"{key} is not built at {path}: build tests/MistralTemplates.CrashTests.");
        return path;
    }

    /// <summary>Runs <paramref name="arguments"/> to the end; a run past the deadline is killed and fails the test.</summary>
    public static async Task<ExampleRun> RunAsync(string dll, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(dll, arguments)) ?? throw new InvalidOperationException("Could not start dotnet.");
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
            throw new TimeoutException($"{string.Join(' ', arguments)} did not end within {RunDeadline}.");
        }
        return new ExampleRun(string.Join(' ', arguments), process.ExitCode, await output, await errors);
    }

    /// <summary>Starts <paramref name="arguments"/> and leaves it running; its output is kept for <see cref="ToString"/>.</summary>
    public static ExampleProcess Start(string dll, params string[] arguments)
    {
        var process = new Process { StartInfo = StartInfo(dll, arguments) };
        var started = new ExampleProcess(process, string.Join(' ', arguments));
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Sends SIGTERM, as systemd or Kubernetes stop a service (<see cref="Process.Kill()"/> would send SIGKILL), and
    /// waits for the process to end; null when it is still running at the deadline.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan deadline)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("SIGTERM is sent with kill(1), on Linux and macOS.");
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public override string ToString()
    {
        lock (_output) return $"{_command}{(_process.HasExited ? $": exit {_process.ExitCode}" : ": running")}\n{_output}";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The public URL must come from --public-url alone, not from the environment the tests run in.
        start.Environment.Remove(Webhooks.PublicUrl.EnvironmentVariable);
        return start;
    }

    /// <summary>The dotnet the tests run under (the test host is itself started by it), else the one on PATH.</summary>
    internal static string DotnetPath() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
