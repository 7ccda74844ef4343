using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Tests.Embedded;

/// <summary>examples/HelloWorkflow run as a process with no Mistral named, as README's run command runs it.</summary>
public sealed class ExampleRunTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Without_a_verb_the_example_deploys_signals_and_prints_the_result_twice_over()
    {
        var first = await RunAsync(null);
        Assert.True(first.Code == 0, first.ToString());
        Assert.Contains("hello: CREATE_COMPLETE", first.Output);
        Assert.Matches(@"\S+ hello\.workflow\.test SUCCESS \{""result"":""Hello""\}", first.Output);
        Assert.Equal("", first.Error);

        var second = await RunAsync(null);
        Assert.True(second.Code == 0, second.ToString());
        Assert.Contains("hello: up to date, nothing to do.", second.Output);
        Assert.Contains("SUCCESS", second.Output);
    }

    [Fact]
    public async Task A_bad_mistral_url_is_refused_with_what_to_give()
    {
        var run = await RunAsync("not a url", "deploy");
        Assert.Equal(2, run.Code);
        Assert.Contains("'not a url' is not an http(s) address of a Mistral API", run.Error);
        Assert.False(Directory.Exists(_folder.Path));
    }

    private sealed record Run(int Code, string Output, string Error)
    {
        public override string ToString() => $"exit {Code}\n{Output}{Error}";
    }

    private async Task<Run> RunAsync(string? mistralUrl, params string[] arguments)
    {
        var dll = typeof(ExampleRunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HelloWorkflow").Value!;
        var start = new ProcessStartInfo(DotnetPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (mistralUrl is null) start.Environment.Remove(StackTarget.EndpointVariable);
        else start.Environment[StackTarget.EndpointVariable] = mistralUrl;
        start.Environment[StackTarget.StateFolderVariable] = _folder.Path;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"HelloWorkflow {string.Join(' ', arguments)} did not end within 60 s.\n{await output}{await error}");
        }
        return new Run(process.ExitCode, await output, await error);
    }

    /// <summary>The dotnet the tests run under, else the one on PATH.</summary>
    private static string DotnetPath() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
