using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.State;

namespace MistralTemplates.Mistral.Tests.State;

/// <summary>The record's JSON form and helpers, without a server.</summary>
public sealed class StackRecordTests
{
    private static readonly StackRecord Record = new StackRecord
    {
        StackName = "hello",
        StackId = new Guid("0b5e7b8e-6f0a-4c4b-9d38-2f1e0c6f5a11"),
        TemplatePath = "hello.yaml",
        TemplateHash = "abc",
        Status = LifecycleStatus.UpdateFailed,
        StatusReason = "boom",
    }.WithResource("workflow", new ResourceRecord
    {
        Type = "OS::Mistral::Workflow",
        Status = LifecycleStatus.CreateComplete,
        ExecutionIds = ["e1", "e2"],
        Workflows = ["hello.workflow.main"],
    });

    [Fact]
    public void The_JSON_has_snake_case_keys_Heat_status_names_and_execution_ids_as_an_array()
    {
        var json = JsonSerializer.SerializeToNode(Record, StackStateJsonContext.Default.StackRecord)!;

        Assert.Equal("hello", json["stack_name"]!.GetValue<string>());
        Assert.Equal("0b5e7b8e-6f0a-4c4b-9d38-2f1e0c6f5a11", json["stack_id"]!.GetValue<string>());
        Assert.Equal(1, json["version"]!.GetValue<int>());
        Assert.Equal("UPDATE_FAILED", json["status"]!.GetValue<string>());
        Assert.Equal("boom", json["status_reason"]!.GetValue<string>());
        var workflow = json["resources"]!["workflow"]!;
        Assert.Equal("CREATE_COMPLETE", workflow["status"]!.GetValue<string>());
        Assert.Equal(["e1", "e2"], workflow["execution_ids"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["hello.workflow.main"], workflow["workflows"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(workflow["physical_id"]);   // nulls are left out
    }

    [Fact]
    public void A_record_without_its_required_fields_is_not_read()
    {
        var json = JsonSerializer.SerializeToNode(Record, StackStateJsonContext.Default.StackRecord)!.AsObject();
        json.Remove("stack_id");

        Assert.ThrowsAny<JsonException>(() => json.Deserialize(StackStateJsonContext.Default.StackRecord));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(
            """{"stack_name": null, "stack_id": "0b5e7b8e-6f0a-4c4b-9d38-2f1e0c6f5a11", "template_path": "t", "template_hash": "h"}""",
            StackStateJsonContext.Default.StackRecord));
    }

    [Fact]
    public void Resources_keep_their_order_when_one_is_replaced_or_removed()
    {
        var record = Record
            .WithResource("trigger", new ResourceRecord { Type = "OS::Mistral::CronTrigger" })
            .WithResource("last", new ResourceRecord { Type = "OS::Heat::None" });

        var replaced = record.WithResource("workflow", record.Resources["workflow"] with { ExecutionIds = ["e1", "e2", "e3"] });
        var removed = replaced.WithoutResource("trigger");

        Assert.Equal(["workflow", "trigger", "last"], replaced.Resources.Keys);
        Assert.Equal(["e1", "e2", "e3"], replaced.Resources["workflow"].ExecutionIds);
        Assert.Equal(["e1", "e2"], record.Resources["workflow"].ExecutionIds);   // the original is untouched
        Assert.Equal(["workflow", "last"], removed.Resources.Keys);
        Assert.Equal(2, removed.NextVersion().Version);
    }

    [Theory]
    [InlineData(LifecycleStatus.CreateInProgress, "CREATE_IN_PROGRESS", true, false)]
    [InlineData(LifecycleStatus.DeleteComplete, "DELETE_COMPLETE", false, false)]
    [InlineData(LifecycleStatus.RollbackFailed, "ROLLBACK_FAILED", false, true)]
    public void Statuses_are_spelled_as_Heat_spells_them(LifecycleStatus status, string heatName, bool inProgress, bool failed)
    {
        Assert.Equal(heatName, status.ToHeatName());
        Assert.Equal((inProgress, failed), (status.IsInProgress(), status.IsFailed()));
        Assert.Equal(status, JsonSerializer.Deserialize($"\"{heatName}\"", StackStateJsonContext.Default.LifecycleStatus));
    }

    [Fact]
    public void The_template_hash_covers_the_text_and_every_file_in_any_order()
    {
        var files = new Dictionary<string, string> { ["a.yaml"] = "A", ["b.yaml"] = "B" };
        var hash = TemplateHash.Of("template", files);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, TemplateHash.Of("template", files.Reverse().ToDictionary()));
        Assert.Equal(hash, TemplateHash.Of(new StackTemplate("t.yaml", "template", files)));
        Assert.NotEqual(hash, TemplateHash.Of("template", new Dictionary<string, string> { ["a.yaml"] = "A", ["b.yaml"] = "B2" }));
        Assert.NotEqual(hash, TemplateHash.Of("template", new Dictionary<string, string> { ["a.yaml"] = "A" }));
        Assert.NotEqual(TemplateHash.Of("ab", new Dictionary<string, string> { ["f"] = "c" }),
            TemplateHash.Of("a", new Dictionary<string, string> { ["f"] = "bc" }));
        Assert.NotEqual(hash, TemplateHash.Of("template"));
    }
}
