using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Cli;

/// <summary>HelloWorkflow, run as its own process, deployed, signalled and destroyed on a Mistral behind a real Keystone.</summary>
public sealed class KeystoneCloudTests
{
    private static KeystoneServer Keystone => KeystoneServer.FromEnvironment();

    /// <summary>The server script's data folder, where it wrote clouds.yaml, secure.yaml and the openrc files next to accounts.json.</summary>
    internal static string DataFolder => Path.GetDirectoryName(Path.GetFullPath(Environment.GetEnvironmentVariable(KeystoneServer.AccountsVariable)!))!;

    private static string HelloWorkflowDll =>
        Path.GetFullPath(typeof(KeystoneCloudTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HelloWorkflow").Value!);

    [KeystoneFact]
    public async Task A_sourced_openrc_deploys_signals_and_destroys_HelloWorkflow()
    {
        Assert.Equal(Keystone.AuthUrl.ToString().TrimEnd('/'), ReadOpenrc(Path.Combine(DataFolder, "openrc-demo"))["OS_AUTH_URL"].TrimEnd('/'));
        var openrc = ReadOpenrc(Path.Combine(DataFolder, "openrc-demo"));
        Assert.True(openrc.ContainsKey("OS_AUTH_URL"));
        var stack = "openrc" + Guid.NewGuid().ToString("N")[..8];

        foreach (var verb in new[] { new[] { "deploy" }, ["signal", "workflow", "--wait"], ["state", "list"], ["destroy", "--delete-executions"] })
        {
            var run = await RunAsync([.. verb, "--stack", stack], openrc);
            Assert.True(run.Code == 0, run.ToString());
            if (verb[0] == "signal") Assert.Contains("SUCCESS {\"result\":\"Hello\"}", run.Output);
            if (verb[0] == "state") Assert.Contains(stack, run.Output);
            Assert.DoesNotContain(openrc["OS_PASSWORD"], run.Output + run.Error);
        }
    }

    [KeystoneFact]
    public async Task Os_cloud_demo_deploys_signals_and_destroys_HelloWorkflow_its_application_credential_sees_it_and_another_project_does_not()
    {
        // The passwords are in secure.yaml, merged over clouds.yaml's entries.
        var environment = new Dictionary<string, string>
        {
            [CloudConfig.ConfigFileVariable] = Path.Combine(DataFolder, "clouds.yaml"),
            [CloudConfig.SecureFileVariable] = Path.Combine(DataFolder, "secure.yaml"),
        };
        var stack = "oscloud" + Guid.NewGuid().ToString("N")[..8];

        var deploy = await RunAsync(["deploy", "--stack", stack, "--os-cloud", "demo"], environment);
        Assert.True(deploy.Code == 0, deploy.ToString());
        Assert.Contains($"{stack}: CREATE_COMPLETE", deploy.Output);

        var signal = await RunAsync(["signal", "workflow", "--wait", "--stack", stack, "--os-cloud", "demo"], environment);
        Assert.True(signal.Code == 0, signal.ToString());
        Assert.Contains("SUCCESS {\"result\":\"Hello\"}", signal.Output);

        var elsewhere = await RunAsync(["state", "list", "--os-cloud", "alt"], environment);
        Assert.True(elsewhere.Code == 0, elsewhere.ToString());
        Assert.DoesNotContain(stack, elsewhere.Output);

        // demo's application credential signs in to the same project, so it sees the stack.
        var sameProject = await RunAsync(["state", "list", "--os-cloud", "demo-appcred"], environment);
        Assert.True(sameProject.Code == 0, sameProject.ToString());
        Assert.Contains(stack, sameProject.Output);

        var destroy = await RunAsync(["destroy", "--delete-executions", "--stack", stack, "--os-cloud", "demo"], environment);
        Assert.True(destroy.Code == 0, destroy.ToString());
        foreach (var run in new[] { deploy, signal, elsewhere, sameProject, destroy })
            Assert.DoesNotContain(Keystone.PasswordOf("demo"), run.Output + run.Error);
    }

    /// <summary>The <c>export OS_...=...</c> lines of an openrc file, as sourcing it sets them.</summary>
    private static Dictionary<string, string> ReadOpenrc(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var match = Regex.Match(line, @"^\s*export\s+(\w+)=(.*)$");
            if (match.Success) variables[match.Groups[1].Value] = match.Groups[2].Value.Trim().Trim('"', '\'');
        }
        return variables;
    }

    internal sealed record Run(int Code, string Output, string Error)
    {
        public override string ToString() => $"exit {Code}\n{Output}{Error}";
    }

    /// <summary>HelloWorkflow with <paramref name="arguments"/> and no OpenStack, Mistral or state variables but <paramref name="environment"/>.</summary>
    internal static async Task<Run> RunAsync(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } dotnet && Path.GetFileNameWithoutExtension(dotnet) == "dotnet" ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(HelloWorkflowDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal) || k.StartsWith("MISTRAL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"HelloWorkflow {string.Join(' ', arguments)} did not end within 120 s.\n{await output}{await error}");
        }
        return new Run(process.ExitCode, await output, await error);
    }
}
