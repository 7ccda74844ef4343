using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>Retries, timeouts and the circuit breaker, over canned failures.</summary>
public sealed class ResilienceTests
{
    private const string HelloId = "3e71a507-11bf-4ef9-953d-d4e99ba4cbc0";

    [Fact]
    public async Task A_503_then_an_answer_succeeds_on_the_second_attempt()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable(), Answers.FromTranscript(HttpStatusCode.OK, "execution-get-hello.json"));
        using var client = TestClients.Over(handler);

        var execution = await client.Executions.GetAsync(HelloId);

        Assert.Equal(HelloId, execution.Id);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_failed_connection_then_an_answer_succeeds()
    {
        var handler = CannedHandler.InTurn(Answers.ConnectionRefused(), Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        var workflow = await client.Workflows.GetAsync("hello");

        Assert.Equal("ba524d5c-1a24-4d0d-82c0-201adb8641e0", workflow.Id);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Gateway_errors_are_retried_too()
    {
        var handler = CannedHandler.InTurn(Answers.Status(HttpStatusCode.BadGateway), Answers.Status(HttpStatusCode.GatewayTimeout),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        await client.Workflows.GetAsync("hello");

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Running_an_action_is_not_repeated_after_a_503()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable(), Answers.FromTranscript(HttpStatusCode.Created, "action-execution-run-echo.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() =>
            client.ActionExecutions.RunAsync(new ActionRunRequest("std.echo") { Input = new() { ["output"] = "direct" } }));

        Assert.Equal(1, error.Attempts);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Running_an_action_is_not_repeated_after_a_lost_answer()
    {
        var handler = CannedHandler.InTurn(Answers.LostAnswer(), Answers.FromTranscript(HttpStatusCode.Created, "action-execution-run-echo.json"));
        using var client = TestClients.Over(handler);

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => client.ActionExecutions.RunAsync(new ActionRunRequest("std.echo")));

        Assert.Equal(1, error.Attempts);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_action_run_answer_reads_its_output()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "action-execution-run-echo.json"));
        using var client = TestClients.Over(handler);

        var run = await client.ActionExecutions.RunAsync(new ActionRunRequest("std.echo") { Input = new() { ["output"] = "direct" } });

        Assert.Null(run.Id);
        Assert.Equal("direct", run.Output!["result"]!.GetValue<string>());
        Assert.Equal(ExecutionState.Success, run.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Always_503_gives_unavailable_after_every_allowed_attempt(int retries)
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable());
        using var client = TestClients.Over(handler, o => o.Resilience.MaxRetryAttempts = retries);

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => client.Workflows.GetAsync("hello"));

        Assert.Equal(1 + retries, error.Attempts);
        Assert.Equal(1 + retries, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("/v2/workflows/hello", error.Path);
        if (retries > 0) Assert.Contains($"after {1 + retries} attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Always_failing_connections_give_unavailable_with_the_attempt_count()
    {
        var handler = CannedHandler.InTurn(Answers.ConnectionRefused());
        using var client = TestClients.Over(handler, o => o.Resilience.MaxRetryAttempts = 2);

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => client.Workflows.GetAsync("hello"));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Null(error.StatusCode);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_not_retried()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.InternalServerError, "execution-create-unknown-workflow.json"),
            Answers.FromTranscript(HttpStatusCode.Created, "execution-create-hello.json"));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAsync<MistralNotFoundException>(() => client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = "nope" }));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Retry_after_on_a_503_sets_the_wait()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable(TimeSpan.FromSeconds(1)), Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);
        var clock = Stopwatch.StartNew();

        await client.Workflows.GetAsync("hello");

        Assert.True(clock.ElapsedMilliseconds >= 900, $"retried after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_in_time_is_abandoned_and_retried()
    {
        var handler = CannedHandler.InTurn(Answers.Never());
        using var client = TestClients.Over(handler, o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Resilience.MaxRetryAttempts = 1;
        });

        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => client.Workflows.GetAsync("hello"));

        Assert.Contains("no answer in time", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task An_open_circuit_fails_calls_at_once_without_sending_them()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable());
        using var client = TestClients.Over(handler, o =>
        {
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.CircuitMinimumThroughput = 2;
            o.Resilience.CircuitFailureRatio = 0.5;
        });

        await Assert.ThrowsAsync<MistralUnavailableException>(() => client.Workflows.GetAsync("hello"));
        await Assert.ThrowsAsync<MistralUnavailableException>(() => client.Workflows.GetAsync("hello"));
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => client.Workflows.GetAsync("hello"));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("circuit is open", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
        Assert.Equal("/v2/workflows/hello", error.Path);
        // The handler's count shows it was not sent; the time shows it did not wait the break out (15 s by default),
        // with room for a loaded machine.
        Assert.True(clock.Elapsed < new MistralTemplates.Mistral.Http.MistralResilienceOptions().CircuitBreakDuration / 2, $"the refused call took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Caller_cancellation_is_not_wrapped()
    {
        var handler = CannedHandler.InTurn(Answers.Never());
        using var client = TestClients.Over(handler);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Workflows.GetAsync("hello", cancellationToken: cancellation.Token));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_cancelled_token_sends_nothing()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Workflows.GetAsync("hello", cancellationToken: new CancellationToken(true)));

        Assert.Empty(handler.Requests);
    }
}
