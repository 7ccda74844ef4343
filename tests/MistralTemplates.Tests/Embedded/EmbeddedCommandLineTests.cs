using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;

namespace MistralTemplates.Tests.Embedded;

/// <summary>Every verb of the command line against the embedded engine in a folder of the test's own (<c>--state-dir</c>).</summary>
public sealed class EmbeddedCommandLineTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    private sealed class GreetingStack(string name) : Stack(name, new StackTemplate("greeting.yaml", Template))
    {
        public const string Template = """
            heat_template_version: 2016-10-14
            parameters:
              greeting:
                type: string
                default: Hello
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  input: { name: world }
                  definition:
                    str_replace:
                      template: |
                        greet:
                          input: [name]
                          output: {greeting: <% $.greeting %>}
                          tasks:
                            say:
                              action: std.echo output="GREETING <% $.name %>"
                              publish: {greeting: <% task().result %>}
                      params:
                        GREETING: { get_param: greeting }
            outputs:
              workflows:
                value: { get_attr: [workflow, available_workflows] }
            """;
    }

    /// <summary>A workflow that needs input its resource does not give.</summary>
    private sealed class NeedsInputStack(string name) : Stack(name, new StackTemplate("needs.yaml", """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                greet:
                  input: [name]
                  tasks:
                    say:
                      action: std.echo output=<% $.name %>
        """));

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Output, string Error)> RunAsync(Stack stack, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(stack, [.. args, "--state-dir", _folder.Path], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_state_folder_another_process_holds_past_the_bound_fails_with_one_line_naming_the_folder()
    {
        var stack = new GreetingStack("greeting");
        Assert.Equal(0, (await RunAsync(stack, "deploy")).Code);
        // Another writer (as another process would) keeps the write lock while the verb runs.
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder.Path, "engine.db")};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(deferred: false);

        var output = new StringWriter();
        var error = new StringWriter();
        var options = new MistralTemplates.Engine.EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(300) };
        var code = await StackCommandLine.RunAsync(stack, ["deploy", "--param", "greeting=Hi", "--state-dir", _folder.Path], output, error, null, options);

        var message = error.ToString().Trim();
        Assert.Equal(StackCommandLine.Failure, code);
        Assert.Single(message.Split('\n'));
        Assert.Contains($"'{Path.GetFullPath(_folder.Path)}' is in use by another process", message);
        Assert.DoesNotContain("MISTRAL_STATE_DIR", message);
    }

    [Fact]
    public async Task Read_verbs_complete_while_another_connection_holds_the_write_lock()
    {
        var stack = new GreetingStack("greeting");
        Assert.Equal(0, (await RunAsync(stack, "deploy")).Code);
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder.Path, "engine.db")};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(deferred: false);
        var options = new MistralTemplates.Engine.EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(300) };

        foreach (var verb in new[] { new[] { "state", "list" }, ["state", "show"], ["outputs"], ["attribute", "workflow", "available_workflows"], ["executions", "workflow"], ["plan"] })
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await StackCommandLine.RunAsync(stack, [.. verb, "--state-dir", _folder.Path], output, error, null, options);
            Assert.True(code == 0, $"{string.Join(' ', verb)}: exit {code}\n{output}{error}");
        }
    }

    [Fact]
    public async Task A_writer_past_the_bound_names_the_process_that_holds_the_write_lock()
    {
        if (!OperatingSystem.IsLinux()) return;   // the holder is known from /proc/locks, on Linux only
        var stack = new GreetingStack("greeting");
        Assert.Equal(0, (await RunAsync(stack, "deploy")).Code);
        var database = Path.Combine(_folder.Path, "engine.db");
        Assert.True(File.Exists("/usr/bin/sqlite3"), "the sqlite3 command-line shell is needed to hold the lock from another process");
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/sqlite3", [database])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        try
        {
            await holder.StandardInput.WriteLineAsync("BEGIN IMMEDIATE;");
            await holder.StandardInput.FlushAsync();
            await WaitUntilWriteLockIsHeldAsync(database);

            var output = new StringWriter();
            var error = new StringWriter();
            var options = new MistralTemplates.Engine.EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(300) };
            var code = await StackCommandLine.RunAsync(stack, ["deploy", "--param", "greeting=Hi", "--state-dir", _folder.Path], output, error, null, options);

            Assert.Equal(StackCommandLine.Failure, code);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"is in use by another process, pid {holder.Id} (sqlite3 engine.db), which held its database for longer than 0.3 s", line);
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync();
        }
    }

    /// <summary>Waits until another connection cannot take the write lock (the other process has it).</summary>
    private static async Task WaitUntilWriteLockIsHeldAsync(string database)
    {
        using var probe = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=1");
        probe.Open();
        for (var attempt = 0; ; attempt++)
        {
            using (var command = probe.CreateCommand())
            {
                command.CommandText = "PRAGMA busy_timeout=0";
                command.ExecuteNonQuery();
            }
            try
            {
                using var transaction = probe.BeginTransaction(deferred: false);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
            {
                return;
            }
            Assert.True(attempt < 100, "the other process did not take the write lock");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Reads_go_on_while_another_process_holds_the_write_lock_and_writes_fail_past_the_bound()
    {
        Assert.Equal(0, (await RunAsync(new GreetingStack("greeting"), "deploy")).Code);
        var options = new MistralTemplates.Engine.EngineOptions { StateBusyTimeout = TimeSpan.FromMilliseconds(300) };
        using var engine = MistralTemplates.Engine.EmbeddedWorkflowService.Open(_folder.Path, options);
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder.Path, "engine.db")};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(deferred: false);

        var listed = new System.Collections.Generic.List<MistralTemplates.Mistral.WorkflowDefinition>();
        await foreach (var workflow in engine.Workflows.ListAsync()) listed.Add(workflow);
        var deployed = Assert.Single(listed);
        Assert.Equal(deployed.Id, (await engine.Workflows.GetAsync(deployed.Name, deployed.Namespace)).Id);
        var busy = await Assert.ThrowsAsync<MistralTemplates.Engine.StateFolderBusyException>(() =>
            engine.Environments.CreateAsync(new MistralTemplates.Mistral.EnvironmentRequest("env", new JsonObject())));
        Assert.Equal(Path.GetFullPath(_folder.Path), busy.StateFolder);
    }

    [Fact]
    public async Task Every_verb_works_against_the_embedded_engine()
    {
        var stack = new GreetingStack("greeting");

        var plan = await RunAsync(stack, "plan");
        Assert.True(plan.Code == 0, plan.Error);
        Assert.Contains("workflow (OS::Mistral::Workflow): Create", plan.Output);
        var deploy = await RunAsync(stack, "deploy");
        Assert.True(deploy.Code == 0, deploy.Error);
        Assert.Contains("greeting: CREATE_COMPLETE", deploy.Output);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "engine.db")));
        Assert.Contains("up to date", (await RunAsync(stack, "deploy")).Output);

        // Without --wait the process still lets the execution finish before it ends: a later process finds it done.
        var signal = await RunAsync(stack, "signal", "workflow");
        Assert.True(signal.Code == 0, signal.Error);
        Assert.Matches(@"\S+ greeting\.workflow\.greet (RUNNING|SUCCESS)", signal.Output);
        var executions = await RunAsync(stack, "executions", "workflow", "--json");
        Assert.True(executions.Code == 0, executions.Error);
        var listed = Assert.Single(JsonNode.Parse(executions.Output)!.AsArray());
        Assert.Equal("SUCCESS", listed!["state"]!.GetValue<string>());
        Assert.Equal("Hello world", listed["output"]!["greeting"]!.GetValue<string>());

        var waited = await RunAsync(stack, "signal", "workflow", "--wait", "-D", """{"input": {"name": "you"}}""");
        Assert.True(waited.Code == 0, waited.Error);
        Assert.Contains("SUCCESS {\"greeting\":\"Hello you\"}", waited.Output);

        var outputs = await RunAsync(stack, "outputs");
        Assert.True(outputs.Code == 0, outputs.Error);
        Assert.Equal("greeting.workflow.greet", JsonNode.Parse(outputs.Output)!["workflows"]!["greet"]!.GetValue<string>());
        var attribute = await RunAsync(stack, "attribute", "workflow", "available_workflows");
        Assert.True(attribute.Code == 0, attribute.Error);
        Assert.Contains("greeting.workflow.greet", attribute.Output);

        var list = await RunAsync(stack, "state", "list");
        Assert.Contains("greeting  CREATE_COMPLETE  1 resource(s)", list.Output);
        var show = await RunAsync(stack, "state", "show");
        Assert.True(show.Code == 0, show.Error);
        Assert.Equal("(hidden)", JsonNode.Parse(show.Output)!["signal_secret"]?.GetValue<string>() ?? "(hidden)");
        Assert.Contains("greeting: not locked.", (await RunAsync(stack, "state", "unlock")).Output);

        var destroy = await RunAsync(stack, "destroy", "--delete-executions");
        Assert.True(destroy.Code == 0, destroy.Error);
        Assert.Contains("greeting: DELETE_COMPLETE", destroy.Output);
        var emptied = await RunAsync(stack, "state", "list");
        Assert.DoesNotContain("greeting", emptied.Output);
        Assert.StartsWith("No stacks on embedded engine in ", emptied.Output);
        var gone = await RunAsync(stack, "signal", "workflow");
        Assert.Equal(1, gone.Code);
        Assert.Contains("deploy it first", gone.Error);
    }

    [Fact]
    public async Task Without_a_verb_the_stack_is_deployed_and_its_first_workflow_run_and_shown()
    {
        var stack = new GreetingStack("default_action");

        var first = await RunAsync(stack);
        Assert.True(first.Code == 0, first.Output + first.Error);
        Assert.Contains("default_action: CREATE_COMPLETE", first.Output);
        Assert.Matches(@"\S+ default_action\.workflow\.greet SUCCESS \{""greeting"":""Hello world""\}", first.Output);
        Assert.Contains("signal workflow --wait", first.Output);
        Assert.Equal("", first.Error);

        var second = await RunAsync(stack);
        Assert.True(second.Code == 0, second.Output + second.Error);
        Assert.Contains("default_action: up to date, nothing to do.", second.Output);
        Assert.Contains("SUCCESS", second.Output);
    }

    [Fact]
    public async Task Without_a_verb_a_workflow_that_needs_input_says_which_verb_gives_it()
    {
        var run = await RunAsync(new NeedsInputStack("needs"));
        Assert.Equal(1, run.Code);
        Assert.Contains("needs.workflow.greet needs input the resource does not give: name", run.Error);
        Assert.Contains("signal workflow --wait -D '{\"input\": {\"name\": ...}}'", run.Error);
    }

    [Fact]
    public async Task A_failed_execution_makes_the_default_action_exit_1()
    {
        var stack = new FailingStack("failing");
        var run = await RunAsync(stack);
        Assert.Equal(1, run.Code);
        Assert.Contains("failing.workflow.boom ERROR", run.Output);
        Assert.Equal(0, (await RunAsync(stack, "destroy")).Code);
    }

    private sealed class FailingStack(string name) : Stack(name, new StackTemplate("failing.yaml", """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                boom:
                  tasks:
                    fail:
                      action: std.fail
        """));

    private const string UtcTimestamp = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$";

    /// <summary>Runs with <c>--json</c>: stdout must be exactly one JSON document (parsing fails on anything more).</summary>
    private async Task<(JsonNode? Document, string Error)> JsonAsync(Stack stack, params string[] args)
    {
        var run = await RunAsync(stack, [.. args, "--json"]);
        Assert.True(run.Code == 0, $"{string.Join(' ', args)}: exit {run.Code}\n{run.Output}{run.Error}");
        Assert.DoesNotContain("\\u002B", run.Output);
        return (JsonNode.Parse(run.Output), run.Error);
    }

    [Fact]
    public async Task Json_gives_one_document_on_stdout_for_every_verb()
    {
        var stack = new GreetingStack("json");

        var plan = (await JsonAsync(stack, "plan")).Document!.AsArray();
        Assert.Equal("Create", Assert.Single(plan)!["change"]!.GetValue<string>());

        var (deployed, progress) = await JsonAsync(stack, "deploy");
        Assert.Equal("CREATE_COMPLETE", deployed!["status"]!.GetValue<string>());
        Assert.True(deployed["changed"]!.GetValue<bool>());
        Assert.Equal("json.workflow.greet", deployed["outputs"]!["workflows"]!["greet"]!.GetValue<string>());
        Assert.Matches(UtcTimestamp, deployed["updated_at"]!.GetValue<string>());
        // Progress goes to stderr, out of the document's way.
        Assert.Contains("ok workflow (OS::Mistral::Workflow) Create", progress);
        Assert.False((await JsonAsync(stack, "deploy")).Document!["changed"]!.GetValue<bool>());

        var signalled = (await JsonAsync(stack, "signal", "workflow", "--wait")).Document!;
        Assert.Equal("SUCCESS", signalled["state"]!.GetValue<string>());
        Assert.Matches(UtcTimestamp, signalled["created_at"]!.GetValue<string>());
        Assert.Single((await JsonAsync(stack, "executions", "workflow")).Document!.AsArray());
        Assert.Equal("json.workflow.greet", (await JsonAsync(stack, "outputs")).Document!["workflows"]!["greet"]!.GetValue<string>());
        Assert.Equal("json.workflow.greet", (await JsonAsync(stack, "attribute", "workflow", "available_workflows")).Document!["greet"]!.GetValue<string>());

        var listed = Assert.Single((await JsonAsync(stack, "state", "list")).Document!.AsArray())!;
        Assert.Equal("json", listed["stack"]!.GetValue<string>());
        Assert.Matches(UtcTimestamp, listed["updated_at"]!.GetValue<string>());
        var shown = (await JsonAsync(stack, "state", "show")).Document!;
        Assert.Matches(UtcTimestamp, shown["created_at"]!.GetValue<string>());
        Assert.Matches(UtcTimestamp, shown["updated_at"]!.GetValue<string>());
        Assert.Matches(UtcTimestamp, shown["resources"]!["workflow"]!["updated_at"]!.GetValue<string>());
        Assert.False((await JsonAsync(stack, "state", "unlock")).Document!["was_locked"]!.GetValue<bool>());
        Assert.Equal("rotated", (await JsonAsync(stack, "state", "rotate-secret")).Document!["signal_secret"]!.GetValue<string>());

        var withoutVerb = (await JsonAsync(stack)).Document!;
        Assert.Equal("CREATE_COMPLETE", withoutVerb["status"]!.GetValue<string>());
        Assert.Equal("Hello world", withoutVerb["execution"]!["output"]!["greeting"]!.GetValue<string>());

        var destroyed = (await JsonAsync(stack, "destroy", "--delete-executions")).Document!;
        Assert.True(destroyed["existed"]!.GetValue<bool>());
        Assert.Equal("DELETE_COMPLETE", destroyed["status"]!.GetValue<string>());
        var again = (await JsonAsync(stack, "destroy")).Document!;
        Assert.False(again["existed"]!.GetValue<bool>());
        Assert.Null(again["status"]);
    }

    [Fact]
    public async Task Text_output_prints_times_in_utc_with_a_z()
    {
        var stack = new GreetingStack("times");
        Assert.Equal(0, (await RunAsync(stack, "deploy")).Code);
        var list = await RunAsync(stack, "state", "list");
        Assert.Matches(@"times  CREATE_COMPLETE  1 resource\(s\)  updated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", list.Output);
    }

    [Fact]
    public async Task Destroying_a_stack_that_does_not_exist_says_so_and_claims_no_delete()
    {
        var run = await RunAsync(new GreetingStack("never_deployed"), "destroy");
        Assert.Equal(0, run.Code);
        Assert.Contains("never_deployed: there is no such stack; nothing to destroy.", run.Output);
        Assert.DoesNotContain("DELETE_COMPLETE", run.Output);
    }

    [Theory]
    [InlineData("--state-dir", "")]
    [InlineData("--state-dir", "  ")]
    [InlineData("--endpoint", "")]
    public async Task An_empty_state_folder_or_endpoint_is_a_usage_error_not_the_default(string option, string value)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new GreetingStack("s"), ["state", "list", option, value], output, error);
        Assert.Equal(2, code);
        Assert.Contains($"{option} needs", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Version_names_mistraltemplates_beside_the_program()
    {
        var output = new StringWriter();
        var code = await StackCommandLine.RunAsync(new GreetingStack("s"), ["--version"], output, new StringWriter());
        Assert.Equal(0, code);
        var runtime = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Stack).Assembly)!
            .InformationalVersion.Split('+')[0];
        Assert.Matches($@"^\S+ \S+ \(MistralTemplates {System.Text.RegularExpressions.Regex.Escape(runtime)}\)$", output.ToString().Trim());
    }

    [Fact]
    public async Task A_bad_endpoint_is_still_a_usage_error_that_says_what_to_give()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new GreetingStack("s"), ["deploy", "--endpoint", "ftp://127.0.0.1:8989"], output, error);
        Assert.Equal(2, code);
        Assert.Contains("is not an http(s) address of a Mistral API", error.ToString());

        // An endpoint and a state folder name two different targets.
        var both = await RunAsync(new GreetingStack("s"), "deploy", "--endpoint", "http://127.0.0.1:8989");
        Assert.Equal(2, both.Code);
        Assert.Contains("not both", both.Error);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "engine.db")));
    }
}
