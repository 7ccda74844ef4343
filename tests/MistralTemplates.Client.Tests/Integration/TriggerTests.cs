using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

public sealed class TriggerTests(MistralServer server) : IntegrationTest(server)
{
    [MistralFact]
    public async Task Cron_triggers_are_created_read_listed_and_deleted_and_refuse_what_mistral_refuses()
    {
        var workflow = Unique("hello");
        await Client.Workflows.CreateAsync(HelloDefinition(workflow));
        var (repeating, oneShot) = (Unique("ct"), Unique("ct"));

        var created = await Client.CronTriggers.CreateAsync(new CronTriggerRequest(repeating)
        {
            WorkflowName = workflow, WorkflowInput = new JsonObject { ["name"] = "cron" }, Pattern = "0 0 1 1 *", RemainingExecutions = 2,
        });
        Assert.Equal("0 0 1 1 *", created.Pattern);
        Assert.Equal(2, created.RemainingExecutions);
        Assert.Equal(new DateTimeOffset(DateTime.UtcNow.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero), created.NextExecutionTime);
        Assert.Equal("cron", created.WorkflowInput!["name"]!.GetValue<string>());

        var firstTime = DateTimeOffset.UtcNow.AddMinutes(10);
        var once = await Client.CronTriggers.CreateAsync(new CronTriggerRequest(oneShot)
        {
            WorkflowName = workflow, WorkflowInput = new JsonObject { ["name"] = "once" }, FirstExecutionTime = firstTime, RemainingExecutions = 1,
        });
        var wholeMinute = new DateTimeOffset(firstTime.Year, firstTime.Month, firstTime.Day, firstTime.Hour, firstTime.Minute, 0, TimeSpan.Zero);
        Assert.Equal(wholeMinute, once.FirstExecutionTime);
        Assert.Equal(wholeMinute, once.NextExecutionTime);

        Assert.Equal(created.Id, (await Client.CronTriggers.GetAsync(repeating)).Id);
        var listed = await ToListAsync(Client.CronTriggers.ListAsync(new ListQuery().Where("name", FilterOperator.In, repeating, oneShot)));
        Assert.Equal(new[] { repeating, oneShot }.Order(), listed.Select(t => t.Name).Order());

        await Assert.ThrowsAsync<MistralConflictException>(() => Client.CronTriggers.CreateAsync(new CronTriggerRequest(repeating)
        {
            WorkflowName = workflow, WorkflowInput = new JsonObject { ["name"] = "d" }, Pattern = "* * * * *",
        }));
        var tooSoon = await Assert.ThrowsAsync<MistralBadRequestException>(() => Client.CronTriggers.CreateAsync(new CronTriggerRequest(Unique("ct"))
        {
            WorkflowName = workflow, WorkflowInput = new JsonObject { ["name"] = "x" }, FirstExecutionTime = DateTimeOffset.UtcNow,
        }));
        Assert.Contains("at least 1 minute in the future", tooSoon.ServerMessage);
        var badPattern = await Assert.ThrowsAsync<MistralBadRequestException>(() => Client.CronTriggers.CreateAsync(new CronTriggerRequest(Unique("ct"))
        {
            WorkflowName = workflow, WorkflowInput = new JsonObject { ["name"] = "x" }, Pattern = "not a cron",
        }));
        Assert.Contains("pattern is not valid", badPattern.ServerMessage);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.CronTriggers.CreateAsync(new CronTriggerRequest(Unique("ct"))
        {
            WorkflowName = Unique("nope"), Pattern = "* * * * *",
        }));

        // Mistral refuses to delete a workflow a trigger still uses.
        var inUse = await Assert.ThrowsAsync<MistralBadRequestException>(() => Client.Workflows.DeleteAsync(workflow));
        Assert.Equal("DELETE", inUse.Method.Method);

        await Client.CronTriggers.DeleteAsync(repeating);
        await Client.CronTriggers.DeleteAsync(oneShot);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.CronTriggers.GetAsync(repeating));
        await Client.Workflows.DeleteAsync(workflow);
    }

    [MistralFact]
    public async Task A_cron_trigger_fires_and_deletes_itself_after_its_last_execution()
    {
        var workflow = Unique("tick");
        await Client.Workflows.CreateAsync(HelloDefinition(workflow));
        var trigger = Unique("every_minute");
        await Client.CronTriggers.CreateAsync(new CronTriggerRequest(trigger)
        {
            WorkflowName = workflow, WorkflowInput = new JsonObject { ["name"] = "cron" }, Pattern = "* * * * *", RemainingExecutions = 1,
        });

        // It fires at the next whole minute (within about a second of it on this server).
        var clock = Stopwatch.StartNew();
        Execution? fired = null;
        while (fired is null && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            fired = (await ExecutionsOfAsync(workflow)).SingleOrDefault();
            if (fired is null) await Task.Delay(500);
        }
        Assert.NotNull(fired);
        Assert.Contains("triggered_by", fired!.Description);
        Assert.Equal(ExecutionState.Success, (await WaitForCompletionAsync(fired.Id)).State);

        CronTrigger? remaining = new();
        for (var i = 0; i < 40 && remaining is not null; i++)
        {
            remaining = await Client.CronTriggers.GetAsync(trigger).OrNullIfNotFound();
            if (remaining is not null) await Task.Delay(250);
        }
        Assert.Null(remaining);
    }

    [MistralFact]
    public async Task Event_triggers_are_created_read_listed_and_deleted()
    {
        var workflow = Unique("hello");
        var id = Assert.Single(await Client.Workflows.CreateAsync(HelloDefinition(workflow))).Id;
        var name = Unique("et");
        var created = await Client.EventTriggers.CreateAsync(new EventTriggerRequest(name, id, "nova", "notifications", "compute.instance.create.end")
        {
            WorkflowInput = new JsonObject { ["name"] = "evt" },
        });
        Assert.Equal(name, created.Name);
        Assert.Equal("evt", created.WorkflowInput!["name"]!.GetValue<string>());
        Assert.Equal("compute.instance.create.end", (await Client.EventTriggers.GetAsync(created.Id)).Event);
        Assert.Contains(await ToListAsync(Client.EventTriggers.ListAsync()), t => t.Id == created.Id);
        await Client.EventTriggers.DeleteAsync(created.Id);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.EventTriggers.GetAsync(created.Id));
    }
}
