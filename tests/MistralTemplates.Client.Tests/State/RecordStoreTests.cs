using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;
using Xunit.Abstractions;

namespace MistralTemplates.Mistral.Tests.State;

public sealed class RecordStoreTests(MistralServer server, ITestOutputHelper output) : StateStoreTest(server)
{
    [MistralFact]
    public async Task A_record_is_saved_read_listed_and_deleted_with_its_JSON_values_intact()
    {
        var stack = NewStack();
        var store = NewStore();
        var record = (NewRecord(stack) with
        {
            Parameters = new Dictionary<string, JsonElement>
            {
                ["name"] = Json("\"Grüße, \\\"world\\\" ✓\""),
                ["count"] = Json("42"),
                ["ratio"] = Json("0.1"),
                ["big"] = Json("9007199254740993"),
                ["enabled"] = Json("true"),
                ["nothing"] = Json("null"),
                ["config"] = Json("""{"nested": {"list": [1, "two", {"three": 3.5}], "empty": {}}, "z": []}"""),
                ["zones"] = Json("""["a", "b,c"]"""),
            },
            Status = LifecycleStatus.CreateFailed,
            StatusReason = "Resource CREATE failed: workflow 'x' is invalid",
            Outputs = new Dictionary<string, JsonElement> { ["url"] = Json("\"http://example/\"") },
        }).WithResource("workflow", new ResourceRecord
        {
            Type = "OS::Mistral::Workflow",
            PhysicalId = stack + ".workflow.hello",
            Status = LifecycleStatus.CreateComplete,
            Properties = Json("""{"type": "direct", "input": {"name": "x"}, "tasks": [{"name": "say", "action": "std.echo"}]}"""),
            Attributes = new Dictionary<string, JsonElement> { ["data"] = Json("""{"k": [1, 2]}""") },
            ExecutionIds = ["7f1e0f8e-0000-4000-8000-000000000001", "7f1e0f8e-0000-4000-8000-000000000002"],
            Workflows = [stack + ".workflow.hello", stack + ".workflow.other"],
            Data = new Dictionary<string, JsonElement> { ["definition_hash"] = Json("\"abc\"") },
            UpdatedAt = DateTimeOffset.UnixEpoch,
        }).WithResource("trigger", new ResourceRecord
        {
            Type = "OS::Mistral::CronTrigger",
            Status = LifecycleStatus.CreateInProgress,
            DependsOn = ["workflow"],
        });

        await store.SaveAsync(record);

        var read = await store.GetAsync(stack);
        Assert.NotNull(read);
        Assert.Equal(Serialized(record), Serialized(read));
        Assert.Equal(record.StackId, read.StackId);
        Assert.Equal(["workflow", "trigger"], read.Resources.Keys);
        foreach (var (name, value) in record.Parameters)
            Assert.True(JsonElement.DeepEquals(value, read.Parameters[name]), name);
        Assert.Equal("9007199254740993", read.Parameters["big"].GetRawText());
        Assert.Equal(record.Resources["workflow"].ExecutionIds, read.Resources["workflow"].ExecutionIds);

        // In Mistral itself: execution ids are a JSON array of strings, and the status is spelled as Heat spells it.
        var environment = await Client.Environments.GetAsync(store.RecordEnvironmentName(stack));
        var ids = Assert.IsType<JsonArray>(environment.Variables!["resources"]!["workflow"]!["execution_ids"]);
        Assert.Equal(record.Resources["workflow"].ExecutionIds, ids.Select(id => id!.GetValue<string>()));
        Assert.Equal("CREATE_FAILED", environment.Variables["status"]!.GetValue<string>());
        Assert.Equal(1, environment.Variables["version"]!.GetValue<int>());

        // Another machine (another client of the same server) sees the same stack.
        using var otherClient = new MistralClient(new MistralClientOptions { Endpoint = Server.Endpoint });
        var listed = await new MistralEnvironmentStateStore(otherClient).ListAsync();
        Assert.Equal(Serialized(record), Serialized(Assert.Single(listed, r => r.StackName == stack)));
        Assert.Equal(listed.Select(r => r.StackName).OrderBy(n => n, StringComparer.Ordinal), listed.Select(r => r.StackName));

        await store.DeleteAsync(stack);

        Assert.Null(await store.GetAsync(stack));
        Assert.DoesNotContain(await store.ListAsync(), r => r.StackName == stack);
        Assert.Empty(await EnvironmentsOfAsync(stack));
        await store.DeleteAsync(stack);   // nothing to delete is not an error
    }

    [MistralFact]
    public async Task A_save_that_does_not_follow_the_stored_version_is_refused_and_stores_nothing()
    {
        var stack = NewStack();
        var store = NewStore();
        var first = NewRecord(stack);

        var missing = await Assert.ThrowsAsync<StackStateConflictException>(() => store.SaveAsync(first with { Version = 2 }));
        Assert.Equal((1, null), (missing.ExpectedVersion, missing.StoredVersion));

        await store.SaveAsync(first);
        var again = await Assert.ThrowsAsync<StackStateConflictException>(() => store.SaveAsync(first with { StatusReason = "other run" }));
        Assert.Equal((0, 1), (again.ExpectedVersion, again.StoredVersion));
        Assert.Equal(stack, again.Stack);
        Assert.Contains("holds version 1", again.Message);

        var second = first.NextVersion() with { Status = LifecycleStatus.CreateComplete };
        await store.SaveAsync(second);
        var stale = await Assert.ThrowsAsync<StackStateConflictException>(
            () => store.SaveAsync(second with { Status = LifecycleStatus.CreateFailed }));
        Assert.Equal((1, 2), (stale.ExpectedVersion, stale.StoredVersion));
        var skipped = await Assert.ThrowsAsync<StackStateConflictException>(() => store.SaveAsync(second with { Version = 4 }));
        Assert.Equal((3, 2), (skipped.ExpectedVersion, skipped.StoredVersion));

        Assert.Equal(Serialized(second), Serialized((await store.GetAsync(stack))!));
    }

    [MistralFact]
    public async Task Two_runs_creating_the_same_stack_at_once_store_exactly_one_first_version()
    {
        var stack = NewStack();
        var store = NewStore();

        var saves = Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await store.SaveAsync(NewRecord(stack) with { StatusReason = "run " + i });
                return true;
            }
            catch (StackStateConflictException)
            {
                return false;
            }
        }).ToList();
        var won = await Task.WhenAll(saves);

        Assert.Equal(1, won.Count(w => w));
        var stored = await store.GetAsync(stack);
        Assert.Equal("run " + Array.IndexOf(won, true), stored!.StatusReason);
    }

    [MistralFact]
    public async Task A_record_of_200_resources_and_1000_execution_ids_round_trips()
    {
        var stack = NewStack();
        var store = NewStore();
        var record = NewRecord(stack);
        for (var i = 0; i < 200; i++)
        {
            record = record.WithResource($"resource_{i:000}", new ResourceRecord
            {
                Type = i % 2 == 0 ? "OS::Mistral::Workflow" : "OS::Mistral::CronTrigger",
                PhysicalId = $"{stack}.resource_{i:000}.main",
                Status = LifecycleStatus.CreateComplete,
                Properties = Json("{\"definition\": {\"version\": \"2.0\", \"main\": {\"tasks\": {\"t" + i + "\": {\"action\": \"std.echo output=<% $.x %>\"}}}}, " +
                                  "\"pattern\": \"*/5 * * * *\", \"input\": {\"x\": " + i + "}}"),
                DependsOn = i == 0 ? [] : [$"resource_{i - 1:000}"],
                Workflows = i % 2 == 0 ? [$"{stack}.resource_{i:000}.main"] : [],
                ExecutionIds = Enumerable.Range(0, 5).Select(n => Guid.NewGuid().ToString()).ToList(),
            });
        }
        var ids = record.Resources.Values.Sum(r => r.ExecutionIds.Count);
        var size = Serialized(record).Length;

        var clock = Stopwatch.StartNew();
        await store.SaveAsync(record);
        var saved = clock.Elapsed;
        var read = await store.GetAsync(stack);
        var loaded = clock.Elapsed - saved;
        output.WriteLine($"200 resources, {ids} execution ids: {size:N0} characters of JSON; save {saved.TotalMilliseconds:0} ms, read {loaded.TotalMilliseconds:0} ms");

        Assert.Equal(1000, ids);
        Assert.Equal(Serialized(record), Serialized(read!));

        // Rewriting it as the next version works the same way.
        var next = record.NextVersion().WithResource("resource_000", record.Resources["resource_000"] with
        {
            ExecutionIds = [.. record.Resources["resource_000"].ExecutionIds, Guid.NewGuid().ToString()],
        });
        await store.SaveAsync(next);
        Assert.Equal(6, (await store.GetAsync(stack))!.Resources["resource_000"].ExecutionIds.Count);
    }

    [MistralFact]
    public async Task A_record_of_several_megabytes_is_stored_whole()
    {
        var stack = NewStack();
        var store = NewStore();
        var record = NewRecord(stack).WithResource("workflow", new ResourceRecord
        {
            Type = "OS::Mistral::Workflow",
            ExecutionIds = Enumerable.Range(0, 100_000).Select(n => Guid.NewGuid().ToString()).ToList(),
        });
        var size = Serialized(record).Length;

        var clock = Stopwatch.StartNew();
        await store.SaveAsync(record);
        var read = await store.GetAsync(stack);
        output.WriteLine($"100,000 execution ids: {size:N0} characters of JSON; save and read {clock.ElapsedMilliseconds} ms");

        Assert.True(size > 3_500_000, $"{size}");
        Assert.Equal(record.Resources["workflow"].ExecutionIds, read!.Resources["workflow"].ExecutionIds);
    }

    [MistralFact]
    public async Task An_environment_that_holds_no_record_is_reported_not_misread()
    {
        var stack = NewStack();
        var store = NewStore();
        await Client.Environments.CreateAsync(new EnvironmentRequest(store.RecordEnvironmentName(stack), new JsonObject { ["a"] = 1 }));

        var error = await Assert.ThrowsAsync<StackStateException>(() => store.GetAsync(stack));

        Assert.Contains(store.RecordEnvironmentName(stack), error.Message);
        Assert.Contains("format", error.Message);
    }

    [MistralFact]
    public async Task A_stack_name_the_store_cannot_keep_is_refused_before_any_call()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("1starts-with-a-digit"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(NewRecord("has space")));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("s" + new string('x', store.MaxStackNameLength)));
        Assert.Contains("200 characters", tooLong.Message);
    }
}
