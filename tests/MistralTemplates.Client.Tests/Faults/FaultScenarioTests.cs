using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Faults;

/// <summary>
/// The client through a fault-injecting proxy in front of the real server. After each scenario the test counts what
/// the server really holds (through a second client that bypasses the proxy): no duplicates, nothing half made.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class FaultScenarioTests(MistralServer server) : IAsyncLifetime
{
    private FaultProxy _proxy = null!;
    private MistralClient _client = null!;
    private MistralClient _direct = null!;

    public async Task InitializeAsync()
    {
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is not null) return;
        _proxy = await FaultProxy.StartAsync(server.Endpoint);
        _client = ClientThrough(_proxy.Endpoint, new MistralResilienceOptions
        {
            MaxRetryAttempts = 4, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(3),
        });
        _direct = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
    }

    public async Task DisposeAsync()
    {
        if (_proxy is null) return;
        _client.Dispose();
        _direct.Dispose();
        await _proxy.DisposeAsync();
    }

    private static MistralClient ClientThrough(Uri endpoint, MistralResilienceOptions resilience) =>
        new(new MistralClientOptions { Endpoint = endpoint, Resilience = resilience });

    private static string Noop(string name) => $"version: '2.0'\n{name}:\n  tasks:\n    t:\n      action: std.noop\n";

    private async Task<int> WorkflowsNamedAsync(string name)
    {
        var count = 0;
        await foreach (var _ in _direct.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.Eq, name))) count++;
        return count;
    }

    private async Task<int> ExecutionsOfAsync(string workflow)
    {
        var count = 0;
        await foreach (var _ in _direct.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [workflow] })) count++;
        return count;
    }

    [MistralFact]
    public async Task A_workflow_create_whose_answer_is_lost_exists_once_and_is_returned()
    {
        var (a, b) = (MistralServer.UniqueName("lost_a"), MistralServer.UniqueName("lost_b"));
        // Two workflows in one text: the server stores each printed again, so the comparison must be by meaning.
        var definition = Noop(a) + $"{b}:\n  input:\n    - x: 1\n  tasks:\n    t:\n      action: std.echo output=<% $.x %>\n      publish: {{y: <% task().result %>}}\n";
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workflows", Fault.ForwardThenDrop()));

        var created = await _client.Workflows.CreateAsync(definition);

        Assert.Equal([a, b], created.Select(w => w.Name));
        Assert.Equal(2, _proxy.CountForwarded(HttpMethod.Post, "/v2/workflows"));
        Assert.Equal(1, await WorkflowsNamedAsync(a));
        Assert.Equal(1, await WorkflowsNamedAsync(b));
    }

    [MistralFact]
    public async Task A_retried_create_that_meets_someone_elses_workflow_is_a_conflict_that_says_so()
    {
        var name = MistralServer.UniqueName("taken");
        await _direct.Workflows.CreateAsync($"version: '2.0'\n{name}:\n  tasks:\n    other:\n      action: std.noop\n");
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workflows", Fault.Status(503, retryAfter: "0")));

        var conflict = await Assert.ThrowsAsync<MistralConflictException>(() => _client.Workflows.CreateAsync(Noop(name)));

        Assert.Equal(2, conflict.Attempts);
        Assert.Contains("differs from what was asked", conflict.Message);
        Assert.Contains("tasks:\n    other:", Assert.IsType<WorkflowDefinition>(conflict.Existing).Definition);
        Assert.Contains("other:", (await _direct.Workflows.GetAsync(name)).Definition);
    }

    [MistralFact]
    public async Task An_execution_start_whose_answer_is_lost_starts_one_execution()
    {
        var workflow = MistralServer.UniqueName("once");
        await _direct.Workflows.CreateAsync(Noop(workflow));
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/executions", Fault.ForwardThenDrop(), times: 2));

        var started = await _client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = workflow });

        Assert.Equal(3, _proxy.CountForwarded(HttpMethod.Post, "/v2/executions"));
        Assert.Equal(1, await ExecutionsOfAsync(workflow));
        Assert.Equal(started.Id, (await _direct.Executions.GetAsync(started.Id)).Id);
    }

    [MistralFact]
    public async Task An_execution_start_answered_too_late_is_retried_into_the_same_execution()
    {
        var workflow = MistralServer.UniqueName("late");
        await _direct.Workflows.CreateAsync(Noop(workflow));
        // The server starts it, but the answer arrives after the attempt timeout (3 s).
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/executions", Fault.ForwardThenDelay(TimeSpan.FromSeconds(6))));

        var started = await _client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = workflow });

        Assert.Equal(1, await ExecutionsOfAsync(workflow));
        Assert.Equal(started.Id, (await _direct.Executions.GetAsync(started.Id)).Id);
    }

    [MistralFact]
    public async Task A_cron_trigger_create_whose_answer_is_lost_exists_once()
    {
        var workflow = MistralServer.UniqueName("cronwf");
        await _direct.Workflows.CreateAsync(Noop(workflow));
        var name = MistralServer.UniqueName("ct");
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/cron_triggers", Fault.ForwardThenDrop()));

        var trigger = await _client.CronTriggers.CreateAsync(new CronTriggerRequest(name)
        {
            WorkflowName = workflow, FirstExecutionTime = DateTimeOffset.UtcNow.AddHours(1), RemainingExecutions = 1,
        });

        Assert.Equal(name, trigger.Name);
        Assert.Equal("0 0 30 2 0", trigger.Pattern); // the one-shot placeholder counts as what was asked
        var listed = 0;
        await foreach (var _ in _direct.CronTriggers.ListAsync(new ListQuery().Where("name", FilterOperator.Eq, name))) listed++;
        Assert.Equal(1, listed);
        await _direct.CronTriggers.DeleteAsync(name);
    }

    [MistralFact]
    public async Task Environment_action_and_workbook_creates_whose_answers_are_lost_exist_once()
    {
        var environment = MistralServer.UniqueName("env");
        var action = "my." + MistralServer.UniqueName("act");
        var workbook = MistralServer.UniqueName("wb");
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/environments", Fault.ForwardThenDrop()));
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/actions", Fault.ForwardThenDrop()));
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workbooks", Fault.ForwardThenDrop()));

        var env = await _client.Environments.CreateAsync(new EnvironmentRequest(environment, new JsonObject { ["a"] = 1 }) { Description = "d" });
        var act = Assert.Single(await _client.Actions.CreateAsync($"version: '2.0'\n{action}:\n  base: std.echo\n  base-input:\n    output: <% $.x %>\n  input: [x]\n"));
        var book = await _client.Workbooks.CreateAsync($"version: '2.0'\nname: {workbook}\nworkflows:\n  inner:\n    tasks:\n      t:\n        action: std.noop\n");

        Assert.Equal(1, env.Variables!["a"]!.GetValue<int>());
        Assert.Equal(action, act.Name);
        Assert.Equal(workbook, book.Name);
        Assert.Equal(2, _proxy.CountForwarded(HttpMethod.Post, "/v2/environments"));
        Assert.Equal(2, _proxy.CountForwarded(HttpMethod.Post, "/v2/actions"));
        Assert.Equal(2, _proxy.CountForwarded(HttpMethod.Post, "/v2/workbooks"));
        Assert.Equal(env.Id, (await _direct.Environments.GetAsync(environment)).Id);
        Assert.Equal(act.Id, (await _direct.Actions.GetAsync(action)).Id);
        Assert.Equal(book.Id, (await _direct.Workbooks.GetAsync(workbook)).Id);
    }

    [MistralFact]
    public async Task A_delete_whose_answer_is_lost_is_done()
    {
        var name = MistralServer.UniqueName("gone");
        await _direct.Workflows.CreateAsync(Noop(name));
        _proxy.Inject(FaultRule.For(HttpMethod.Delete, "/v2/workflows", Fault.ForwardThenDrop()));

        await _client.Workflows.DeleteAsync(name);

        Assert.Equal(2, _proxy.CountForwarded(HttpMethod.Delete, "/v2/workflows"));
        Assert.Equal(0, await WorkflowsNamedAsync(name));
    }

    [MistralFact]
    public async Task Unavailable_answers_and_resets_are_retried_until_the_server_answers()
    {
        var name = MistralServer.UniqueName("flaky");
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workflows", Fault.Status(503, retryAfter: "1")));
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workflows", Fault.Reset()));
        _proxy.Inject(FaultRule.For(HttpMethod.Get, "/v2/workflows", Fault.Reset(), times: 2));

        var started = DateTime.UtcNow;
        Assert.Single(await _client.Workflows.CreateAsync(Noop(name)));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900), "the Retry-After of the 503 was not honoured");
        Assert.Equal(name, (await _client.Workflows.GetAsync(name)).Name);

        Assert.Equal(1, _proxy.CountForwarded(HttpMethod.Post, "/v2/workflows"));
        Assert.Equal(1, await WorkflowsNamedAsync(name));
    }

    [MistralFact]
    public async Task Exhausted_retries_give_a_clear_error_and_leave_nothing_behind()
    {
        var name = MistralServer.UniqueName("never");
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/workflows", Fault.Status(503), times: 100));
        var unavailable = await Assert.ThrowsAsync<MistralUnavailableException>(() => _client.Workflows.CreateAsync(Noop(name)));
        Assert.Equal(5, unavailable.Attempts);
        Assert.Contains("503", unavailable.Message);
        Assert.Contains("after 5 attempts", unavailable.Message);

        _proxy.Inject(FaultRule.For(HttpMethod.Get, "/v2/workflows", Fault.Reset(), times: 100));
        var reset = await Assert.ThrowsAsync<MistralUnavailableException>(() => _client.Workflows.GetAsync(name));
        Assert.Equal(5, reset.Attempts);
        Assert.Contains("could not be reached", reset.Message);
        Assert.IsAssignableFrom<HttpRequestException>(reset.InnerException);

        Assert.Equal(0, _proxy.CountForwarded(HttpMethod.Post, "/v2/workflows"));
        Assert.Equal(0, await WorkflowsNamedAsync(name));
    }

    [MistralFact]
    public async Task An_action_run_whose_answer_is_lost_is_not_run_again()
    {
        _proxy.Inject(FaultRule.For(HttpMethod.Post, "/v2/action_executions", Fault.ForwardThenDrop()));
        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() =>
            _client.ActionExecutions.RunAsync(new ActionRunRequest("std.echo") { Input = new JsonObject { ["output"] = "x" } }));
        Assert.Equal(1, error.Attempts);
        await _proxy.WaitUntilIdleAsync();
        // The client sent it once. The proxy's own hop to the server can fail under load (then the server never saw
        // it), so what reached the server is at most that one request, never a second.
        Assert.Equal(1, _proxy.Count(HttpMethod.Post, "/v2/action_executions"));
        Assert.InRange(_proxy.CountForwarded(HttpMethod.Post, "/v2/action_executions"), 0, 1);
    }

    [MistralFact]
    public async Task The_caller_can_give_up_while_the_server_is_slow()
    {
        _proxy.Inject(FaultRule.For(HttpMethod.Get, "/v2/workflows", Fault.Delay(TimeSpan.FromSeconds(10))));
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.Workflows.GetAsync("anything", cancellationToken: giveUp.Token));
    }
}
