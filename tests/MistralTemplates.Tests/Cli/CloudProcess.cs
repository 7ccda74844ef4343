using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Cli;

/// <summary>How one run of a stack program ended, and how long it took.</summary>
public sealed record CloudRun(int Code, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {Code} after {Elapsed.TotalSeconds:0.0} s\n{Output}{Error}";
}

/// <summary>
/// A stack program (an example, or the crash host's <c>cloud</c> stack) run as its own process against the test
/// Keystone's clouds, with no OpenStack, Mistral or state variables of the test's own environment.
/// </summary>
public static class CloudProcess
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(180);

    /// <summary>The server script's data folder, where it wrote clouds.yaml, secure.yaml and the openrc files next to accounts.json.</summary>
    public static string DataFolder => Path.GetDirectoryName(Path.GetFullPath(Environment.GetEnvironmentVariable(KeystoneServer.AccountsVariable)!))!;

    /// <summary>The built program named by the test assembly's <c>AssemblyMetadata(<paramref name="key"/>, path)</c>.</summary>
    public static string Dll(string key) =>
        Path.GetFullPath(typeof(CloudProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);

    /// <summary>The environment that finds the script's clouds.yaml and secure.yaml (passwords merged over the clouds).</summary>
    public static Dictionary<string, string> CloudFiles() => new()
    {
        [CloudConfig.ConfigFileVariable] = Path.Combine(DataFolder, "clouds.yaml"),
        [CloudConfig.SecureFileVariable] = Path.Combine(DataFolder, "secure.yaml"),
    };

    /// <summary>
    /// The same clouds with their <c>auth_url</c> pointing at <paramref name="authUrl"/> instead (a proxy, a closed
    /// port), in a clouds.yaml written into <paramref name="folder"/>.
    /// </summary>
    public static Dictionary<string, string> CloudFilesAt(Uri authUrl, string folder)
    {
        var keystone = KeystoneServer.FromEnvironment().AuthUrl.ToString().TrimEnd('/');
        var text = File.ReadAllText(Path.Combine(DataFolder, "clouds.yaml"));
        Assert.Contains(keystone, text);
        var clouds = Path.Combine(folder, "clouds.yaml");
        File.WriteAllText(clouds, text.Replace(keystone, authUrl.ToString().TrimEnd('/'), StringComparison.Ordinal));
        var environment = CloudFiles();
        environment[CloudConfig.ConfigFileVariable] = clouds;
        return environment;
    }

    /// <summary>How to start <paramref name="dll"/> with <paramref name="arguments"/>: no OS_* or MISTRAL_* variables but <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } dotnet && Path.GetFileNameWithoutExtension(dotnet) == "dotnet" ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal) || k.StartsWith("MISTRAL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs the crash host's <c>cloud</c> stack (several workflows, one that sleeps for its input's <c>seconds</c>) with <paramref name="arguments"/>.</summary>
    public static Task<CloudRun> RunCloudStackAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunAsync(Dll("CrashHost"), ["cloud", .. arguments], environment);

    /// <summary>Runs <paramref name="dll"/> with <paramref name="arguments"/> to its end; a run past the deadline is killed and fails the test.</summary>
    public static async Task<CloudRun> RunAsync(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = StartInfo(dll, arguments, environment);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(RunDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} did not end within {RunDeadline.TotalSeconds} s.\n{await output}{await error}");
        }
        return new CloudRun(process.ExitCode, await output, await error, clock.Elapsed);
    }
}
