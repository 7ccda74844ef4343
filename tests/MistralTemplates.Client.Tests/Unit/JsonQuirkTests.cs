using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>The shapes the real server answers with, read into typed records.</summary>
public sealed class JsonQuirkTests
{
    private static readonly DateTimeOffset At134707 = new(2026, 11, 27, 13, 47, 7, TimeSpan.Zero);

    [Fact]
    public async Task Interface_as_a_json_string_in_a_get_reads_like_the_object_in_the_create_answer()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.Created, "workflow-create-hello.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        using var client = TestClients.Over(handler);

        var created = Assert.Single(await client.Workflows.CreateAsync(Transcript.Read("definition-hello.yaml")));
        var fetched = await client.Workflows.GetAsync("hello");

        Assert.Equal("name -> greeting", Describe(created.Interface));
        Assert.Equal("name -> greeting", Describe(fetched.Interface));
        Assert.True(fetched.Interface!.Input[0].IsRequired);
    }

    [Fact]
    public async Task Inputs_with_defaults_read_the_same_from_a_create_answer_and_a_get()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.Created, "workflow-create-wf_a-wf_b.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-wf_b-ns1.json"));
        using var client = TestClients.Over(handler);

        var created = await client.Workflows.CreateAsync(Transcript.Read("definition-wf_a-wf_b.yaml"));
        var fetched = await client.Workflows.GetAsync("wf_b", "ns1");

        Assert.Equal(["wf_a", "wf_b"], created.Select(w => w.Name));
        Assert.Equal(" -> ", Describe(created[0].Interface));
        Assert.Equal("x=1 -> y", Describe(created[1].Interface));
        Assert.Equal("x=1 -> y", Describe(fetched.Interface));
        var x = fetched.Interface!.Input.Single();
        Assert.True(x.HasDefault);
        Assert.False(x.IsRequired);
        Assert.Equal(1, x.Default!.GetValue<int>());
        Assert.Equal("ns1", fetched.Namespace);
        Assert.Equal("x=\"1\"", fetched.Input);
    }

    [Fact]
    public async Task Execution_input_output_and_params_sent_as_json_strings_become_json()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "execution-get-hello.json")));

        var execution = await client.Executions.GetAsync("3e71a507-11bf-4ef9-953d-d4e99ba4cbc0");

        Assert.Equal("x", execution.Input!["name"]!.GetValue<string>());
        Assert.Equal("Hi x", execution.Output!["greeting"]!.GetValue<string>());
        Assert.IsType<JsonObject>(execution.Params);
        Assert.Equal("", execution.Params!["namespace"]!.GetValue<string>());
        Assert.Empty(execution.Params!["env"]!.AsObject());
        Assert.Empty(execution.PublishedGlobal!.AsObject());
        Assert.Equal("hello", execution.WorkflowName);
        Assert.Null(execution.StateInfo);
    }

    [Fact]
    public async Task Timestamps_without_a_zone_are_utc()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "execution-get-hello.json")));

        var execution = await client.Executions.GetAsync("3e71a507-11bf-4ef9-953d-d4e99ba4cbc0");

        Assert.Equal(At134707, execution.CreatedAt);
        Assert.Equal(TimeSpan.Zero, execution.CreatedAt!.Value.Offset);
        Assert.Equal(At134707.UtcDateTime, execution.UpdatedAt!.Value.UtcDateTime);
    }

    [Fact]
    public async Task An_empty_timestamp_reads_as_none()
    {
        // System actions such as std.echo come with "created_at": "".
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "action-get-std-echo.json")));

        var action = await client.Actions.GetAsync("std.echo");

        Assert.Null(action.CreatedAt);
        Assert.Null(action.UpdatedAt);
        Assert.Equal("output, delay=0", action.Input);
    }

    [Theory]
    [InlineData("execution-get-hello.json", ExecutionState.Success)]
    [InlineData("execution-create-slow.json", ExecutionState.Running)]
    [InlineData("execution-pause.json", ExecutionState.Paused)]
    [InlineData("execution-cancel.json", ExecutionState.Cancelled)]
    public async Task States_of_real_answers_map_to_the_enum(string file, ExecutionState expected)
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, file)));

        Assert.Equal(expected, (await client.Executions.GetAsync("x")).State);
    }

    [Theory]
    [InlineData("IDLE", ExecutionState.Idle)]
    [InlineData("WAITING", ExecutionState.Waiting)]
    [InlineData("RUNNING_DELAYED", ExecutionState.RunningDelayed)]
    [InlineData("ERROR", ExecutionState.Error)]
    [InlineData("SKIPPED", ExecutionState.Unknown)]
    [InlineData("success", ExecutionState.Unknown)]
    public async Task Every_state_name_maps_and_an_unknown_one_is_unknown(string name, ExecutionState expected)
    {
        var body = Transcript.Read("execution-get-hello.json").Replace("\"state\": \"SUCCESS\"", $"\"state\": \"{name}\"", StringComparison.Ordinal);
        Assert.Contains(name, body, StringComparison.Ordinal);
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.Json(HttpStatusCode.OK, body)));

        Assert.Equal(expected, (await client.Executions.GetAsync("x")).State);
    }

    [Fact]
    public async Task A_task_result_that_is_a_json_string_becomes_that_string()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "task-get.json")));

        var task = await client.Tasks.GetAsync("3bd6bf2d-02ca-4063-a390-68e6f0067e34");

        var result = Assert.IsAssignableFrom<JsonValue>(task.Result);
        Assert.Equal("Hi x", result.GetValue<string>());
        Assert.Equal("Hi x", task.Published!["greeting"]!.GetValue<string>());
        Assert.Empty(task.RuntimeContext!.AsObject());
        Assert.Equal(ExecutionState.Success, task.State);
        Assert.Equal(At134707, task.FinishedAt);
        Assert.Equal(true, task.Processed);
    }

    [Fact]
    public async Task A_string_that_is_not_json_stays_a_string()
    {
        var body = Transcript.Read("execution-get-hello.json")
            .Replace("\"input\": \"{\\\"name\\\": \\\"x\\\"}\"", "\"input\": \"name: x (not json)\"", StringComparison.Ordinal);
        Assert.Contains("not json", body, StringComparison.Ordinal);
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.Json(HttpStatusCode.OK, body)));

        var execution = await client.Executions.GetAsync("x");

        Assert.Equal("name: x (not json)", Assert.IsAssignableFrom<JsonValue>(execution.Input).GetValue<string>());
        Assert.Equal("Hi x", execution.Output!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_items_without_output_have_no_output_and_include_output_items_have_it()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(HttpStatusCode.OK, "executions-list-include-output.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "executions-list-fields-limit-2.json"),
            Answers.Json(HttpStatusCode.OK, """{"executions": []}"""));
        using var client = TestClients.Over(handler);

        var withOutput = await ToListAsync(client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = ["wf_b"], IncludeOutput = true }));
        var withoutOutput = await ToListAsync(client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = ["hello"] }));

        Assert.Equal(42, Assert.Single(withOutput).Output!["y"]!.GetValue<int>());
        Assert.Equal(2, withoutOutput.Count);
        Assert.All(withoutOutput, e => Assert.Null(e.Output));
        Assert.All(withoutOutput, e => Assert.Equal(ExecutionState.Success, e.State));
    }

    [Fact]
    public async Task Environment_variables_sent_back_as_a_json_string_become_json()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "environment-get-env1.json")));

        var environment = await client.Environments.GetAsync("env1");

        Assert.Equal(1, environment.Variables!["a"]!.GetValue<int>());
        Assert.Equal("x", environment.Variables!["b"]!.GetValue<string>());
        Assert.Null(environment.UpdatedAt);
    }

    [Fact]
    public async Task A_one_shot_cron_trigger_reads_with_its_placeholder_pattern_and_utc_times()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "cron-trigger-create-ct2.json")));

        var trigger = await client.CronTriggers.CreateAsync(new CronTriggerRequest("ct2")
        {
            WorkflowName = "hello",
            WorkflowInput = new JsonObject { ["name"] = "once" },
            FirstExecutionTime = new DateTimeOffset(2026, 11, 27, 13, 49, 0, TimeSpan.Zero),
            RemainingExecutions = 1,
        });

        Assert.Equal("0 0 30 2 0", trigger.Pattern);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 13, 49, 0, TimeSpan.Zero), trigger.FirstExecutionTime);
        Assert.Equal("once", trigger.WorkflowInput!["name"]!.GetValue<string>());
        Assert.Empty(trigger.WorkflowParams!.AsObject());
        Assert.Equal(1, trigger.RemainingExecutions);
    }

    [Fact]
    public async Task Tasks_of_an_execution_read_published_values_and_have_no_result_in_a_list()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "tasks-of-execution.json"));
        using var client = TestClients.Over(handler);

        var task = Assert.Single(await ToListAsync(client.Executions.ListTasksAsync("3e71a507-11bf-4ef9-953d-d4e99ba4cbc0")));

        Assert.Equal("/v2/executions/3e71a507-11bf-4ef9-953d-d4e99ba4cbc0/tasks", Assert.Single(handler.Requests).Uri.AbsolutePath);
        Assert.Equal("say", task.Name);
        Assert.Equal("ACTION", task.Type);
        Assert.Null(task.Result);
        Assert.Equal("Hi x", task.Published!["greeting"]!.GetValue<string>());
        Assert.Equal(At134707, task.StartedAt);
    }

    [Fact]
    public async Task A_workbook_workflow_is_read_by_its_dotted_name()
    {
        var handler = CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-wb1.inner.json"));
        using var client = TestClients.Over(handler);

        var workflow = await client.Workflows.GetAsync("wb1.inner");

        Assert.Equal("/v2/workflows/wb1.inner", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Equal("wb1.inner", workflow.Name);
        Assert.Equal("inner:\n  tasks:\n    t:\n      action: std.echo output=wb\n", workflow.Definition);
        Assert.Equal(" -> ", Describe(workflow.Interface));
    }

    [Fact]
    public async Task A_cron_trigger_with_a_pattern_reads_its_next_time_and_input()
    {
        using var client = TestClients.Over(CannedHandler.InTurn(Answers.FromTranscript(HttpStatusCode.Created, "cron-trigger-create-ct1.json")));

        var trigger = await client.CronTriggers.CreateAsync(new CronTriggerRequest("ct1")
        {
            WorkflowName = "hello", WorkflowInput = new JsonObject { ["name"] = "cron" }, Pattern = "* * * * *", RemainingExecutions = 2,
        });

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 13, 48, 0, TimeSpan.Zero), trigger.NextExecutionTime);
        Assert.Null(trigger.FirstExecutionTime);
        Assert.Equal("cron", trigger.WorkflowInput!["name"]!.GetValue<string>());
        Assert.Equal("ba524d5c-1a24-4d0d-82c0-201adb8641e0", trigger.WorkflowId);
    }

    private static string Describe(WorkflowInterface? shape)
    {
        Assert.NotNull(shape);
        var inputs = shape!.Input.Select(p => p.HasDefault ? $"{p.Name}={p.Default?.ToJsonString()}" : p.Name);
        return string.Join(",", inputs) + " -> " + string.Join(",", shape.Output);
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
