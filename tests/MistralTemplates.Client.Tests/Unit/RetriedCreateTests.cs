using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>
/// A create whose first answer is lost (the request reached the server, the answer never came back) and whose retry
/// meets 409: the client reads what the server holds and compares it with what it asked for.
/// </summary>
public sealed class RetriedCreateTests
{
    [Fact]
    public async Task A_workflow_the_lost_attempt_made_is_returned()
    {
        var handler = CannedHandler.InTurn(
            Answers.LostAnswer(),
            Answers.FromTranscript(HttpStatusCode.Conflict, "workflow-create-duplicate.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        var created = await client.Workflows.CreateAsync(Transcript.Read("definition-hello.yaml"));

        var workflow = Assert.Single(created);
        Assert.Equal("ba524d5c-1a24-4d0d-82c0-201adb8641e0", workflow.Id);
        Assert.Equal(["POST /v2/workflows", "POST /v2/workflows", "GET /v2/workflows/hello"], Calls(handler));
    }

    [Fact]
    public async Task A_multi_workflow_definition_stored_reprinted_per_workflow_counts_as_the_same()
    {
        // The server stores wf_b on its own and re-printed: "publish: {y: ...}" becomes a block, the input list is re-indented.
        Assert.Contains("publish:\\n        y: <% task().result %>", Transcript.Read("workflow-get-wf_b.json"), StringComparison.Ordinal);
        var handler = RetryMeetsConflict("workflow-create-duplicate.json",
            ("/v2/workflows/wf_a", "workflow-get-wf_a.json"), ("/v2/workflows/wf_b", "workflow-get-wf_b.json"));
        using var client = TestClients.Over(handler);

        var created = await client.Workflows.CreateAsync(Transcript.Read("definition-wf_a-wf_b.yaml"));

        Assert.Equal(["wf_a", "wf_b"], created.Select(w => w.Name));
        Assert.Equal("cc5d68a6-7bad-47f1-8fcc-516e1ba3cbe4", created[1].Id);
        Assert.Equal(["POST /v2/workflows", "POST /v2/workflows", "GET /v2/workflows/wf_a", "GET /v2/workflows/wf_b"], Calls(handler));
    }

    [Fact]
    public async Task Yaml_the_server_reprints_with_other_scalars_quoting_and_folding_counts_as_the_same()
    {
        var stored = Transcript.Read("workflow-get-notify.json");
        Assert.Contains("verbose: true", stored, StringComparison.Ordinal);
        Assert.Contains("keep-result: false", stored, StringComparison.Ordinal);
        var handler = RetryMeetsConflict("workflow-create-duplicate.json",
            ("/v2/workflows/notify", "workflow-get-notify.json"), ("/v2/workflows/cleanup", "workflow-get-cleanup.json"));
        using var client = TestClients.Over(handler);

        var created = await client.Workflows.CreateAsync(Transcript.Read("definition-notify-cleanup.yaml"));

        Assert.Equal(["notify", "cleanup"], created.Select(w => w.Name));
        Assert.Equal("channel,verbose,retries", string.Join(",", created[0].Interface!.Input.Select(p => p.Name)));
    }

    [Fact]
    public async Task A_retried_create_in_a_namespace_reads_from_that_namespace()
    {
        var handler = RetryMeetsConflict("workflow-create-duplicate.json", ("/v2/workflows/wf_b", "workflow-get-wf_b-ns1.json"));
        using var client = TestClients.Over(handler);
        var definition = Transcript.Read("definition-wf_a-wf_b.yaml");
        var onlyWfB = "version: '2.0'\n" + definition.Substring(definition.IndexOf("wf_b:", StringComparison.Ordinal));

        var created = await client.Workflows.CreateAsync(onlyWfB, "ns1");

        Assert.Equal("ns1", Assert.Single(created).Namespace);
        Assert.Equal(["POST /v2/workflows?namespace=ns1", "POST /v2/workflows?namespace=ns1", "GET /v2/workflows/wf_b?namespace=ns1"], Calls(handler));
    }

    [Fact]
    public async Task A_different_stored_workflow_is_a_conflict_that_says_so()
    {
        var handler = CannedHandler.InTurn(
            Answers.LostAnswer(),
            Answers.FromTranscript(HttpStatusCode.Conflict, "workflow-create-duplicate.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() => client.Workflows.CreateAsync(Transcript.Read("definition-hello-updated.yaml")));

        var existing = Assert.IsType<WorkflowDefinition>(error.Existing);
        Assert.Equal("ba524d5c-1a24-4d0d-82c0-201adb8641e0", existing.Id);
        Assert.Contains("workflow 'hello'", error.Message, StringComparison.Ordinal);
        Assert.Contains("differs", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(HttpMethod.Post, error.Method);
        Assert.Equal("/v2/workflows", error.Path);
    }

    [Fact]
    public async Task One_different_workflow_of_several_is_a_conflict_naming_it()
    {
        var handler = RetryMeetsConflict("workflow-create-duplicate.json",
            ("/v2/workflows/wf_a", "workflow-get-wf_a.json"), ("/v2/workflows/wf_b", "workflow-get-wf_b.json"));
        using var client = TestClients.Over(handler);
        var asked = Transcript.Read("definition-wf_a-wf_b.yaml").Replace("- x: 1", "- x: 2", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() => client.Workflows.CreateAsync(asked));

        Assert.Contains("workflow 'wf_b'", error.Message, StringComparison.Ordinal);
        Assert.Equal("wf_b", Assert.IsType<WorkflowDefinition>(error.Existing).Name);
    }

    [Fact]
    public async Task A_409_on_the_first_attempt_is_a_plain_conflict()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.Conflict, "workflow-create-duplicate.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() => client.Workflows.CreateAsync(Transcript.Read("definition-hello.yaml")));

        Assert.Null(error.Existing);
        Assert.Equal(1, error.Attempts);
        Assert.StartsWith("Duplicate entry for WorkflowDefinition", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(["POST /v2/workflows"], Calls(handler));
    }

    [Fact]
    public async Task A_one_shot_cron_trigger_with_the_placeholder_pattern_counts_as_the_same()
    {
        var handler = RetryMeetsConflict("cron-trigger-create-duplicate.json", ("/v2/cron_triggers/ct2", "cron-trigger-create-ct2.json"));
        using var client = TestClients.Over(handler);

        var trigger = await client.CronTriggers.CreateAsync(OneShot());

        Assert.Equal("84d1edf5-acf6-4533-9a88-b288e9f867dc", trigger.Id);
        Assert.Equal("0 0 30 2 0", trigger.Pattern);
        Assert.Equal(["POST /v2/cron_triggers", "POST /v2/cron_triggers", "GET /v2/cron_triggers/ct2"], Calls(handler));
    }

    [Fact]
    public async Task A_cron_trigger_that_fired_since_counts_as_the_same()
    {
        // ct1 was asked with 2 remaining executions and has fired once since.
        var fired = Transcript.Read("cron-trigger-get-ct1.json").Replace("\"remaining_executions\": 2", "\"remaining_executions\": 1", StringComparison.Ordinal);
        Assert.Contains("\"remaining_executions\": 1", fired, StringComparison.Ordinal);
        var handler = CannedHandler.InTurn(
            Answers.LostAnswer(),
            Answers.FromTranscript(HttpStatusCode.Conflict, "cron-trigger-create-duplicate.json"),
            Answers.Json(HttpStatusCode.OK, fired));
        using var client = TestClients.Over(handler);

        var trigger = await client.CronTriggers.CreateAsync(EveryMinute("* * * * *"));

        Assert.Equal(1, trigger.RemainingExecutions);
    }

    [Theory]
    [InlineData("0 * * * *", 2, "cron")]
    [InlineData("* * * * *", 1, "cron")]
    [InlineData("* * * * *", 2, "other")]
    public async Task A_different_cron_trigger_is_a_conflict_that_says_so(string pattern, int remaining, string input)
    {
        var handler = RetryMeetsConflict("cron-trigger-create-duplicate.json", ("/v2/cron_triggers/ct1", "cron-trigger-get-ct1.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() =>
            client.CronTriggers.CreateAsync(EveryMinute(pattern, remaining, input)));

        Assert.Contains("cron trigger 'ct1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("differs", error.Message, StringComparison.Ordinal);
        Assert.Equal("844dedd3-0fc1-4717-abab-a2d3370c46fd", Assert.IsType<CronTrigger>(error.Existing).Id);
    }

    [Fact]
    public async Task A_one_shot_trigger_for_another_minute_is_different()
    {
        var handler = RetryMeetsConflict("cron-trigger-create-duplicate.json", ("/v2/cron_triggers/ct2", "cron-trigger-create-ct2.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() =>
            client.CronTriggers.CreateAsync(OneShot() with { FirstExecutionTime = new DateTimeOffset(2026, 11, 27, 13, 50, 0, TimeSpan.Zero) }));

        Assert.IsType<CronTrigger>(error.Existing);
    }

    [Fact]
    public async Task An_environment_the_lost_attempt_made_is_returned()
    {
        var handler = RetryMeetsConflict("environment-create-duplicate.json", ("/v2/environments/env1", "environment-get-env1.json"));
        using var client = TestClients.Over(handler);

        var environment = await client.Environments.CreateAsync(new EnvironmentRequest("env1", new JsonObject { ["a"] = 1, ["b"] = "x" }) { Description = "d" });

        Assert.Equal("ada861cb-6441-43fa-960b-5135464dc118", environment.Id);
        Assert.Equal(["POST /v2/environments", "POST /v2/environments", "GET /v2/environments/env1"], Calls(handler));
    }

    [Theory]
    [InlineData(2, "d")]
    [InlineData(1, "other")]
    public async Task A_different_environment_is_a_conflict_that_says_so(int a, string description)
    {
        var handler = RetryMeetsConflict("environment-create-duplicate.json", ("/v2/environments/env1", "environment-get-env1.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() =>
            client.Environments.CreateAsync(new EnvironmentRequest("env1", new JsonObject { ["a"] = a, ["b"] = "x" }) { Description = description }));

        Assert.Contains("environment 'env1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("differs", error.Message, StringComparison.Ordinal);
        Assert.Equal("ada861cb-6441-43fa-960b-5135464dc118", Assert.IsType<MistralEnvironment>(error.Existing).Id);
    }

    [Fact]
    public async Task A_workbook_the_lost_attempt_made_is_returned()
    {
        // The transcript has no workbook 409; the client reads only the status of it, so the workflow one stands in.
        var handler = RetryMeetsConflict("workflow-create-duplicate.json", ("/v2/workbooks/wb1", "workbook-get-wb1.json"));
        using var client = TestClients.Over(handler);

        var workbook = await client.Workbooks.CreateAsync(Transcript.Read("definition-wb1.yaml"));

        Assert.Equal("94e35b40-1936-4f73-9198-be04cbe23275", workbook.Id);
        Assert.Equal(["POST /v2/workbooks", "POST /v2/workbooks", "GET /v2/workbooks/wb1"], Calls(handler));
    }

    [Fact]
    public async Task A_different_workbook_is_a_conflict_that_says_so()
    {
        var handler = RetryMeetsConflict("workflow-create-duplicate.json", ("/v2/workbooks/wb1", "workbook-get-wb1.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralConflictException>(() => client.Workbooks.CreateAsync(Transcript.Read("definition-wb1-updated.yaml")));

        Assert.Contains("workbook 'wb1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("differs", error.Message, StringComparison.Ordinal);
        Assert.Equal("94e35b40-1936-4f73-9198-be04cbe23275", Assert.IsType<Workbook>(error.Existing).Id);
    }

    [Fact]
    public async Task An_ad_hoc_action_the_lost_attempt_made_is_returned()
    {
        var handler = RetryMeetsConflict("action-create-duplicate.json", ("/v2/actions/my.greet", "action-get-my.greet.json"));
        using var client = TestClients.Over(handler);

        var actions = await client.Actions.CreateAsync(Transcript.Read("definition-my.greet.yaml"));

        Assert.Equal("1c2f67ae-a3b2-4c0a-9c9e-f70d82dfe9f0", Assert.Single(actions).Id);
        Assert.Equal(["POST /v2/actions", "POST /v2/actions", "GET /v2/actions/my.greet"], Calls(handler));
    }

    [Fact]
    public async Task A_delete_whose_answer_was_lost_and_whose_retry_meets_404_succeeded()
    {
        var handler = CannedHandler.InTurn(Answers.LostAnswer(), Answers.FromTranscript(HttpStatusCode.NotFound, "workflow-delete-again.json"));
        using var client = TestClients.Over(handler);

        await client.Workflows.DeleteAsync("wf_a", "ns1");

        Assert.Equal(["DELETE /v2/workflows/wf_a?namespace=ns1", "DELETE /v2/workflows/wf_a?namespace=ns1"], Calls(handler));
    }

    [Fact]
    public async Task A_delete_that_meets_404_on_the_first_attempt_is_not_found()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.NotFound, "workflow-delete-again.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() => client.Workflows.DeleteAsync("wf_a", "ns1"));

        Assert.Equal(HttpMethod.Delete, error.Method);
        Assert.Equal("/v2/workflows/wf_a?namespace=ns1", error.Path);
        Assert.Equal("Workflow not found [workflow_identifier=wf_a, namespace=ns1]", error.ServerMessage);
        Assert.Single(handler.Requests);
    }

    private static CronTriggerRequest OneShot() => new("ct2")
    {
        WorkflowName = "hello",
        WorkflowInput = new JsonObject { ["name"] = "once" },
        FirstExecutionTime = new DateTimeOffset(2026, 11, 27, 13, 49, 0, TimeSpan.Zero),
        RemainingExecutions = 1,
    };

    private static CronTriggerRequest EveryMinute(string pattern, int remaining = 2, string input = "cron") => new("ct1")
    {
        WorkflowName = "hello",
        WorkflowInput = new JsonObject { ["name"] = input },
        Pattern = pattern,
        RemainingExecutions = remaining,
    };

    /// <summary>First POST reaches the server but its answer is lost; the retry gets the 409; GETs answer by path.</summary>
    private static CannedHandler RetryMeetsConflict(string conflictFile, params (string Path, string File)[] stored) =>
        CannedHandler.Routing((request, n) =>
            request.Method == HttpMethod.Post
                ? n == 0 ? Answers.LostAnswer() : Answers.FromTranscript(HttpStatusCode.Conflict, conflictFile)
                : stored.Where(s => s.Path == request.Uri.AbsolutePath).Select(s => Answers.FromTranscript(HttpStatusCode.OK, s.File)).FirstOrDefault()
                  ?? Answers.HtmlNotFound());

    private static string[] Calls(CannedHandler handler) => handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").ToArray();
}
