using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

public sealed class EngineDefinitionTests : IDisposable
{
    private readonly TempEngine _engine = new();

    private IWorkflowService Service => _engine.Service;

    [Fact]
    public async Task A_workflow_is_created_read_listed_updated_and_deleted()
    {
        var created = Assert.Single(await Service.Workflows.CreateAsync(Definitions.Hello("hello")));
        Assert.True(Guid.TryParse(created.Id, out _));
        Assert.Equal("", created.Namespace);
        Assert.Equal(TimeSpan.Zero, created.CreatedAt!.Value.Offset);
        Assert.Equal("name", created.Input);
        Assert.Equal(["name"], created.Interface!.Input.Select(p => p.Name));
        Assert.True(created.Interface.Input[0].IsRequired);
        Assert.Equal(["greeting"], created.Interface.Output);

        var fetched = await Service.Workflows.GetAsync("hello");
        Assert.Equal(created, fetched with { Interface = created.Interface, Tags = created.Tags });
        Assert.Equal(Definitions.Hello("hello"), fetched.Definition);

        var listed = await ToListAsync(Service.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.In, "hello", "other")));
        Assert.Equal(created.Id, Assert.Single(listed).Id);

        var updated = Assert.Single(await Service.Workflows.UpdateAsync(Definitions.Hello("hello", "Hi")));
        Assert.Equal(created.Id, updated.Id);
        Assert.Contains("Hi <% $.name %>", updated.Definition);
        Assert.NotNull(updated.UpdatedAt);

        await Service.Workflows.DeleteAsync("hello");
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Workflows.GetAsync("hello"));
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Workflows.DeleteAsync("hello"));
    }

    [Fact]
    public async Task Two_workflows_in_one_text_land_in_the_namespace_with_their_defaults()
    {
        var created = await Service.Workflows.CreateAsync(Definitions.Two("a", "b"), "ns1");
        Assert.Equal(["a", "b"], created.Select(w => w.Name));
        Assert.All(created, w => Assert.Equal("ns1", w.Namespace));
        var b = await Service.Workflows.GetAsync("b", "ns1");
        Assert.Equal("x=1, s=\"a\"", b.Input);
        Assert.Equal(1, b.Interface!.Input[0].Default!.GetValue<int>());
        Assert.StartsWith("version: '2.0'", b.Definition);
        Assert.DoesNotContain("std.noop", b.Definition);

        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Workflows.GetAsync("b"));
        var inNamespace = await ToListAsync(Service.Workflows.ListAsync(new ListQuery().Where("namespace", FilterOperator.Eq, "ns1")));
        Assert.Equal(["a", "b"], inNamespace.Select(w => w.Name).Order());
    }

    [Fact]
    public async Task A_duplicate_is_a_conflict_and_nothing_of_the_text_is_kept()
    {
        await Service.Workflows.CreateAsync(Definitions.Hello("b"));
        var conflict = await Assert.ThrowsAsync<MistralConflictException>(() => Service.Workflows.CreateAsync(Definitions.Two("a", "b")));
        Assert.Contains("Duplicate entry", conflict.ServerMessage);
        Assert.Null(await Service.Workflows.GetAsync("a").OrNullIfNotFound());
    }

    [Fact]
    public async Task Invalid_definitions_are_refused_with_the_reason_and_validate_agrees()
    {
        var refused = await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.Workflows.CreateAsync(Definitions.UnknownTaskKey("broken")));
        Assert.Contains("bogus_key", refused.Message);
        Assert.Null(await Service.Workflows.GetAsync("broken").OrNullIfNotFound());

        Assert.Equal(new DefinitionValidation(true, null), await Service.Workflows.ValidateAsync(Definitions.Hello("v")));
        Assert.False((await Service.Workflows.ValidateAsync(Definitions.BadYaql("v"))).IsValid);
        var badYaml = await Service.Workflows.ValidateAsync(Definitions.BadYaml);
        Assert.False(badYaml.IsValid);
        Assert.Contains("could not be parsed", badYaml.Error);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Workflows.UpdateAsync(Definitions.Hello("never")));
    }

    [Fact]
    public async Task Environments_are_created_read_updated_and_deleted()
    {
        var created = await Service.Environments.CreateAsync(new EnvironmentRequest("env", new JsonObject { ["a"] = 1 }) { Description = "d" });
        Assert.Equal(1, created.Variables!["a"]!.GetValue<int>());
        await Assert.ThrowsAsync<MistralConflictException>(() => Service.Environments.CreateAsync(new EnvironmentRequest("env", new JsonObject())));
        var updated = await Service.Environments.UpdateAsync(new EnvironmentRequest("env", new JsonObject { ["a"] = 3 }));
        Assert.Equal(3, (await Service.Environments.GetAsync("env")).Variables!["a"]!.GetValue<int>());
        Assert.NotNull(updated.UpdatedAt);
        Assert.Equal("d", updated.Description);
        await Service.Environments.DeleteAsync("env");
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Environments.GetAsync("env"));
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Environments.UpdateAsync(new EnvironmentRequest("env", new JsonObject())));
    }

    [Fact]
    public async Task Cron_triggers_refuse_what_mistral_refuses_and_hold_their_workflow()
    {
        await Service.Workflows.CreateAsync(Definitions.Hello("hello"));
        var created = await Service.CronTriggers.CreateAsync(new CronTriggerRequest("yearly")
        {
            WorkflowName = "hello", WorkflowInput = new JsonObject { ["name"] = "cron" }, Pattern = "0 0 1 1 *", RemainingExecutions = 2,
        });
        Assert.Equal(new DateTimeOffset(DateTime.UtcNow.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero), created.NextExecutionTime);
        var firstTime = DateTimeOffset.UtcNow.AddMinutes(10);
        var once = await Service.CronTriggers.CreateAsync(new CronTriggerRequest("once")
        {
            WorkflowName = "hello", WorkflowInput = new JsonObject { ["name"] = "x" }, FirstExecutionTime = firstTime,
        });
        Assert.Equal("0 0 30 2 0", once.Pattern);
        Assert.Equal(0, once.NextExecutionTime!.Value.Second);

        CronTriggerRequest Asking(string pattern) => new("other") { WorkflowName = "hello", WorkflowInput = new JsonObject { ["name"] = "x" }, Pattern = pattern };
        await Assert.ThrowsAsync<MistralConflictException>(() => Service.CronTriggers.CreateAsync(Asking("* * * * *") with { Name = "yearly" }));
        await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.CronTriggers.CreateAsync(Asking("not a cron")));
        await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.CronTriggers.CreateAsync(Asking("* * * * *") with { WorkflowInput = null }));
        await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.CronTriggers.CreateAsync(Asking("* * * * *") with { Pattern = null, FirstExecutionTime = DateTimeOffset.UtcNow }));
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.CronTriggers.CreateAsync(Asking("* * * * *") with { WorkflowName = "nope" }));

        var inUse = await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.Workflows.DeleteAsync("hello"));
        Assert.Equal("DELETE", inUse.Method.Method);
        Assert.Equal(["once", "yearly"], (await ToListAsync(Service.CronTriggers.ListAsync())).Select(t => t.Name).Order());
        await Service.CronTriggers.DeleteAsync("yearly");
        await Service.CronTriggers.DeleteAsync("once");
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.CronTriggers.GetAsync("yearly"));
        await Service.Workflows.DeleteAsync("hello");
    }

    [Fact]
    public async Task What_was_stored_survives_closing_and_reopening_the_folder()
    {
        var workflow = Assert.Single(await Service.Workflows.CreateAsync(Definitions.Hello("kept")));
        await Service.Environments.CreateAsync(new EnvironmentRequest("env", new JsonObject { ["k"] = "v" }));
        await Service.CronTriggers.CreateAsync(new CronTriggerRequest("ct") { WorkflowName = "kept", WorkflowInput = new JsonObject { ["name"] = "n" }, Pattern = "0 0 1 1 *" });

        var reopened = _engine.Reopen();
        var read = await reopened.Workflows.GetAsync("kept");
        Assert.Equal(workflow.Id, read.Id);
        Assert.Equal(workflow.CreatedAt, read.CreatedAt);
        Assert.Equal(["greeting"], read.Interface!.Output);
        Assert.Equal("v", (await reopened.Environments.GetAsync("env")).Variables!["k"]!.GetValue<string>());
        Assert.Equal("kept", (await reopened.CronTriggers.GetAsync("ct")).WorkflowName);
    }

    [Fact]
    public void The_parts_still_missing_say_so()
    {
        var error = Assert.Throws<NotSupportedException>(() => Service.EventTriggers);
        Assert.Contains("event triggers", error.Message);
    }

    [Fact]
    public async Task An_unknown_sort_key_is_the_servers_error()
    {
        await Service.Workflows.CreateAsync(Definitions.Hello("s"));
        await Assert.ThrowsAsync<MistralServerException>(() =>
            ToListAsync(Service.Workflows.ListAsync(new ListQuery { Sort = [new ListSort("no_such_column")] })));
    }

    public void Dispose() => _engine.Dispose();

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
