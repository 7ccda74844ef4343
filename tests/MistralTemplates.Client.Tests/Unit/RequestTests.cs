using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>What goes on the wire: content types, bodies, ids, queries and paths the real server expects.</summary>
public sealed class RequestTests
{
    [Fact]
    public async Task A_definition_goes_as_text_plain_without_asking_for_json()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "workflow-create-hello.json"));
        using var client = TestClients.Over(handler);
        var definition = Transcript.Read("definition-hello.yaml");

        await client.Workflows.CreateAsync(definition);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("/v2/workflows", sent.PathAndQuery);
        Assert.StartsWith("text/plain", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal(definition, sent.Body);
        // The server answers 406 to "Accept: application/json" on text/plain posts.
        Assert.DoesNotContain("application/json", sent.Header("Accept") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Encoding.UTF8.GetByteCount(definition), sent.ContentLength);
    }

    [Theory]
    [InlineData("workflows")]
    [InlineData("actions")]
    [InlineData("workbooks")]
    public async Task Every_definition_post_and_put_is_text_plain_without_accept_json(string collection)
    {
        var handler = CannedHandler.Routing((request, _) => request.PathAndQuery.EndsWith("/validate", StringComparison.Ordinal)
            ? Answers.Json(HttpStatusCode.OK, """{"valid": true}""")
            : collection == "workbooks"
                ? Answers.FromTranscript(HttpStatusCode.OK, "workbook-create-wb1.json")
                : Answers.Json(HttpStatusCode.OK, $$"""{"{{collection}}": []}"""));
        using var client = TestClients.Over(handler);

        switch (collection)
        {
            case "workflows":
                await client.Workflows.UpdateAsync("version: '2.0'\n", "ns1");
                await client.Workflows.ValidateAsync("version: '2.0'\n");
                break;
            case "actions":
                await client.Actions.CreateAsync("version: '2.0'\n", "ns1");
                await client.Actions.ValidateAsync("version: '2.0'\n");
                break;
            default:
                await client.Workbooks.UpdateAsync("version: '2.0'\n", "ns1");
                await client.Workbooks.ValidateAsync("version: '2.0'\n");
                break;
        }

        Assert.Equal([$"/v2/{collection}?namespace=ns1", $"/v2/{collection}/validate"], handler.Requests.Select(r => r.PathAndQuery));
        Assert.All(handler.Requests, r => Assert.StartsWith("text/plain", r.ContentType, StringComparison.Ordinal));
        Assert.All(handler.Requests, r => Assert.DoesNotContain("application/json", r.Header("Accept") ?? "", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Json_bodies_are_json_with_a_content_length()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "environment-create-env1.json"));
        using var client = TestClients.Over(handler);

        await client.Environments.CreateAsync(new EnvironmentRequest("env1", new JsonObject { ["a"] = 1, ["b"] = "x" }) { Description = "d" });

        var sent = Assert.Single(handler.Requests);
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(sent.Body!), sent.ContentLength);
        var body = JsonNode.Parse(sent.Body!)!;
        Assert.Equal("env1", body["name"]!.GetValue<string>());
        Assert.Equal("d", body["description"]!.GetValue<string>());
        Assert.Equal(1, body["variables"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_execution_start_always_sends_an_id()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "execution-create-hello.json"));
        using var client = TestClients.Over(handler);

        await client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "hello", Input = new JsonObject { ["name"] = "x" } });
        await client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "hello", Input = new JsonObject { ["name"] = "x" } });

        var ids = handler.Requests.Select(r => JsonNode.Parse(r.Body!)!["id"]!.GetValue<string>()).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), $"'{id}' is not a GUID"));
        Assert.NotEqual(ids[0], ids[1]);
        var first = JsonNode.Parse(handler.Requests[0].Body!)!;
        Assert.Equal("hello", first["workflow_name"]!.GetValue<string>());
        Assert.Equal("x", first["input"]!["name"]!.GetValue<string>());
        Assert.Null(first["workflow_id"]);
    }

    [Fact]
    public async Task A_given_execution_id_and_namespace_are_sent_as_given()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "execution-create-hello.json"));
        using var client = TestClients.Over(handler);

        await client.Executions.CreateAsync(new ExecutionRequest
        {
            WorkflowName = "wf_b", Namespace = "ns1", Id = "1d86158c-24c5-40b9-9c87-dbc4c4ec981f",
            Params = new JsonObject { ["env"] = "env1" },
        });

        var body = JsonNode.Parse(Assert.Single(handler.Requests).Body!)!;
        Assert.Equal("1d86158c-24c5-40b9-9c87-dbc4c4ec981f", body["id"]!.GetValue<string>());
        Assert.Equal("ns1", body["workflow_namespace"]!.GetValue<string>());
        Assert.Equal("env1", body["params"]!["env"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_start_sends_the_same_id_on_every_attempt()
    {
        var handler = CannedHandler.InTurn(
            Answers.LostAnswer(),
            Answers.ServiceUnavailable(),
            Answers.FromTranscript(HttpStatusCode.Created, "execution-create-hello.json"));
        using var client = TestClients.Over(handler);

        var execution = await client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "hello", Input = new JsonObject { ["name"] = "x" } });

        Assert.Equal("3e71a507-11bf-4ef9-953d-d4e99ba4cbc0", execution.Id);
        Assert.Equal(3, handler.Requests.Count);
        var ids = handler.Requests.Select(r => JsonNode.Parse(r.Body!)!["id"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(ids);
    }

    [Fact]
    public async Task Namespaces_go_in_the_query()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-wf_b-ns1.json"),
            Answers.NoContent());
        using var client = TestClients.Over(handler);

        await client.Workflows.GetAsync("wf_b", "ns1");
        await client.Workflows.DeleteAsync("wf_a", "ns1");

        Assert.Equal(["GET /v2/workflows/wf_b?namespace=ns1", "DELETE /v2/workflows/wf_a?namespace=ns1"],
            handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
    }

    [Fact]
    public async Task Execution_filters_use_mistrals_operators()
    {
        var handler = CannedHandler.InTurn(Answers.Json(HttpStatusCode.OK, """{"executions": []}"""));
        using var client = TestClients.Over(handler);

        await JsonQuirkTests.ToListAsync(client.Executions.ListAsync(new ExecutionQuery
        {
            WorkflowNames = ["a", "b"],
            States = [ExecutionState.Success, ExecutionState.Error],
            CreatedSince = new DateTimeOffset(2026, 11, 27, 14, 47, 7, TimeSpan.FromHours(1)),
            IncludeOutput = true,
            Fields = ["id", "state"],
            Sort = [new ListSort("created_at", Descending: true)],
        }));

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("/v2/executions", sent.Uri.AbsolutePath);
        Assert.Equal("in:a,b", sent.Query("workflow_name"));
        Assert.Equal("in:SUCCESS,ERROR", sent.Query("state"));
        Assert.Equal("gte:2026-11-27 13:47:07", sent.Query("created_at"));
        Assert.Equal("true", sent.Query("include_output"));
        Assert.Equal("id,state", sent.Query("fields"));
        Assert.Equal("created_at", sent.Query("sort_keys"));
        Assert.Equal("desc", sent.Query("sort_dirs"));
        Assert.Equal("1000", sent.Query("limit"));
        Assert.Contains("workflow_name=in:a,b", sent.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("state=in:SUCCESS,ERROR", sent.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generic_filters_are_written_as_field_equals_operator_colon_values()
    {
        var handler = CannedHandler.InTurn(Answers.Json(HttpStatusCode.OK, """{"workflows": []}"""));
        using var client = TestClients.Over(handler);

        await JsonQuirkTests.ToListAsync(client.Workflows.ListAsync(new ListQuery()
            .Where("name", FilterOperator.In, "hello", "wf_a")
            .Where("namespace", FilterOperator.Eq, "ns1")));

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("in:hello,wf_a", sent.Query("name"));
        Assert.Equal("eq:ns1", sent.Query("namespace"));
    }

    [Fact]
    public async Task An_in_filter_value_with_a_comma_is_refused_before_sending()
    {
        var handler = CannedHandler.InTurn(Answers.Json(HttpStatusCode.OK, """{"executions": []}"""));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            JsonQuirkTests.ToListAsync(client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = ["a,b"] })));
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("my.greet", "/v2/actions/my.greet")]
    [InlineData("wb1.inner", "/v2/actions/wb1.inner")]
    [InlineData("my greet", "/v2/actions/my%20greet")]
    [InlineData("a/b", "/v2/actions/a%2Fb")]
    [InlineData("a?b#c", "/v2/actions/a%3Fb%23c")]
    public async Task Names_are_one_escaped_path_segment(string name, string expectedPath)
    {
        var handler = CannedHandler.InTurn(Answers.NoContent());
        using var client = TestClients.Over(handler);

        await client.Actions.DeleteAsync(name);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(expectedPath, sent.Uri.AbsolutePath);
        Assert.Equal("", sent.Uri.Query);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task A_name_of_dots_stays_a_name_and_is_not_read_as_a_relative_path(string name)
    {
        // Mistral allows such names (any non-empty string that is not a UUID) and answers for them when the dots are
        // escaped: GET /v2/workflows/%2E%2E → "Workflow not found [workflow_identifier=.., namespace=]".
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.NotFound, "workflow-get-unknown.json"));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAsync<MistralNotFoundException>(() => client.Workflows.GetAsync(name));

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("/v2/workflows/" + name.Replace(".", "%2E", StringComparison.Ordinal), sent.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Force_delete_and_state_changes_send_what_the_server_reads()
    {
        var handler = CannedHandler.InTurn(Answers.NoContent(), Answers.FromTranscript(HttpStatusCode.OK, "execution-cancel.json"));
        using var client = TestClients.Over(handler);

        await client.Executions.DeleteAsync("0eeadd18-c404-45ff-b974-d595a688b646", force: true);
        var cancelled = await client.Executions.UpdateStateAsync("7cceb163-c984-4d95-8c80-2949878742a6", ExecutionState.Cancelled, "cancelled by test");

        Assert.Equal("/v2/executions/0eeadd18-c404-45ff-b974-d595a688b646?force=true", handler.Requests[0].PathAndQuery);
        Assert.Equal(HttpMethod.Put, handler.Requests[1].Method);
        var body = JsonNode.Parse(handler.Requests[1].Body!)!;
        Assert.Equal("CANCELLED", body["state"]!.GetValue<string>());
        Assert.Equal("cancelled by test", body["state_info"]!.GetValue<string>());
        Assert.Equal(ExecutionState.Cancelled, cancelled.State);
        Assert.Equal("cancelled by test", cancelled.StateInfo);
    }

    [Fact]
    public async Task Completing_an_async_action_sends_its_result_as_json_text()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "action-execution-complete.json"));
        using var client = TestClients.Over(handler);

        var completed = await client.ActionExecutions.CompleteAsync("4f012f7d-12ee-472b-9c0e-5ce1b6d63ad5", ExecutionState.Success,
            new JsonObject { ["result"] = "signalled" });

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, sent.Method);
        Assert.Equal("/v2/action_executions/4f012f7d-12ee-472b-9c0e-5ce1b6d63ad5", sent.PathAndQuery);
        var body = JsonNode.Parse(sent.Body!)!;
        Assert.Equal("SUCCESS", body["state"]!.GetValue<string>());
        Assert.Equal("""{"result":"signalled"}""", body["output"]!.GetValue<string>());
        Assert.Equal("signalled", completed.Output!["result"]!["result"]!.GetValue<string>());
        Assert.Equal(true, completed.Accepted);
    }

    [Fact]
    public async Task An_event_trigger_is_created_once_even_when_its_answer_is_lost()
    {
        // Event triggers get a server-made id: a second attempt could make a second trigger.
        var handler = CannedHandler.InTurn(Answers.LostAnswer(), Answers.FromTranscript(HttpStatusCode.Created, "event-trigger-create-et1.json"));
        using var client = TestClients.Over(handler);
        var request = new EventTriggerRequest("et1", "ba524d5c-1a24-4d0d-82c0-201adb8641e0", "nova", "notifications", "compute.instance.create.end")
        {
            WorkflowInput = new JsonObject { ["name"] = "evt" },
        };

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => client.EventTriggers.CreateAsync(request));

        Assert.Equal(1, error.Attempts);
        var body = JsonNode.Parse(Assert.Single(handler.Requests).Body!)!;
        Assert.Equal("compute.instance.create.end", body["event"]!.GetValue<string>());
        Assert.Equal("evt", body["workflow_input"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cron_trigger_first_time_goes_in_whole_minutes_utc()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "cron-trigger-create-ct2.json"));
        using var client = TestClients.Over(handler);

        await client.CronTriggers.CreateAsync(new CronTriggerRequest("ct2")
        {
            WorkflowName = "hello",
            WorkflowInput = new JsonObject { ["name"] = "once" },
            FirstExecutionTime = new DateTimeOffset(2026, 11, 27, 14, 49, 0, TimeSpan.FromHours(1)),
            RemainingExecutions = 1,
        });

        var body = JsonNode.Parse(Assert.Single(handler.Requests).Body!)!;
        Assert.Equal("2026-11-27 13:49", body["first_execution_time"]!.GetValue<string>());
        Assert.Equal(1, body["remaining_executions"]!.GetValue<int>());
        Assert.Null(body["pattern"]);
    }
}
