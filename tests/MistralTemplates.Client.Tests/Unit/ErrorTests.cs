using System;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>Error answers of the real server become typed exceptions that say what failed and where.</summary>
public sealed class ErrorTests
{
    private const string BogusKey = "Additional properties are not allowed ('bogus_key' was unexpected)";

    [Fact]
    public async Task An_html_404_says_to_check_the_endpoint()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.HtmlNotFound()));

        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() => client.Workflows.GetAsync("hello"));

        Assert.Contains("check that the endpoint", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ServerMessage);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(HttpMethod.Get, error.Method);
        Assert.Equal("/v2/workflows/hello", error.Path);
    }

    [Fact]
    public async Task A_json_404_carries_the_servers_message_method_and_path_with_query()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.NotFound, "workflow-get-unknown.json")));

        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() => client.Workflows.GetAsync("nope", "ns1"));

        Assert.Equal("Workflow not found [workflow_identifier=nope, namespace=]", error.ServerMessage);
        Assert.Equal(HttpMethod.Get, error.Method);
        Assert.Equal("/v2/workflows/nope?namespace=ns1", error.Path);
        Assert.Contains("/v2/workflows/nope?namespace=ns1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task A_500_that_wraps_workflow_not_found_is_not_found_with_the_inner_message()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.InternalServerError, "execution-create-unknown-workflow.json")));

        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() =>
            client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "nope" }));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("Workflow not found [workflow_identifier=nope, namespace=]", error.ServerMessage);
        Assert.Equal(HttpMethod.Post, error.Method);
        Assert.Equal("/v2/executions", error.Path);
    }

    [Fact]
    public async Task A_faultstring_only_409_is_a_conflict()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Conflict, "workflow-create-duplicate.json")));

        var error = await Assert.ThrowsAsync<MistralConflictException>(() => client.Workflows.CreateAsync(Transcript.Read("definition-hello.yaml")));

        Assert.Equal("Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: hello, , None", error.ServerMessage);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Null(error.Existing);
        Assert.Equal("/v2/workflows", error.Path);
    }

    [Fact]
    public async Task A_400_is_a_bad_request_with_mistrals_message()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.BadRequest, "execution-create-missing-input.json")));

        var error = await Assert.ThrowsAsync<MistralBadRequestException>(() =>
            client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "hello" }));

        Assert.Equal("Invalid input [name=hello, class=DirectWorkflowSpec, missing=['name']]", error.ServerMessage);
        Assert.Contains("missing=['name']", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_running_execution_is_forbidden()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Forbidden, "execution-delete-running.json")));

        var error = await Assert.ThrowsAsync<MistralForbiddenException>(() => client.Executions.DeleteAsync("0eeadd18-c404-45ff-b974-d595a688b646"));

        Assert.StartsWith("Only completed executions can be deleted.", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Delete, error.Method);
        Assert.Equal("/v2/executions/0eeadd18-c404-45ff-b974-d595a688b646", error.Path);
    }

    [Fact]
    public async Task A_500_that_wraps_nothing_is_a_server_error()
    {
        // The transcript has no plain 500; this is the body shape of its wrapped one, with an unwrapped message.
        const string body = """{"faultcode": "Server", "faultstring": "Unexpected error: (sqlite3.OperationalError) database is locked", "debuginfo": null}""";
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.Json(HttpStatusCode.InternalServerError, body)));

        var error = await Assert.ThrowsAsync<MistralServerException>(() => client.Executions.GetAsync("3e71a507-11bf-4ef9-953d-d4e99ba4cbc0"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("Unexpected error: (sqlite3.OperationalError) database is locked", error.ServerMessage);
        Assert.Equal("/v2/executions/3e71a507-11bf-4ef9-953d-d4e99ba4cbc0", error.Path);
    }

    [Fact]
    public async Task A_status_the_client_has_no_type_for_is_a_server_error()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.NotAcceptable, "services-not-supported.json")));

        var error = await Assert.ThrowsAsync<MistralServerException>(() => client.Workflows.GetAsync("hello"));

        Assert.Equal(HttpStatusCode.NotAcceptable, error.StatusCode);
        Assert.Equal("Service API is not supported.", error.ServerMessage);
    }

    [Fact]
    public async Task A_128_kb_schema_fault_is_shortened_to_what_is_wrong_and_where()
    {
        var fault = Transcript.Read("workflow-create-schema-fault.json");
        Assert.True(fault.Length > 120_000, "the canned fault is the whole answer");
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.Json(HttpStatusCode.BadRequest, fault)));

        var error = await Assert.ThrowsAsync<MistralBadRequestException>(() => client.Workflows.CreateAsync(Transcript.Read("definition-broken.yaml")));

        Assert.True(error.Message.Length < 3000, $"message of {error.Message.Length} characters");
        Assert.Contains(BogusKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("On instance", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bogus_key': 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed validating", error.Message, StringComparison.Ordinal);
        Assert.True(error.ServerMessage!.Length < 3000);
        Assert.StartsWith("Invalid DSL: " + BogusKey, error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal("/v2/workflows", error.Path);
    }

    [Fact]
    public async Task A_huge_validation_error_is_shortened_the_same_way()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "workflow-validate-schema-fault.json")));

        var validation = await client.Workflows.ValidateAsync(Transcript.Read("definition-broken.yaml"));

        Assert.False(validation.IsValid);
        Assert.True(validation.Error!.Length < 3000, $"error of {validation.Error.Length} characters");
        Assert.StartsWith("Invalid DSL: " + BogusKey, validation.Error, StringComparison.Ordinal);
        Assert.Contains("On instance", validation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_schema_error_keeps_what_is_wrong_and_where()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "workbook-validate-broken.json")));

        var validation = await client.Workbooks.ValidateAsync(Transcript.Read("definition-wb1.yaml"));

        Assert.False(validation.IsValid);
        Assert.StartsWith("Invalid DSL: None is not of type 'string'", validation.Error, StringComparison.Ordinal);
        Assert.Contains("On instance['action']:\n    None", validation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_answer_carries_method_and_path_too()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.ConnectionRefused()), o => o.Resilience.MaxRetryAttempts = 0);

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() =>
            client.Environments.UpdateAsync(new EnvironmentRequest("env1", new JsonObject { ["a"] = 3 })));

        Assert.Equal(HttpMethod.Put, error.Method);
        Assert.Equal("/v2/environments", error.Path);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }
}
