using System;
using System.Text.Json.Nodes;
using MistralTemplates.Deployment.Resources;
using MistralTemplates.Mistral;

namespace MistralTemplates.Tests.Typed;

public sealed class WorkflowExecutionTests
{
    private static readonly Execution FromService = new()
    {
        Id = "e1",
        WorkflowName = "s.workflow.greet",
        State = ExecutionState.RunningDelayed,
        StateInfo = "waiting",
        Input = JsonNode.Parse("""{"name": "a"}"""),
        Output = JsonNode.Parse("""{"greeting": "Hello a", "vm_count": 2}"""),
        CreatedAt = new DateTimeOffset(2026, 11, 27, 13, 33, 55, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 11, 27, 13, 34, 1, TimeSpan.Zero),
    };

    private sealed record Result(string Greeting, int VmCount);

    [Fact]
    public void The_services_record_maps_to_the_typed_one_and_its_json_form_reads_back()
    {
        var typed = WorkflowExecution.From(FromService);
        var json = typed.ToJson();
        var back = WorkflowExecution.FromJson(json);

        Assert.Equal("RUNNING_DELAYED", json["state"]!.GetValue<string>());
        Assert.Equal("2026-11-27T13:33:55Z", json["created_at"]!.GetValue<string>());
        Assert.Equal(json.ToJsonString(), WorkflowResourceProvider.ExecutionJson(FromService).ToJsonString());
        Assert.Equal((typed.Id, typed.WorkflowName, typed.State, typed.StateInfo, typed.CreatedAt, typed.UpdatedAt),
            (back.Id, back.WorkflowName, back.State, back.StateInfo, back.CreatedAt, back.UpdatedAt));
        Assert.Equal(typed.Output!.ToJsonString(), back.Output!.ToJsonString());
        Assert.False(back.IsCompleted);
    }

    [Fact]
    public void Outputs_are_read_typed_with_snake_case_names()
    {
        var typed = WorkflowExecution.From(FromService);

        Assert.Equal(new Result("Hello a", 2), typed.GetOutput<Result>());
        Assert.Equal(2, typed.GetOutput<int>("vm_count"));
        Assert.Null(WorkflowExecution.From(FromService with { Output = null }).GetOutput<Result>());
    }

    [Fact]
    public void An_unknown_state_name_reads_as_unknown()
    {
        var json = WorkflowExecution.From(FromService).ToJson();
        json["state"] = "SOMETHING_NEW";

        Assert.Equal(ExecutionState.Unknown, WorkflowExecution.FromJson(json).State);
    }
}
