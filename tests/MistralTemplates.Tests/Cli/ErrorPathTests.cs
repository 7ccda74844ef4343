using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Engine;
using MistralTemplates.State;
using Microsoft.Data.Sqlite;
using MistralTemplates.Tests.Embedded;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// Every run-time error path of the command line, one case each: the exit code is the one docs/runtime.md gives for
/// it, stderr is one <c>error:</c> line that names what to fix and holds no stack trace, stdout shows nothing that
/// looks like success, and <c>--verbose</c> adds the detail below the same line.
/// </summary>
public sealed class ErrorPathTests(Xunit.Abstractions.ITestOutputHelper log) : IDisposable
{
    private readonly TempStateFolder _folder = new();

    /// <summary>Set up by a case: another run's lock on the stack, held while the command runs.</summary>
    private IStackLock? _heldLock;

    private EmbeddedWorkflowService? _lockEngine;

    /// <summary>Set up by a case: another connection's write transaction on engine.db, held while the command runs.</summary>
    private SqliteConnection? _busyConnection;

    private SqliteTransaction? _busy;

    /// <summary>Set up by a case: the state folder's own path is a regular file, so the folder asked for is under a file.</summary>
    private bool _folderIsFile;

    public void Dispose()
    {
        _busy?.Dispose();
        _busyConnection?.Dispose();
        if (_folderIsFile) File.Delete(_folder.Path);
        _folder.Dispose();
    }

    private const string StackName = "errors";

    private sealed class ErrorStack(string name) : Stack(name, new StackTemplate("errors.yaml", Template))
    {
        public const string Template = """
            heat_template_version: 2016-10-14
            parameters:
              greeting:
                type: string
                default: Hello
              count:
                type: number
                default: 1
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  input: { name: world }
                  definition: |
                    greet:
                      input: [name]
                      tasks:
                        say:
                          action: std.echo output=<% $.name %>
            outputs:
              greeting:
                value: { get_param: greeting }
            """;
    }

    /// <summary>A template with a parameter that has no default: a deploy must be given it.</summary>
    private sealed class RequiredParameterStack(string name) : Stack(name, new StackTemplate("required.yaml", """
        heat_template_version: 2016-10-14
        parameters:
          owner:
            type: string
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                hello:
                  tasks:
                    say:
                      action: std.noop
        outputs:
          owner:
            value: { get_param: owner }
        """));

    /// <summary>
    /// One error path: what to set up first, the command, the documented exit code, the words the one line must hold
    /// (what to fix), and whether <c>--verbose</c> has an exception's detail to add (a usage mistake has none).
    /// </summary>
    private sealed record Case(string[] Args, int ExitCode, string[] Names, bool VerboseAddsDetail = true,
        Func<ErrorPathTests, Task>? Setup = null, bool RequiredParameter = false, bool ShortBusyWait = false,
        bool UseStateFolder = true);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // A stack that was never deployed: each verb that reads one says so and how to make it.
        ["unknown stack: signal"] = new(["signal", "workflow"], 1, ["errors", "deploy"]),
        ["unknown stack: executions"] = new(["executions", "workflow"], 1, ["errors", "deploy"]),
        ["unknown stack: outputs"] = new(["outputs"], 1, ["errors", "deploy"]),
        ["unknown stack: attribute"] = new(["attribute", "workflow", "available_workflows"], 1, ["errors", "deploy"]),
        ["unknown stack: state show"] = new(["state", "show"], 1, ["errors", "deploy"]),
        ["unknown stack: state rotate-secret"] = new(["state", "rotate-secret"], 1, ["errors", "deploy"]),
        ["unknown stack: alarm trigger"] = new(["alarm", "trigger", "alarm"], 1, ["errors", "deploy"]),

        // Signal input.
        ["signal: unknown workflow"] = new(["signal", "workflow", "--workflow", "greeet"], 1, ["greeet", "greet"], Setup: t => t.DeployAsync()),
        ["signal: unknown resource"] = new(["signal", "workflw"], 1, ["workflw", "workflow"], Setup: t => t.DeployAsync()),
        ["signal: data not JSON"] = new(["signal", "workflow", "-D", "{\"input\": "], 2, ["--data", "JSON"], VerboseAddsDetail: false, Setup: t => t.DeployAsync()),
        ["signal: workflow key not a name"] = new(["signal", "workflow", "-D", """{"workflow": 7}"""], 1, ["workflow"], Setup: t => t.DeployAsync()),
        ["signal: workflow key names another workflow"] = new(["signal", "workflow", "-D", """{"workflow": "nope"}"""], 1, ["nope"], Setup: t => t.DeployAsync()),
        ["signal: params.env not an object"] = new(["signal", "workflow", "-D", """{"params": {"env": 5}}"""], 1, ["env", "object"], Setup: t => t.DeployAsync()),

        // Parameters.
        ["param: unknown name"] = new(["deploy", "--param", "greting=Hi"], 1, ["greting"]),
        ["param: wrong type"] = new(["deploy", "--param", "count=many"], 1, ["count", "many"]),
        ["param: not KEY=VALUE"] = new(["deploy", "--param", "greeting"], 2, ["--param", "KEY=VALUE"], VerboseAddsDetail: false),
        ["param: required one missing"] = new(["deploy"], 1, ["owner"], RequiredParameter: true),

        // The target.
        ["endpoint: not a URL"] = new(["plan", "--endpoint", "mistral-host"], 2, ["'mistral-host'", "http(s) address"], VerboseAddsDetail: false, UseStateFolder: false),
        ["endpoint and state-dir both"] = new(["plan", "--endpoint", "http://127.0.0.1:8989"], 2, ["--endpoint", "--state-dir"], VerboseAddsDetail: false),
        ["endpoint: nothing listens"] = new(["plan", "--endpoint", ClosedPortToken], 1, [ClosedPortToken], UseStateFolder: false),

        // Damaged or unusable state.
        ["damaged record"] = new(["outputs"], 3, ["errors", "resources"], Setup: t => t.DamageRecordAsync()),
        ["engine.db empty"] = new(["state", "list"], 3, ["engine.db"], Setup: t => t.WriteDatabaseAsync(empty: true)),
        ["engine.db foreign"] = new(["state", "list"], 3, ["engine.db"], Setup: t => t.WriteDatabaseAsync(empty: false)),
        ["state folder busy"] = new(["deploy", "--param", "greeting=Hi"], 1, ["in use by another process"], ShortBusyWait: true, Setup: t => t.DeployAsync()),
        ["state folder under a file"] = new(["state", "list"], 2, ["cannot keep its state", "--state-dir"], VerboseAddsDetail: false, Setup: t => t.MakeFolderAFileAsync()),
        ["destroy while another run holds the lock"] = new(["destroy"], 1, ["errors", "--break-lock"], Setup: t => t.HoldLockAsync()),

        // Trying an expression: no stack or state is involved.
        ["expr: data not an object"] = new(["expr", "<% $ %>", "--data", "[1]"], 2, ["--data", "JSON object"], VerboseAddsDetail: false, UseStateFolder: false),
        ["expr: data file unreadable"] = new(["expr", "<% $ %>", "--data", "@/no/such.json"], 2, ["--data", "/no/such.json"], VerboseAddsDetail: false, UseStateFolder: false),
        ["expr: context not an object"] = new(["expr", "<% $ %>", "--context", "7"], 2, ["--context", "JSON object"], VerboseAddsDetail: false, UseStateFolder: false),
        ["expr: no expression"] = new(["expr"], 2, ["expr needs an expression"], VerboseAddsDetail: false, UseStateFolder: false),
        ["expr: expression fails"] = new(["expr", "{{ _.nope }}"], 1, ["Can not evaluate Jinja expression", "nope"], VerboseAddsDetail: false, UseStateFolder: false),

        // The command itself.
        ["unknown verb"] = new(["frobnicate"], 2, ["frobnicate", "--help"], VerboseAddsDetail: false),
        ["unknown option"] = new(["deploy", "--frob"], 2, ["--frob", "--help"], VerboseAddsDetail: false),
        ["missing argument"] = new(["signal"], 2, ["signal", "--help"], VerboseAddsDetail: false),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    /// <summary>Stands for the closed loopback port's address in a case's arguments and expected words.</summary>
    private const string ClosedPortToken = "{closed}";

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_error_is_one_line_with_its_documented_exit_code_and_more_with_verbose(string name)
    {
        var @case = Cases[name];
        var closed = BadInputTests.ClosedPort();
        try
        {
            if (@case.Setup is { } setup) await setup(this);
            string[] args = [.. @case.Args.Select(a => a.Replace(ClosedPortToken, closed.ToString(), StringComparison.Ordinal))];
            var names = @case.Names.Select(n => n.Replace(ClosedPortToken, closed.Authority, StringComparison.Ordinal)).ToArray();

            var clock = Stopwatch.StartNew();
            var plain = await RunAsync(@case, args);
            // An error is found out, not waited into: a refused connection or a busy folder fails within seconds.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{name}: took {clock.Elapsed}");
            Assert.True(plain.Code == @case.ExitCode, $"{name}: exit {plain.Code}, not {@case.ExitCode}\n{plain.Output}{plain.Error}");
            var line = AssertOneErrorLine(name, plain.Error);
            log.WriteLine($"exit {plain.Code} in {clock.ElapsedMilliseconds} ms: {line}");
            foreach (var word in names) Assert.True(line.Contains(word, StringComparison.Ordinal), $"{name}: '{word}' not in: {line}");
            Assert.True(plain.Output.Length == 0, $"{name}: stdout is not empty: {plain.Output}");

            var verbose = await RunAsync(@case, [.. args, "--verbose"]);
            Assert.Equal(@case.ExitCode, verbose.Code);
            var verboseLines = verbose.Error.TrimEnd().Split('\n');
            Assert.StartsWith("error: ", verboseLines[0]);
            if (@case.VerboseAddsDetail)
                Assert.True(verboseLines.Length > 1, $"{name}: --verbose added no detail: {verbose.Error}");
            Assert.Empty(verbose.Output);
        }
        finally
        {
            if (_heldLock is not null) await _heldLock.DisposeAsync();
            _lockEngine?.Dispose();
        }
    }

    [Fact]
    public async Task Several_problems_are_one_line_each_below_the_error_line()
    {
        var run = await RunAsync(new Case([], 1, []), ["deploy", "--param", "count=many", "--param", "greting=Hi"]);

        Assert.Equal(StackCommandLine.Failure, run.Code);
        var lines = run.Error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal("error: errors: the parameters are not valid; nothing was changed.", lines[0]);
        Assert.Contains(lines[1..], l => l.Contains("'count'", StringComparison.Ordinal));
        Assert.Contains(lines[1..], l => l.Contains("'greting'", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Empty(run.Output);
    }

    /// <summary>The one line on stderr, checked: it starts with <c>error: </c> and no stack trace follows.</summary>
    private static string AssertOneErrorLine(string name, string error)
    {
        var lines = error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.True(lines.Length == 1, $"{name}: {lines.Length} lines on stderr:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
        return lines[0];
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(Case @case, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Stack stack = @case.RequiredParameter ? new RequiredParameterStack(StackName) : new ErrorStack(StackName);
        string[] target = !@case.UseStateFolder ? [] : ["--state-dir", _folderIsFile ? Path.Combine(_folder.Path, "state") : _folder.Path];
        var options = @case.ShortBusyWait ? new EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(300) } : null;
        if (@case.ShortBusyWait) _busy ??= HoldWriteLock();
        var code = await StackCommandLine.RunAsync(stack, [.. args, .. target], output, error, null, options);
        return (code, output.ToString(), error.ToString());
    }

    private string Database => Path.Combine(_folder.Path, "engine.db");

    private async Task DeployAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new ErrorStack(StackName), ["deploy", "--state-dir", _folder.Path], output, error);
        Assert.True(code == 0, error.ToString());
    }

    /// <summary>Removes the deployed record's <c>resources</c>, as a hand edit or a foreign writer could.</summary>
    private async Task DamageRecordAsync()
    {
        await DeployAsync();
        using var engine = EmbeddedWorkflowService.Open(_folder.Path);
        var name = new MistralEnvironmentStateStore(engine).RecordEnvironmentName(StackName);
        var variables = (await engine.Environments.GetAsync(name)).Variables!.AsObject();
        variables.Remove("resources");
        await engine.Environments.UpdateAsync(new Mistral.EnvironmentRequest(name, (JsonObject)variables.DeepClone()));
    }

    /// <summary>An engine.db of 0 bytes (a truncated copy), or an SQLite file of another program's.</summary>
    private Task WriteDatabaseAsync(bool empty)
    {
        Directory.CreateDirectory(_folder.Path);
        if (empty)
        {
            File.WriteAllBytes(Database, []);
            return Task.CompletedTask;
        }
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE notes (text TEXT)";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <summary>The state folder's path names a regular file's child: it can never be made.</summary>
    private Task MakeFolderAFileAsync()
    {
        File.WriteAllText(_folder.Path, "a file where a folder should be");
        _folderIsFile = true;
        return Task.CompletedTask;
    }

    /// <summary>Another run's lock on the stack, with a lease that outlasts the test, as a deploy in another process holds it.</summary>
    private async Task HoldLockAsync()
    {
        await DeployAsync();
        _lockEngine = EmbeddedWorkflowService.Open(_folder.Path);
        _heldLock = await new MistralEnvironmentStateStore(_lockEngine).AcquireLockAsync(StackName, "deploy in process 4242", TimeSpan.FromMinutes(10));
    }

    /// <summary>Another process's write transaction (BEGIN IMMEDIATE) on engine.db, held until the test ends.</summary>
    private SqliteTransaction HoldWriteLock()
    {
        _busyConnection = new SqliteConnection($"Data Source={Database};Pooling=False");
        _busyConnection.Open();
        return _busyConnection.BeginTransaction(deferred: false);
    }
}
