using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests.Triggers;

/// <summary>Cron triggers fire in the engine with Mistral's rules, on a fake clock.</summary>
public sealed class CronSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 10, 0, 20, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute) => new(2030, 1, 7, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pattern_fires_at_each_of_its_minutes_and_the_next_time_follows_the_previous_one()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        var created = await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("every-minute") with { Pattern = "* * * * *" });
        Assert.Equal(At(10, 1), created.NextExecutionTime);
        _ = clock.StartScheduler();

        foreach (var minute in new[] { 1, 2, 3 })
        {
            var fire = await clock.NextFireAsync(At(10, minute));
            Assert.Equal(At(10, minute), fire.ScheduledTime);
            Assert.Equal(At(10, minute + 1), fire.NextExecutionTime);
            Assert.Null(fire.Error);
            var execution = await clock.Engine.Executions.GetAsync(fire.ExecutionId!);
            Assert.InRange(execution.CreatedAt!.Value, At(10, minute), At(10, minute).AddSeconds(5));
            Assert.Equal("every-minute", execution.Input!["who"]!.GetValue<string>());
            Assert.Contains($"\"triggered_by\": {{\"type\": \"cron_trigger\", \"id\": \"{created.Id}\"}}", execution.Description);
            var record = await clock.Engine.CronTriggers.GetAsync("every-minute");
            Assert.Equal(At(10, minute + 1), record.NextExecutionTime);
            Assert.Null(record.RemainingExecutions);
        }
        Assert.Equal(3, (await clock.ExecutionsAsync()).Count);
    }

    [Fact]
    public async Task A_first_time_fires_first_then_the_pattern_takes_over()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("hourly") with { Pattern = "0 * * * *", FirstExecutionTime = At(10, 5) });
        _ = clock.StartScheduler();

        var first = await clock.NextFireAsync(At(10, 5));
        Assert.Equal(At(10, 5), first.ScheduledTime);
        Assert.Equal(At(11, 0), first.NextExecutionTime);
        var second = await clock.NextFireAsync(At(11, 0));
        Assert.Equal(At(11, 0), second.ScheduledTime);
        var record = await clock.Engine.CronTriggers.GetAsync("hourly");
        Assert.Equal(At(10, 5), record.FirstExecutionTime);
        Assert.Equal(At(12, 0), record.NextExecutionTime);
    }

    [Fact]
    public async Task A_first_time_alone_fires_once_and_the_trigger_is_deleted()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        var created = await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("once") with { FirstExecutionTime = At(10, 2) });
        Assert.Equal(1, created.RemainingExecutions);
        Assert.Equal(EngineCronTriggers.NeverPattern, created.Pattern);
        _ = clock.StartScheduler();

        var fire = await clock.NextFireAsync(At(10, 2));
        Assert.True(fire.Deleted);
        Assert.Equal(0, fire.RemainingExecutions);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => clock.Engine.CronTriggers.GetAsync("once"));
        await clock.RunForAsync(TimeSpan.FromMinutes(2));
        Assert.Single(clock.Fires);
        Assert.Single(await clock.ExecutionsAsync());
    }

    [Fact]
    public async Task The_count_drops_by_one_per_fire_in_the_record_and_the_trigger_is_deleted_at_zero()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("twice") with { Pattern = "*/2 * * * *", RemainingExecutions = 2 });
        _ = clock.StartScheduler();

        var first = await clock.NextFireAsync(At(10, 2));
        Assert.Equal(1, first.RemainingExecutions);
        var record = await clock.Engine.CronTriggers.GetAsync("twice");
        Assert.Equal(1, record.RemainingExecutions);
        Assert.Equal(At(10, 4), record.NextExecutionTime);
        Assert.Equal(At(10, 2), record.UpdatedAt);

        var last = await clock.NextFireAsync(At(10, 4));
        Assert.Equal(At(10, 4), last.ScheduledTime);
        Assert.True(last.Deleted);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => clock.Engine.CronTriggers.GetAsync("twice"));
        await clock.RunForAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(2, clock.Fires.Count);
        Assert.Equal(2, (await clock.ExecutionsAsync()).Count);
    }

    [Fact]
    public async Task Fires_missed_while_no_scheduler_ran_are_made_up_by_one_fire_and_the_schedule_resumes_from_now()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("missed") with { Pattern = "* * * * *", RemainingExecutions = 10 });
        clock.Time.SetUtcNow(At(10, 7).AddSeconds(30));   // the host was down from 10:00:20 to 10:07:30
        _ = clock.StartScheduler();

        var fire = await clock.NextFireAsync(At(10, 7).AddSeconds(30));
        Assert.Equal(At(10, 1), fire.ScheduledTime);
        Assert.Equal(At(10, 8), fire.NextExecutionTime);
        Assert.Equal(9, fire.RemainingExecutions);
        var next = await clock.NextFireAsync(At(10, 8));
        Assert.Equal(At(10, 8), next.ScheduledTime);
        Assert.Equal(2, (await clock.ExecutionsAsync()).Count);
    }

    [Fact]
    public async Task Two_schedulers_on_one_folder_start_one_execution_per_due_time()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("shared") with { Pattern = "* * * * *", RemainingExecutions = 4 });
        _ = clock.StartScheduler();
        _ = clock.StartScheduler(clock.OpenAnother());

        await clock.RunForAsync(TimeSpan.FromMinutes(6));

        Assert.Equal([At(10, 1), At(10, 2), At(10, 3), At(10, 4)], clock.Fires.Select(f => f.ScheduledTime).Order().ToArray());
        var executions = await clock.ExecutionsAsync();
        Assert.Equal(4, executions.Count);
        Assert.Equal(clock.Fires.Select(f => f.ExecutionId).Order(), executions.Select(e => e.Id).Order());
        await Assert.ThrowsAsync<MistralNotFoundException>(() => clock.Engine.CronTriggers.GetAsync("shared"));
    }

    [Fact]
    public async Task Cancelling_stops_the_scheduler_without_an_exception_and_nothing_fires_afterwards()
    {
        await using var clock = await CronClock.WithWorkflowAsync(Start);
        await clock.Engine.CronTriggers.CreateAsync(CronClock.Request("stopped") with { Pattern = "* * * * *" });
        using var stop = new CancellationTokenSource();
        var run = clock.Engine.RunCronTriggersAsync(stop.Token);
        await Task.Delay(50);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(run.IsCompletedSuccessfully);
        clock.Time.Advance(TimeSpan.FromMinutes(3));
        await Task.Delay(200);
        Assert.Empty(await clock.ExecutionsAsync());
        Assert.Equal(At(10, 1), (await clock.Engine.CronTriggers.GetAsync("stopped")).NextExecutionTime);
    }
}
