using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace MistralTemplates.Generators.Tests;

/// <summary>
/// Packs the generator, the runtime and the template-language library into a folder feed and builds a
/// throwaway consumer from it, with a package cache of its own so a stale package is never used.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackagingTests : IDisposable
{
    private const string Version = "0.1.0-packagingtest";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mt-packaging-" + Guid.NewGuid().ToString("N"));

    private string Feed => Path.Combine(_root, "feed");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public void Generator_package_holds_its_dependencies_and_props_and_loads_in_a_consumer_build()
    {
        Pack();
        using (var package = ZipFile.OpenRead(Path.Combine(Feed, $"MistralTemplates.Generators.{Version}.nupkg")))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            foreach (var dll in new[] { "MistralTemplates.Generators", "MistralTemplates.Language", "YamlDotNet", "Scriban.Signed", "Cronos" })
                Assert.Contains($"analyzers/dotnet/cs/{dll}.dll", entries);
            Assert.Contains("build/MistralTemplates.Generators.props", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        }

        var consumer = WriteConsumer("""
            using System;
            Console.WriteLine(typeof(MistralTemplates.Stack).FullName);
            """);
        // Normal verbosity logs the compiler's command line, with the analyzers it was handed.
        var (exitCode, output) = Run("dotnet", $"build \"{consumer}\" -nologo -v:n", consumer);

        Assert.True(exitCode == 0, output);
        foreach (var dll in new[] { "MistralTemplates.Generators", "MistralTemplates.Language", "YamlDotNet", "Scriban.Signed", "Cronos" })
            Assert.Matches($"/analyzer:[^ ]*mistraltemplates.generators/{Version}/analyzers/dotnet/cs/{dll}.dll", output.Replace('\\', '/'));
        Assert.DoesNotContain("CS8785", output);
        Assert.DoesNotContain("AD0001", output);
    }

    /// <summary>
    /// A consumer as the README shows one: a template, and a Program.cs with the one-line command line plus a use of the
    /// typed API. It must build from the packages; with MISTRAL_URL set it also runs against that server.
    /// </summary>
    [Fact]
    public void Consumer_of_the_packages_builds_and_runs_the_command_line_and_the_typed_api()
    {
        Pack();
        var consumer = WriteConsumer("""
            using System;
            using Consumer;
            using MistralTemplates;
            using MistralTemplates.Cli;
            using MistralTemplates.Deployment;
            using MistralTemplates.Mistral;

            if (args is ["typed", var stackName])
            {
                await using var target = StackTarget.FromEnvironment();
                var stack = await HelloStack.DeployAsync(target, stackName);
                var run = await stack.Workflow.Test.StartAsync();
                var done = await run.WaitAsync(TimeSpan.FromMinutes(1));
                var all = await stack.Workflow.GetExecutionsAsync();
                Console.WriteLine($"typed {stack.Workflow.AvailableWorkflows.Test} {done.State} {done.GetOutput<string>("result")} {all.Count}");
                await stack.DestroyAsync(new DeployOptions { DeleteExecutions = true });
                return done.State == ExecutionState.Success ? 0 : 1;
            }
            return await StackCommandLine.RunAsync(new HelloStack("hello"), args);
            """);

        var (exitCode, output) = Run("dotnet", $"build \"{consumer}\" -nologo", consumer);
        Assert.True(exitCode == 0, output);

        // With no Mistral named, the embedded engine runs the default action, its state in the consumer's own folder
        // (recorded by the runtime package's build targets) even when started from another directory.
        var embedded = Run("dotnet", $"run --no-build --project \"{consumer}\"", _root, withoutMistralUrl: true);
        Assert.True(embedded.ExitCode == 0, embedded.Output);
        Assert.Matches(@"\S+ hello\.workflow\.test SUCCESS \{""result"":""Hello""\}", embedded.Output);
        Assert.True(File.Exists(Path.Combine(consumer, ".mistral", "engine.db")), embedded.Output);

        // The server part runs where a server is named (CI always names one); the build above runs everywhere.
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MISTRAL_URL"))) return;
        var stack = "pkg_" + Guid.NewGuid().ToString("N")[..8];
        (int Code, string Output) Cli(string arguments) => Run("dotnet", $"run --no-build -- {arguments} --stack {stack}", consumer);

        var plan = Cli("plan");
        Assert.True(plan.Code == 0, plan.Output);
        Assert.Contains("workflow (OS::Mistral::Workflow): Create", plan.Output);
        var deploy = Cli("deploy");
        Assert.True(deploy.Code == 0, deploy.Output);
        Assert.Contains($"{stack}: CREATE_COMPLETE", deploy.Output);
        var signal = Cli("signal workflow --wait");
        Assert.True(signal.Code == 0, signal.Output);
        Assert.Matches($@"\S+ {stack}\.workflow\.test SUCCESS", signal.Output);
        var destroy = Cli("destroy --delete-executions");
        Assert.True(destroy.Code == 0, destroy.Output);
        Assert.Contains($"{stack}: DELETE_COMPLETE", destroy.Output);
        var gone = Cli("signal workflow");
        Assert.True(gone.Code == 1, gone.Output);
        Assert.Contains("deploy it first", gone.Output);

        var typedStack = stack + "_typed";
        var typed = Run("dotnet", $"run --no-build -- typed {typedStack}", consumer);
        Assert.True(typed.ExitCode == 0, typed.Output);
        Assert.Contains($"typed {typedStack}.workflow.test Success Hello 1", typed.Output);
        var left = Run("dotnet", $"run --no-build -- state list --stack {typedStack}", consumer);
        Assert.True(left.ExitCode == 0, left.Output);
        Assert.DoesNotContain(stack, left.Output);
    }

    private void Pack()
    {
        var repo = GeneratorHarness.RepoRoot();
        foreach (var project in new[] { "src/MistralTemplates.Language", "src/MistralTemplates.Client", "src/MistralTemplates.Engine", "src/MistralTemplates", "generators/MistralTemplates.Generators" })
        {
            // Release and a separate obj folder keep this apart from the Debug build the tests run from.
            var (exitCode, output) = Run("dotnet",
                $"pack \"{Path.Combine(repo, project)}\" -c Release -o \"{Feed}\" -p:Version={Version} -nologo", repo);
            Assert.True(exitCode == 0, output);
        }
    }

    private string WriteConsumer(string program)
    {
        var folder = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>Consumer</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MistralTemplates.Generators" Version="{Version}" PrivateAssets="all" />
                <PackageReference Include="MistralTemplates" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{Feed}" />
                <add key="machine-cache" value="{globalPackages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "hello.yaml"),
            File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot(), "examples", "HelloWorkflow", "hello.yaml")));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        return folder;
    }

    private (int ExitCode, string Output) Run(string command, string arguments, string workingDirectory, bool withoutMistralUrl = false)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // An isolated package cache: the consumer restores exactly what was just packed.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "packages");
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (withoutMistralUrl) start.Environment.Remove("MISTRAL_URL");
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out: " + command + " " + arguments + "\n" + output);
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }
}
