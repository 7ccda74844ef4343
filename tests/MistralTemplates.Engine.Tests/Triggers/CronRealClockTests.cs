using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MistralTemplates.Engine.Triggers;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests.Triggers;

/// <summary>A cron trigger fires on the real clock.</summary>
public sealed class CronRealClockTests(ITestOutputHelper output)
{
    // A first time is at least a minute ahead and whole minutes, so its fire is 60-120 s away; a pattern of every
    // minute fires within 60 s, which keeps this test near a minute.
    [Fact]
    public async Task On_the_real_clock_an_every_minute_trigger_with_a_count_of_one_fires_at_the_next_minute_and_is_gone()
    {
        using var engine = new TempEngine();
        await engine.Service.Workflows.CreateAsync(CronClock.Workflow);
        var created = await engine.Service.CronTriggers.CreateAsync(CronClock.Request("real") with { Pattern = "* * * * *", RemainingExecutions = 1 });
        var fires = Channel.CreateUnbounded<CronTriggerFire>();
        using var stop = new CancellationTokenSource();
        var run = engine.Service.RunCronTriggersAsync(fire => fires.Writer.TryWrite(fire), stop.Token);

        var fire = await fires.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(70));
        var firedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"due {created.NextExecutionTime:HH:mm:ss}, fired {firedAt:HH:mm:ss.fff}");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(created.NextExecutionTime, fire.ScheduledTime);
        Assert.InRange(firedAt - fire.ScheduledTime, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.True(fire.Deleted);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => engine.Service.CronTriggers.GetAsync("real"));
        var execution = await engine.Service.Executions.GetAsync(fire.ExecutionId!);
        Assert.Equal("ticker", execution.WorkflowName);
    }

}

/// <summary>A cron trigger's record as created by the engine and by a real server for the same request.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class CronRecordDifferentialTests(MistralServer server, ITestOutputHelper output)
{
    [MistralFact]
    public async Task A_created_trigger_has_the_same_schedule_fields_as_the_real_servers()
    {
        var name = MistralServer.UniqueName("cronrec");
        var workflow = $"version: \"2.0\"\n{name}:\n  tasks:\n    t:\n      action: std.noop\n";
        var now = DateTime.UtcNow;
        var first = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(3);
        var requests = new[]
        {
            new CronTriggerRequest(name + "_first") { WorkflowName = name, FirstExecutionTime = first },
            new CronTriggerRequest(name + "_count") { WorkflowName = name, Pattern = "*/5 * * * *", RemainingExecutions = 3 },
            new CronTriggerRequest(name + "_both") { WorkflowName = name, Pattern = "*/5 * * * *", FirstExecutionTime = first },
            new CronTriggerRequest(name + "_nopattern") { WorkflowName = name, FirstExecutionTime = first, RemainingExecutions = 3 },
            // The same schedule as _first under another name: the server's second unique key refuses it.
            new CronTriggerRequest(name + "_again") { WorkflowName = name, FirstExecutionTime = first, RemainingExecutions = 1 },
            // Same again but with a pattern and no first time: a null in the key, so no clash.
            new CronTriggerRequest(name + "_count2") { WorkflowName = name, Pattern = "*/5 * * * *", RemainingExecutions = 3 },
        };
        using var client = new MistralClient(server.ClientOptions());
        using var engine = new TempEngine();

        var real = await RecordsAsync(client, workflow, requests);
        var embedded = await RecordsAsync(engine.Service, workflow, requests);
        foreach (var (r, e) in real.Zip(embedded)) output.WriteLine($"server: {r}\nengine: {e}");
        Assert.Equal(real, embedded);
    }

    /// <summary>Each request's outcome: the schedule fields of the record, or the exception type.</summary>
    private static async Task<List<string>> RecordsAsync(IWorkflowService service, string workflow, CronTriggerRequest[] requests)
    {
        var created = await service.Workflows.CreateAsync(workflow);
        var outcomes = new List<string>();
        var triggers = new List<string>();
        try
        {
            foreach (var request in requests)
            {
                try
                {
                    var t = await service.CronTriggers.CreateAsync(request);
                    outcomes.Add($"{request.Name}: pattern={t.Pattern} remaining={t.RemainingExecutions?.ToString() ?? "null"} " +
                        $"first={t.FirstExecutionTime:u} next={t.NextExecutionTime:u}");
                    triggers.Add(t.Name);
                }
                catch (MistralException e)
                {
                    outcomes.Add($"{request.Name}: {e.GetType().Name}");
                }
            }
        }
        finally
        {
            foreach (var trigger in triggers) await service.CronTriggers.DeleteAsync(trigger);
            await service.Workflows.DeleteAsync(created[0].Name);
        }
        return outcomes;
    }
}
