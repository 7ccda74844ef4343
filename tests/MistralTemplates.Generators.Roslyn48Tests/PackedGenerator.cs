using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MistralTemplates.Generators.Roslyn48Tests;

/// <summary>
/// The generator as its package ships it: packed from this build, the DLLs of the package's
/// <c>analyzers/dotnet/cs</c> extracted and loaded as a compiler loads them, beside the Roslyn this process runs.
/// </summary>
public sealed class PackedGenerator : IDisposable
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mt-roslyn48-" + Guid.NewGuid().ToString("N"));

    /// <summary>Packs the generator (already built with the tests) and loads it from the package.</summary>
    public PackedGenerator()
    {
        var feed = Path.Combine(_root, "feed");
        var project = Path.Combine(Setting("MistralTemplates.RepositoryRoot"), "generators", "MistralTemplates.Generators");
        // --no-build: the package holds exactly the DLLs this test project's build made, and nothing else is rebuilt.
        var (exitCode, output) = Run("dotnet",
            $"pack \"{project}\" --no-build -c {Setting("MistralTemplates.BuildConfiguration")} -o \"{feed}\" -nologo");
        if (exitCode != 0) throw new InvalidOperationException("dotnet pack of the generator failed:\n" + output);

        Folder = Path.Combine(_root, "analyzers");
        Directory.CreateDirectory(Folder);
        var package = Directory.GetFiles(feed, "MistralTemplates.Generators.*.nupkg").Single();
        using (var zip = ZipFile.OpenRead(package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(AnalyzerFolder, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
                entry.ExtractToFile(Path.Combine(Folder, entry.Name));
        }

        var loadFailures = new List<string>();
        var reference = new AnalyzerFileReference(Path.Combine(Folder, "MistralTemplates.Generators.dll"), new PackageFolderLoader(Folder));
        reference.AnalyzerLoadFailed += (_, e) => loadFailures.Add($"{e.ErrorCode}: {e.Message}");
        Generators = reference.GetGenerators(LanguageNames.CSharp);
        LoadFailures = loadFailures;
    }

    /// <summary>The folder holding the package's analyzer DLLs.</summary>
    public string Folder { get; }

    /// <summary>The generators the package's assembly gave this Roslyn.</summary>
    public ImmutableArray<ISourceGenerator> Generators { get; }

    /// <summary>What the loader reported while reading the generator assembly (CS9057's cause among them).</summary>
    public IReadOnlyList<string> LoadFailures { get; }

    /// <summary>An assembly attribute the test project's build wrote (its configuration, the repository's folder).</summary>
    public static string Setting(string key) =>
        typeof(PackedGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("no assembly metadata " + key);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The loaded DLLs may stay locked until the process ends; a leftover temp folder is harmless.
        }
    }

    private static (int ExitCode, string Output) Run(string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out: " + command + " " + arguments + "\n" + output);
        }
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>
    /// As the compiler loads analyzers: the package folder's own DLLs in a context of their own, everything else
    /// (Microsoft.CodeAnalysis above all) from the host, so the generator meets this process's Roslyn.
    /// </summary>
    private sealed class PackageFolderLoader(string folder) : AssemblyLoadContext("packed-generator"), IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
