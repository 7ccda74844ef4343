using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Engine;
using MistralTemplates.State;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Tests.Embedded;

/// <summary>
/// Damaged state through the command line: each case exits with a documented code and one line on stderr, never a
/// stack trace; <c>--verbose</c> adds the detail; a damaged record does not hide the other stacks.
/// </summary>
public sealed class DamagedStateTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    private sealed class OneWorkflowStack(string name) : Stack(name, new StackTemplate("one.yaml", """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                hello:
                  tasks:
                    say:
                      action: std.noop
        """));

    public void Dispose() => _folder.Dispose();

    private const string DatabaseFile = "engine.db";

    private string Database => Path.Combine(_folder.Path, DatabaseFile);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new OneWorkflowStack("good"), [.. args, "--state-dir", _folder.Path], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Deploys stacks "good" and "bad", then changes the stored record of "bad" with <paramref name="damage"/>.</summary>
    private async Task DeployAndDamageAsync(Action<JsonObject> damage)
    {
        Assert.Equal(0, (await RunAsync("deploy")).Code);
        Assert.Equal(0, (await RunAsync("deploy", "--stack", "bad")).Code);
        using var engine = EmbeddedWorkflowService.Open(_folder.Path);
        var name = new MistralEnvironmentStateStore(engine).RecordEnvironmentName("bad");
        var variables = (await engine.Environments.GetAsync(name)).Variables!.AsObject();
        damage(variables);
        await engine.Environments.UpdateAsync(new Mistral.EnvironmentRequest(name, (JsonObject)variables.DeepClone()));
    }

    private static void AssertOneLine(string error)
    {
        var lines = error.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("missing resources")]
    [InlineData("null resources")]
    [InlineData("null resource type")]
    public async Task A_record_without_its_resources_is_named_and_the_other_stacks_still_list(string damage)
    {
        await DeployAndDamageAsync(variables =>
        {
            switch (damage)
            {
                case "missing resources": variables.Remove("resources"); break;
                case "null resources": variables["resources"] = null; break;
                default: variables["resources"]!["workflow"]!["type"] = null; break;
            }
        });

        var list = await RunAsync("state", "list");
        Assert.Equal(StackCommandLine.DamagedState, list.Code);
        Assert.Contains("good  CREATE_COMPLETE", list.Output);
        Assert.Contains("bad  UNREADABLE", list.Output);
        Assert.DoesNotContain("   at ", list.Output + list.Error);

        var json = await RunAsync("state", "list", "--json");
        Assert.Equal(StackCommandLine.DamagedState, json.Code);
        var stacks = JsonNode.Parse(json.Output)!.AsArray();
        Assert.Equal("CREATE_COMPLETE", (string?)stacks[1]!["status"]);
        Assert.Equal("UNREADABLE", (string?)stacks[0]!["status"]);
        Assert.Contains("'bad'", (string?)stacks[0]!["error"]);

        foreach (var verb in new[] { "deploy", "destroy", "plan", "outputs" })
        {
            var refused = await RunAsync(verb, "--stack", "bad");
            Assert.Equal(StackCommandLine.DamagedState, refused.Code);
            AssertOneLine(refused.Error);
            Assert.Contains("record of stack 'bad'", refused.Error);
        }
        // Nothing was changed: the good stack still deploys as up to date, the bad one still refuses.
        Assert.Equal(0, (await RunAsync("deploy")).Code);

        var verbose = await RunAsync("deploy", "--stack", "bad", "--verbose");
        Assert.Equal(StackCommandLine.DamagedState, verbose.Code);
        Assert.Contains(nameof(StackRecordException), verbose.Error);
        Assert.Contains("   at ", verbose.Error);
    }

    [Fact]
    public async Task A_signal_secret_that_is_not_base64url_is_named_not_thrown()
    {
        await DeployAndDamageAsync(variables => variables["signal_secret"] = "not base64!!");

        var deploy = await RunAsync("deploy", "--stack", "bad");
        Assert.Equal(StackCommandLine.DamagedState, deploy.Code);
        AssertOneLine(deploy.Error);
        Assert.Contains("signal_secret", deploy.Error);
    }

    [Fact]
    public async Task An_engine_db_truncated_to_nothing_is_refused_and_left_as_it_is()
    {
        Assert.Equal(0, (await RunAsync("deploy")).Code);
        foreach (var file in Directory.GetFiles(_folder.Path, DatabaseFile + "-*")) File.Delete(file);
        File.WriteAllBytes(Database, []);
        File.SetLastWriteTimeUtc(Database, DateTime.UtcNow.AddMinutes(-1));

        foreach (var verb in new[] { "state list", "deploy" })
        {
            var run = await RunAsync(verb.Split(' '));
            Assert.Equal(StackCommandLine.DamagedState, run.Code);
            AssertOneLine(run.Error);
            Assert.Contains(Database, run.Error);
            Assert.Contains("empty (0 bytes)", run.Error);
        }
        Assert.Equal(0, new FileInfo(Database).Length);
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_refused()
    {
        Directory.CreateDirectory(_folder.Path);
        File.WriteAllText(Database, "these are someone's notes, not a database\n");

        var run = await RunAsync("state", "list");
        Assert.Equal(StackCommandLine.DamagedState, run.Code);
        AssertOneLine(run.Error);
        Assert.Contains("is not an SQLite database", run.Error);
        Assert.StartsWith("these are", File.ReadAllText(Database));
    }

    [Fact]
    public async Task A_sqlite_file_of_another_program_is_refused_and_not_added_to()
    {
        Directory.CreateDirectory(_folder.Path);
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (text TEXT)";
            command.ExecuteNonQuery();
        }

        var run = await RunAsync("state", "list");
        Assert.Equal(StackCommandLine.DamagedState, run.Code);
        AssertOneLine(run.Error);
        Assert.Contains("lacks the engine's tables", run.Error);
        using (var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
            Assert.Equal(1L, command.ExecuteScalar());
        }
    }
}
