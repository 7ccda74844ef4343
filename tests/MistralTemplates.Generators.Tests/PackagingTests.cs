using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MistralTemplates.Generators.Tests;

/// <summary>
/// The five packages, packed once for the packaging tests into a folder feed, with a package cache of its own so a
/// consumer restores exactly what was just packed and never a stale package.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>The version the packages are packed with, apart from any release.</summary>
    public const string Version = "0.1.0-packagingtest";

    /// <summary>The packable projects: the runtime, the generator and the three packages the runtime depends on.</summary>
    public static readonly string[] Projects =
        { "src/MistralTemplates.Language", "src/MistralTemplates.Client", "src/MistralTemplates.Engine", "src/MistralTemplates", "generators/MistralTemplates.Generators" };

    /// <summary>Packs the five projects in Release.</summary>
    public PackedFeed()
    {
        var repo = GeneratorHarness.RepoRoot();
        foreach (var project in Projects)
        {
            // Release and a separate obj folder keep this apart from the Debug build the tests run from.
            // The machine's package cache: the repository's restore output must not point into a folder deleted later.
            var (exitCode, output) = Run("dotnet",
                $"pack \"{Path.Combine(repo, project)}\" -c Release -o \"{Feed}\" -p:Version={Version} -nologo", repo, isolatedCache: false);
            if (exitCode != 0) throw new InvalidOperationException("dotnet pack failed:\n" + output);
        }
    }

    /// <summary>The temp folder holding the feed, the package cache and the consumers.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mt-packaging-" + Guid.NewGuid().ToString("N"));

    /// <summary>The folder the packages were packed into.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The path of a packed package.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>
    /// Runs a command, by default with this feed's package cache; <paramref name="environment"/> sets (or, with null,
    /// removes) variables.
    /// </summary>
    public (int ExitCode, string Output) Run(string command, string arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, bool isolatedCache = true)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // An isolated package cache: the consumer restores exactly what was just packed.
        if (isolatedCache) start.Environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
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

/// <summary>
/// Builds throwaway consumers from the packed packages (never project references): the packages' contents, the
/// generator loading from its package, and README's samples compiled exactly as written and run.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackagingTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    private const string Version = PackedFeed.Version;

    private string Feed => packed.Feed;

    [Fact]
    public void Generator_package_holds_its_dependencies_and_props_and_loads_in_a_consumer_build()
    {
        using (var package = ZipFile.OpenRead(Path.Combine(Feed, $"MistralTemplates.Generators.{Version}.nupkg")))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            foreach (var dll in new[] { "MistralTemplates.Generators", "MistralTemplates.Language", "YamlDotNet", "Scriban.Signed", "Cronos" })
                Assert.Contains($"analyzers/dotnet/cs/{dll}.dll", entries);
            Assert.Contains("build/MistralTemplates.Generators.props", entries);
            Assert.Contains("docs/diagnostics.md", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        }

        var consumer = WriteConsumer("Consumer", """
            using System;
            Console.WriteLine(typeof(MistralTemplates.Stack).FullName);
            """);
        // A template with a warning (a duplicate key): the build succeeds, and the warning carries its help link.
        File.WriteAllText(Path.Combine(consumer, "warned.yaml"), "heat_template_version: 2013-05-23\ndescription: a\ndescription: b\n");
        // Normal verbosity logs the compiler's command line, with the analyzers it was handed.
        var (exitCode, output) = packed.Run("dotnet", $"build \"{consumer}\" -nologo -v:n", consumer);

        Assert.True(exitCode == 0, output);
        foreach (var dll in new[] { "MistralTemplates.Generators", "MistralTemplates.Language", "YamlDotNet", "Scriban.Signed", "Cronos" })
            Assert.Matches($"/analyzer:[^ ]*mistraltemplates.generators/{Version}/analyzers/dotnet/cs/{dll}.dll", output.Replace('\\', '/'));
        Assert.DoesNotContain("CS8785", output);
        Assert.DoesNotContain("AD0001", output);

        // The help link (the compiler prints it after the message) opens the diagnostics page the package ships,
        // in the consumer's package cache.
        var warning = Regex.Match(output, @"warning MT0005: [^\n]*\((?<link>[^()\s]+)\)");
        Assert.True(warning.Success, output);
        var helpUri = new Uri(warning.Groups["link"].Value);
        Assert.Equal("#mt0005", helpUri.Fragment);
        Assert.True(helpUri.IsFile, helpUri.ToString());
        Assert.EndsWith($"mistraltemplates.generators/{Version}/docs/diagnostics.md", helpUri.LocalPath.Replace('\\', '/'));
        Assert.True(File.Exists(helpUri.LocalPath), helpUri.LocalPath);
        Assert.Contains("## MT0005", File.ReadAllText(helpUri.LocalPath));
    }

    [Fact]
    public void Every_package_has_its_readme_description_and_tags()
    {
        foreach (var project in PackedFeed.Projects)
        {
            var id = Path.GetFileName(project);
            using var package = ZipFile.OpenRead(packed.Package(id));
            XNamespace ns;
            XElement metadata;
            using (var nuspec = package.GetEntry(id + ".nuspec")!.Open())
            {
                var document = XDocument.Load(nuspec);
                ns = document.Root!.Name.Namespace;
                metadata = document.Root.Element(ns + "metadata")!;
            }
            string? Field(string name) => metadata.Element(ns + name)?.Value;

            Assert.False(string.IsNullOrWhiteSpace(Field("description")), id);
            Assert.False(string.IsNullOrWhiteSpace(Field("tags")), id);
            Assert.False(string.IsNullOrWhiteSpace(Field("authors")), id);
            var readme = Field("readme");
            Assert.False(string.IsNullOrWhiteSpace(readme), id);
            using var text = new StreamReader(package.GetEntry(readme!)!.Open());
            Assert.StartsWith("# " + id + "\n", text.ReadToEnd().ReplaceLineEndings("\n"));
        }
    }

    /// <summary>
    /// A consumer as the README shows one: a template, and a Program.cs with the one-line command line plus a use of the
    /// typed API. It must build from the packages; with MISTRAL_URL set it also runs against that server.
    /// </summary>
    [Fact]
    public void Consumer_of_the_packages_builds_and_runs_the_command_line_and_the_typed_api()
    {
        var consumer = WriteConsumer("Consumer", """
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

        var (exitCode, output) = packed.Run("dotnet", $"build \"{consumer}\" -nologo", consumer);
        Assert.True(exitCode == 0, output);

        // With no Mistral named, the embedded engine runs the default action, its state in the consumer's own folder
        // (recorded by the runtime package's build targets) even when started from another directory.
        var embedded = packed.Run("dotnet", $"run --no-build --project \"{consumer}\"", packed.Root, WithoutMistral());
        Assert.True(embedded.ExitCode == 0, embedded.Output);
        Assert.Matches(@"\S+ hello\.workflow\.test SUCCESS \{""result"":""Hello""\}", embedded.Output);
        Assert.True(File.Exists(Path.Combine(consumer, ".mistral", "engine.db")), embedded.Output);

        // The server part runs where a server is named (CI always names one); the build above runs everywhere.
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MISTRAL_URL"))) return;
        var stack = "pkg_" + Guid.NewGuid().ToString("N")[..8];
        (int Code, string Output) Cli(string arguments) => packed.Run("dotnet", $"run --no-build -- {arguments} --stack {stack}", consumer);

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
        var typed = packed.Run("dotnet", $"run --no-build -- typed {typedStack}", consumer);
        Assert.True(typed.ExitCode == 0, typed.Output);
        Assert.Contains($"typed {typedStack}.workflow.test Success Hello 1", typed.Output);
        var left = packed.Run("dotnet", $"run --no-build -- state list --stack {typedStack}", consumer);
        Assert.True(left.ExitCode == 0, left.Output);
        Assert.DoesNotContain(stack, left.Output);
    }

    /// <summary>
    /// README's samples as a reader follows them: a new console project named MyStacks with README's package lines, the
    /// use case's example templates and the sample as its Program.cs, word for word. It must build from the packages
    /// and run to SUCCESS on the embedded engine.
    /// </summary>
    [Theory]
    [InlineData("use case 1", new[] { "examples/HelloWorkflow/hello.yaml" }, @"^hello\.workflow\.test Success Hello$")]
    [InlineData("use case 3", new[] { "examples/CronVm/cron_vm.yaml", "examples/CronVm/wfdef.yaml" }, @"^vms\.workflow\.create_vm Success [0-9a-f-]{36}$")]
    public void Readme_sample_builds_from_the_packages_and_runs_to_success(string sample, string[] templates, string expected)
    {
        var readme = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot(), "README.md"));
        var packageLines = ReadmeSample(readme, "csproj").Replace("Version=\"0.1.0\"", $"Version=\"{Version}\"");
        var consumer = WriteConsumer("MyStacks", ReadmeSample(readme, sample), templates, packageLines, implicitUsings: true);

        var build = packed.Run("dotnet", $"build \"{consumer}\" -nologo", consumer);
        Assert.True(build.ExitCode == 0, build.Output);

        var state = Path.Combine(packed.Root, "state-" + sample.Replace(' ', '-'));
        var run = packed.Run("dotnet", "run --no-build", consumer, WithoutMistral(state));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(new Regex(expected, RegexOptions.Multiline), run.Output.ReplaceLineEndings("\n"));
        Assert.True(File.Exists(Path.Combine(state, "engine.db")), run.Output);
    }

    /// <summary>The code block between <c>&lt;!-- sample: name --&gt;</c> and <c>&lt;!-- end sample --&gt;</c> in README.</summary>
    private static string ReadmeSample(string readme, string name)
    {
        var match = Regex.Match(readme.ReplaceLineEndings("\n"),
            $@"<!-- sample: {Regex.Escape(name)} -->\n```[a-z]*\n(?<code>.*?)\n```\n<!-- end sample -->", RegexOptions.Singleline);
        Assert.True(match.Success, $"README.md has no sample '{name}' between its markers");
        return match.Groups["code"].Value + "\n";
    }

    /// <summary>The embedded engine as the target: no MISTRAL_URL, and the state in <paramref name="stateFolder"/> when given.</summary>
    private static Dictionary<string, string?> WithoutMistral(string? stateFolder = null) => new()
    {
        ["MISTRAL_URL"] = null,
        ["MISTRAL_STATE_DIR"] = stateFolder,
    };

    /// <summary>
    /// A consumer project of the packed packages in its own folder, with <paramref name="program"/> as Program.cs and the
    /// repository's <paramref name="templates"/> (use case 1's by default) copied in.
    /// </summary>
    private string WriteConsumer(string name, string program, string[]? templates = null, string? packageLines = null, bool implicitUsings = false)
    {
        var folder = Path.Combine(packed.Root, "consumers", Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(folder);
        packageLines ??= $"""
            <ItemGroup>
              <PackageReference Include="MistralTemplates.Generators" Version="{Version}" PrivateAssets="all" />
              <PackageReference Include="MistralTemplates" Version="{Version}" />
            </ItemGroup>
            """;
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>{(implicitUsings ? "enable" : "disable")}</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            {packageLines}
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
        foreach (var template in templates ?? new[] { "examples/HelloWorkflow/hello.yaml" })
            File.Copy(Path.Combine(GeneratorHarness.RepoRoot(), template), Path.Combine(folder, Path.GetFileName(template)));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        return folder;
    }
}
