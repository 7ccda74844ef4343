using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Tests.Embedded;

/// <summary>The examples run as processes with no Mistral named, as README's run command runs them.</summary>
public sealed class ExampleRunTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Without_a_verb_the_example_deploys_signals_and_prints_the_result_twice_over()
    {
        var first = await RunAsync("HelloWorkflow", null);
        Assert.True(first.Code == 0, first.ToString());
        Assert.Contains("hello: CREATE_COMPLETE", first.Output);
        Assert.Matches(@"\S+ hello\.workflow\.test SUCCESS \{""result"":""Hello""\}", first.Output);
        Assert.Equal("", first.Error);

        var second = await RunAsync("HelloWorkflow", null);
        Assert.True(second.Code == 0, second.ToString());
        Assert.Contains("hello: up to date, nothing to do.", second.Output);
        Assert.Contains("SUCCESS", second.Output);
    }

    [Fact]
    public async Task CronVm_without_a_verb_runs_create_vm_to_success_on_its_simulated_nova()
    {
        var run = await RunAsync("CronVm", null);

        Assert.True(run.Code == 0, run.ToString());
        Assert.Contains("vms: CREATE_COMPLETE", run.Output);
        Assert.Matches(@"\S+ vms\.workflow\.create_vm SUCCESS \{""vm_id"":""[0-9a-f-]{36}""\}", run.Output);
    }

    [Fact]
    public async Task Twenty_processes_signalling_on_one_state_folder_at_once_all_end_in_success()
    {
        const int processes = 20;
        var deploy = await RunAsync("HelloWorkflow", null, "deploy");
        Assert.True(deploy.Code == 0, deploy.ToString());

        // A hang guard, not a speed limit: on two loaded cores twenty runs queue for the write lock for minutes, and
        // a writer waits as long as the others commit (up to 10 x StateBusyTimeout).
        var runs = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ =>
            RunStartedAsync(StartInfo("HelloWorkflow", null, ["signal", "workflow", "--wait"]), TimeSpan.FromMinutes(6))));

        foreach (var run in runs)
        {
            Assert.True(run.Code == 0, run.ToString());
            Assert.Contains("SUCCESS {\"result\":\"Hello\"}", run.Output);
            // On a loaded machine a run may say it is waiting for its execution; nothing else belongs on stderr.
            Assert.All(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                line => Assert.StartsWith("Waiting for the executions this process started", line));
        }
        using var engine = MistralTemplates.Engine.EmbeddedWorkflowService.Open(_folder.Path);
        var states = new System.Collections.Generic.List<MistralTemplates.Mistral.ExecutionState>();
        await foreach (var execution in engine.Executions.ListAsync()) states.Add(execution.State);
        Assert.Equal(processes, states.Count);
        Assert.All(states, state => Assert.Equal(MistralTemplates.Mistral.ExecutionState.Success, state));
    }

    [Fact]
    public async Task A_bad_mistral_url_is_refused_with_what_to_give()
    {
        var run = await RunAsync("HelloWorkflow", "not a url", "deploy");
        Assert.Equal(2, run.Code);
        Assert.Contains("'not a url' is not an http(s) address of a Mistral API", run.Error);
        Assert.False(Directory.Exists(_folder.Path));
    }

    [Fact]
    public async Task Serve_in_one_process_and_deploy_and_signal_in_another_share_the_folder()
    {
        var gateway = $"http://127.0.0.1:{FreePort()}";
        using var serve = Process.Start(StartInfo("HelloWorkflow", null, "serve", "--urls", gateway)) ?? throw new InvalidOperationException("Could not start dotnet.");
        var served = new StringBuilder();
        serve.OutputDataReceived += (_, e) => { lock (served) served.AppendLine(e.Data); };
        serve.ErrorDataReceived += (_, e) => { lock (served) served.AppendLine(e.Data); };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            var stack = new HelloWorkflow.HelloStack("hello");
            async Task<string> Cli(params string[] arguments)
            {
                var output = new StringWriter();
                var error = new StringWriter();
                var code = await MistralTemplates.Cli.StackCommandLine.RunAsync(stack, [.. arguments, "--state-dir", _folder.Path], output, error);
                Assert.True(code == 0, $"{string.Join(' ', arguments)}: exit {code}\n{output}{error}");
                return output.ToString();
            }

            await Cli("deploy", "--public-url", gateway);
            Assert.Contains("SUCCESS {\"result\":\"Hello\"}", await Cli("signal", "workflow", "--wait"));

            // A signal through the gateway runs in the serve process; this one sees it finish in the shared folder.
            var url = JsonNode.Parse(await Cli("attribute", "workflow", "alarm_url"))!.GetValue<string>();
            using var http = new HttpClient();
            var deadline = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            while (status is null)
            {
                Assert.False(serve.HasExited, $"serve ended: {served}");
                try
                {
                    using var answer = await http.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"));
                    status = answer.StatusCode;
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(100);   // not listening yet
                }
            }
            Assert.True((int)status is >= 200 and < 300, $"{status}: {served}");
            while (true)
            {
                var executions = JsonNode.Parse(await Cli("executions", "workflow", "--json"))!.AsArray();
                if (executions.Count == 2 && executions.All(e => e!["state"]!.GetValue<string>() == "SUCCESS")) break;
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"{executions.ToJsonString()}\n{served}");
                await Task.Delay(100);
            }
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_copied_program_keeps_its_state_in_the_users_folder_and_the_built_one_in_its_project()
    {
        // The program's whole build output, copied elsewhere as a publish or an xcopy deploy would put it.
        var copy = Path.Combine(_folder.Path, "copy");
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(ExampleDll)!, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Path.GetDirectoryName(ExampleDll)!, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var userState = Path.Combine(_folder.Path, "user-state");
        ProcessStartInfo WithoutStateFolder(string dll)
        {
            var start = ProgramStartInfo(dll, null, "state", "list", "--json");
            start.Environment.Remove(StackTarget.StateFolderVariable);
            start.Environment["XDG_STATE_HOME"] = userState;
            start.Environment["LOCALAPPDATA"] = userState;
            return start;
        }

        var copied = await RunStartedAsync(WithoutStateFolder(Path.Combine(copy, Path.GetFileName(ExampleDll))));
        Assert.True(copied.Code == 0, copied.ToString());
        Assert.Empty(JsonNode.Parse(copied.Output)!.AsArray());
        var usersFolder = Path.Combine(userState, OperatingSystem.IsWindows() ? "MistralTemplates" : "mistraltemplates", "HelloWorkflow");
        Assert.True(File.Exists(Path.Combine(usersFolder, "engine.db")), string.Join("\n", Directory.EnumerateFileSystemEntries(_folder.Path, "*", SearchOption.AllDirectories)));
        Assert.False(Directory.Exists(Path.Combine(copy, ".mistral")));

        // Run from its own build output, the same program keeps its state in its project's .mistral/.
        Directory.Delete(usersFolder, recursive: true);
        var built = await RunStartedAsync(WithoutStateFolder(ExampleDll));
        Assert.True(built.Code == 0, built.ToString());
        var project = typeof(HelloWorkflow.HelloStack).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MistralTemplates.ProjectDirectory").Value!;
        Assert.True(File.Exists(Path.Combine(project, ".mistral", "engine.db")));
        Assert.False(Directory.Exists(usersFolder));
    }

    [Fact]
    public async Task A_state_folder_this_user_cannot_write_is_read_and_a_change_is_refused_in_one_line()
    {
        if (OperatingSystem.IsWindows()) return;   // file modes and another user's process: Unix only
        var deploy = await RunAsync("HelloWorkflow", null, "deploy");
        Assert.True(deploy.Code == 0, deploy.ToString());
        using var programCopy = new TempStateFolder();
        var dll = ExampleDll;
        string[] asReader = [];
        var folderMode = File.GetUnixFileMode(_folder.Path);
        if (Environment.IsPrivilegedProcess)
        {
            // Root writes whatever the modes say: read as the unprivileged user nobody, from a copy of the program it can read.
            Assert.True(File.Exists("/usr/bin/setpriv"), "setpriv is needed to run the program as another user than root");
            asReader = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
            dll = CopyReadableByAll(Path.GetDirectoryName(ExampleDll)!, programCopy.Path, Path.GetFileName(ExampleDll));
            File.SetUnixFileMode(_folder.Path, ReadableByAll | UnixFileMode.UserWrite);
            foreach (var file in Directory.EnumerateFiles(_folder.Path)) File.SetUnixFileMode(file, ReadableByAll & ~ExecutableByAll | UnixFileMode.UserWrite);
        }
        else
        {
            File.SetUnixFileMode(_folder.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.Combine(_folder.Path, "engine.db"), UnixFileMode.UserRead);
        }
        try
        {
            // The reader really cannot write the folder (else this test would prove nothing).
            var probe = await RunStartedAsync(AsReader(asReader, new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "test ! -w \"$0\"", _folder.Path } }));
            Assert.True(probe.Code == 0, $"the folder is writable for the reader: {probe}");

            var list = await RunStartedAsync(AsReader(asReader, ProgramStartInfo(dll, null, "state", "list", "--state-dir", _folder.Path)));
            Assert.True(list.Code == 0, list.ToString());
            Assert.Matches(@"hello\s+CREATE_COMPLETE", list.Output);
            Assert.Equal("", list.Error);
            var outputs = await RunStartedAsync(AsReader(asReader, ProgramStartInfo(dll, null, "outputs", "--state-dir", _folder.Path)));
            Assert.True(outputs.Code == 0, outputs.ToString());

            foreach (var change in new[] { new[] { "destroy" }, ["serve", "--urls", $"http://127.0.0.1:{FreePort()}"] })
            {
                var refused = await RunStartedAsync(AsReader(asReader, ProgramStartInfo(dll, null, [.. change, "--state-dir", _folder.Path])));
                Assert.True(refused.Code == 1, refused.ToString());
                var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Equal($"error: The state folder '{_folder.Path}' is read-only for this user: its stacks can be read, but nothing in it can be "
                    + "changed. Run this as the user who owns the folder, or copy the folder somewhere writable and point --state-dir "
                    + "(or MISTRAL_STATE_DIR) at the copy.", line);
            }
        }
        finally
        {
            File.SetUnixFileMode(_folder.Path, folderMode);
            File.SetUnixFileMode(Path.Combine(_folder.Path, "engine.db"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var after = await RunAsync("HelloWorkflow", null, "state", "list");
        Assert.Matches(@"hello\s+CREATE_COMPLETE", after.Output);
    }

    private const UnixFileMode ExecutableByAll = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead | ExecutableByAll;

    /// <summary><paramref name="start"/> run through <paramref name="asReader"/> (a command that switches user), when given.</summary>
    private static ProcessStartInfo AsReader(string[] asReader, ProcessStartInfo start)
    {
        if (asReader.Length == 0) return start;
        var wrapped = new ProcessStartInfo(asReader[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in asReader.Skip(1).Append(start.FileName).Concat(start.ArgumentList)) wrapped.ArgumentList.Add(argument);
        foreach (var (name, value) in start.Environment) wrapped.Environment[name] = value;
        wrapped.Environment.Remove(StackTarget.StateFolderVariable);
        return wrapped;
    }

    /// <summary>Copies a program's folder to <paramref name="target"/>, readable by every user; the path of its <paramref name="dllName"/>.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string CopyReadableByAll(string source, string target, string dllName)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, ReadableByAll & ~ExecutableByAll);
        }
        foreach (var folder in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Append(target))
            File.SetUnixFileMode(folder, ReadableByAll | UnixFileMode.UserWrite);
        return Path.Combine(target, dllName);
    }

    [Fact]
    public async Task Version_names_the_program_and_mistraltemplates()
    {
        var run = await RunAsync("HelloWorkflow", null, "--version");
        Assert.True(run.Code == 0, run.ToString());
        var runtime = typeof(StackTarget).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var example = typeof(HelloWorkflow.HelloStack).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal($"HelloWorkflow {example} (MistralTemplates {runtime})", run.Output.Trim());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Run(int Code, string Output, string Error)
    {
        public override string ToString() => $"exit {Code}\n{Output}{Error}";
    }

    private Task<Run> RunAsync(string example, string? mistralUrl, params string[] arguments) =>
        RunStartedAsync(StartInfo(example, mistralUrl, arguments));

    private static async Task<Run> RunStartedAsync(ProcessStartInfo start, TimeSpan? limit = null)
    {
        var within = limit ?? TimeSpan.FromSeconds(60);
        var arguments = start.ArgumentList.Skip(1);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileNameWithoutExtension(start.ArgumentList[0])} {string.Join(' ', arguments)} did not end within {within.TotalSeconds} s.\n{await output}{await error}");
        }
        return new Run(process.ExitCode, await output, await error);
    }

    /// <summary>The example's program built into its own output folder (bin/), where <c>dotnet run</c> runs it.</summary>
    private static string BuiltExample(string example) =>
        Path.GetFullPath(typeof(ExampleRunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == example).Value!);

    private static string ExampleDll => BuiltExample("HelloWorkflow");

    /// <summary>The example's program with this test's state folder, and MISTRAL_URL as given (unset for null).</summary>
    private ProcessStartInfo StartInfo(string example, string? mistralUrl, params string[] arguments) =>
        ProgramStartInfo(BuiltExample(example), mistralUrl, arguments);

    private ProcessStartInfo ProgramStartInfo(string dll, string? mistralUrl, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (mistralUrl is null) start.Environment.Remove(StackTarget.EndpointVariable);
        else start.Environment[StackTarget.EndpointVariable] = mistralUrl;
        start.Environment[StackTarget.StateFolderVariable] = _folder.Path;
        start.Environment.Remove(MistralTemplates.Webhooks.PublicUrl.EnvironmentVariable);
        return start;
    }

    /// <summary>The dotnet the tests run under, else the one on PATH.</summary>
    private static string DotnetPath() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
