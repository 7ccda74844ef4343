using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Mistral.Tests.State;

public sealed class StackLockTests(MistralServer server) : StateStoreTest(server)
{
    private static readonly TimeSpan LongLease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [MistralFact]
    public async Task A_held_lock_is_refused_to_another_holder_with_who_holds_it_until_it_is_released()
    {
        var stack = NewStack();
        var store = NewStore();
        var before = DateTimeOffset.UtcNow;

        var held = await store.AcquireLockAsync(stack, "deploy on machine-a (pid 100)", LongLease);

        Assert.Equal((stack, "deploy on machine-a (pid 100)", LongLease), (held.Stack, held.Holder, held.Lease));
        Assert.InRange(held.ExpiresAt, before.AddSeconds(29), DateTimeOffset.UtcNow.AddSeconds(32));
        var refused = await Assert.ThrowsAsync<StackLockedException>(
            () => NewStore().AcquireLockAsync(stack, "deploy on machine-b (pid 200)", LongLease));
        Assert.Equal("deploy on machine-a (pid 100)", refused.Holder);
        Assert.Equal(held.ExpiresAt, refused.ExpiresAt);
        Assert.Equal(stack, refused.Stack);
        Assert.Contains("deploy on machine-a (pid 100)", refused.Message);
        Assert.Contains($"{held.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z", refused.Message);

        await held.ReleaseAsync();

        Assert.Empty(await EnvironmentsOfAsync(stack));
        await using (var next = await NewStore().AcquireLockAsync(stack, "deploy on machine-b (pid 200)", LongLease))
            Assert.Equal("deploy on machine-b (pid 200)", next.Holder);
        Assert.Empty(await EnvironmentsOfAsync(stack));   // disposing released it
        await held.ReleaseAsync();                          // twice is harmless
        await Assert.ThrowsAsync<InvalidOperationException>(() => held.RenewAsync());
    }

    [MistralFact]
    public async Task A_lock_whose_holder_stopped_renewing_is_taken_over_once_its_lease_ran_out()
    {
        var stack = NewStack();
        var clock = Stopwatch.StartNew();
        var died = await NewStore().AcquireLockAsync(stack, "run that died", TimeSpan.FromSeconds(2));
        var taker = NewStore();

        IStackLock? taken = null;
        var refusals = 0;
        while (taken is null)
        {
            try
            {
                taken = await taker.AcquireLockAsync(stack, "next run", LongLease);
            }
            catch (StackLockedException refused) when (clock.Elapsed < Deadline)
            {
                Assert.Equal("run that died", refused.Holder);
                refusals++;
                await Task.Delay(200);
            }
        }

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"taken over after {clock.Elapsed}");
        Assert.True(refusals > 0);
        Assert.Equal("next run", taken.Holder);
        var lost = await Assert.ThrowsAsync<StackLockLostException>(() => died.RenewAsync());
        Assert.Equal(("run that died", "next run"), (lost.Holder, lost.NewHolder));
        await died.ReleaseAsync();   // no longer its lock: the new holder keeps it
        Assert.Equal("next run", (await Assert.ThrowsAsync<StackLockedException>(
            () => NewStore().AcquireLockAsync(stack, "third run", LongLease))).Holder);
        await taken.RenewAsync();
        await taken.ReleaseAsync();
        Assert.Empty(await EnvironmentsOfAsync(stack));
    }

    [MistralFact]
    public async Task Renewing_keeps_the_lock_past_its_lease()
    {
        var stack = NewStack();
        var lease = TimeSpan.FromSeconds(2);
        var held = await NewStore().AcquireLockAsync(stack, "long run", lease);
        var other = NewStore();
        var clock = Stopwatch.StartNew();

        var refusals = 0;
        while (clock.Elapsed < lease * 3)
        {
            var expiresBefore = held.ExpiresAt;
            await held.RenewAsync();
            Assert.True(held.ExpiresAt >= expiresBefore);
            var refused = await Assert.ThrowsAsync<StackLockedException>(() => other.AcquireLockAsync(stack, "impatient run", lease));
            Assert.Equal("long run", refused.Holder);
            refusals++;
            await Task.Delay(lease / 4);
        }

        Assert.True(refusals >= 6, $"{refusals}");
        await held.ReleaseAsync();
        await using var next = await other.AcquireLockAsync(stack, "impatient run", lease);
        Assert.Equal("impatient run", next.Holder);
    }

    [MistralFact]
    public async Task Of_ten_runs_racing_for_a_free_lock_exactly_one_gets_it_and_the_others_are_told_who()
    {
        var stack = NewStack();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => TryAcquireAsync(NewStore(), stack, $"racer {i}")));

        var winner = Assert.Single(outcomes, o => o.Lock is not null).Lock!;
        Assert.All(outcomes.Where(o => o.Lock is null), o => Assert.Equal(winner.Holder, o.Refusal!.Holder));
        Assert.Equal(winner.Holder, await LockHolderInMistralAsync(stack));
        await winner.RenewAsync();
        await winner.ReleaseAsync();
    }

    [MistralFact]
    public async Task Of_ten_runs_racing_to_take_over_an_expired_lock_exactly_one_gets_it()
    {
        var stack = NewStack();
        var died = await NewStore().AcquireLockAsync(stack, "run that died", TimeSpan.FromSeconds(1));
        await UntilAsync(died.ExpiresAt);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => TryAcquireAsync(NewStore(), stack, $"taker {i}")));

        var winner = Assert.Single(outcomes, o => o.Lock is not null).Lock!;
        Assert.All(outcomes.Where(o => o.Lock is null), o => Assert.Equal(winner.Holder, o.Refusal!.Holder));
        Assert.Equal(winner.Holder, await LockHolderInMistralAsync(stack));
        await winner.RenewAsync();
        Assert.Equal("run that died", (await Assert.ThrowsAsync<StackLockLostException>(() => died.RenewAsync())).Holder);
        await winner.ReleaseAsync();
        Assert.Empty(await EnvironmentsOfAsync(stack));   // no claim left behind either
    }

    [MistralFact]
    public async Task A_taker_that_stalls_after_reading_the_expired_lock_leaves_alone_the_run_that_took_it_meanwhile()
    {
        var stack = NewStack();
        var store = NewStore();
        var died = await store.AcquireLockAsync(stack, "run that died", TimeSpan.FromSeconds(1));
        await UntilAsync(died.ExpiresAt);

        var stalled = new HookedWorkflowService(Client);
        var readExpired = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        var paused = 0;
        stalled.AfterEnvironmentCall = async (call, name) =>
        {
            if (call == "get" && name == store.LockEnvironmentName(stack) && Interlocked.Exchange(ref paused, 1) == 0)
            {
                readExpired.SetResult();
                await resume.Task;
            }
        };
        var slow = NewStore(service: stalled).AcquireLockAsync(stack, "slow taker", LongLease);
        await readExpired.Task.WaitAsync(Deadline);

        var fast = await NewStore().AcquireLockAsync(stack, "fast taker", LongLease);
        resume.SetResult();

        Assert.Equal("fast taker", (await Assert.ThrowsAsync<StackLockedException>(() => slow)).Holder);
        await fast.RenewAsync();
        Assert.Equal("fast taker", await LockHolderInMistralAsync(stack));
        await fast.ReleaseAsync();
    }

    [MistralFact]
    public async Task A_holder_renewing_late_while_its_lock_is_taken_over_loses_it_instead_of_overwriting_the_taker()
    {
        var stack = NewStack();
        var holderService = new HookedWorkflowService(Client);
        var sawBusyClaim = new TaskCompletionSource();
        holderService.AfterEnvironmentCall = (call, name) =>
        {
            if (call == "get" && name.Contains('~')) sawBusyClaim.TrySetResult();
            return Task.CompletedTask;
        };
        var late = await NewStore(service: holderService).AcquireLockAsync(stack, "late renewer", TimeSpan.FromSeconds(1));
        await UntilAsync(late.ExpiresAt);

        var takerService = new HookedWorkflowService(Client);
        var claimed = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        takerService.AfterEnvironmentCall = async (call, name) =>
        {
            if (call == "create" && name.Contains('~') && claimed.TrySetResult()) await resume.Task;
        };
        var taking = NewStore(service: takerService).AcquireLockAsync(stack, "taker", LongLease);
        await claimed.Task.WaitAsync(Deadline);

        var renewing = late.RenewAsync();
        await sawBusyClaim.Task.WaitAsync(Deadline);   // the renew waits for the taker's claim
        resume.SetResult();

        var lost = await Assert.ThrowsAsync<StackLockLostException>(() => renewing);
        Assert.Equal("taker", lost.NewHolder);
        var taken = await taking;
        Assert.Equal("taker", await LockHolderInMistralAsync(stack));
        await taken.RenewAsync();
        await taken.ReleaseAsync();
    }

    [MistralFact]
    public async Task A_claim_left_by_a_process_that_died_mid_change_is_broken_once_older_than_the_claim_timeout()
    {
        var stack = NewStack();
        var store = NewStore();
        var died = await store.AcquireLockAsync(stack, "run that died", TimeSpan.FromSeconds(1));
        await UntilAsync(died.ExpiresAt);
        var claimName = await LeftoverClaimAsync(store, stack);
        var clock = Stopwatch.StartNew();

        var taken = await NewStore(new MistralStateStoreOptions { ClaimTimeout = TimeSpan.FromSeconds(2) })
            .AcquireLockAsync(stack, "taker", LongLease);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"claim broken after {clock.Elapsed}");
        Assert.Equal("taker", await LockHolderInMistralAsync(stack));
        Assert.DoesNotContain(claimName, await EnvironmentsOfAsync(stack));
        await taken.ReleaseAsync();
    }

    [MistralFact]
    public async Task Deleting_a_stack_removes_claims_that_dead_processes_left()
    {
        var stack = NewStack();
        var store = NewStore(new MistralStateStoreOptions { ClaimTimeout = TimeSpan.FromSeconds(1) });
        var died = await store.AcquireLockAsync(stack, "run that died", TimeSpan.FromSeconds(1));
        var claimName = await LeftoverClaimAsync(store, stack);
        await Client.Environments.DeleteAsync(store.LockEnvironmentName(stack));   // as a release would
        var claim = await Client.Environments.GetAsync(claimName);
        await UntilAsync((claim.CreatedAt ?? DateTimeOffset.UtcNow) + TimeSpan.FromSeconds(2));

        await store.DeleteAsync(stack);

        Assert.Empty(await EnvironmentsOfAsync(stack));
        await died.DisposeAsync();
    }

    [MistralFact]
    public async Task A_taker_whose_clock_runs_an_hour_ahead_does_not_take_a_live_lock()
    {
        var stack = NewStack();
        var held = await NewStore().AcquireLockAsync(stack, "holder", LongLease);
        var skewed = NewStore(new MistralStateStoreOptions { TimeProvider = new ShiftedTimeProvider(TimeSpan.FromHours(1)) });

        var refused = await Assert.ThrowsAsync<StackLockedException>(() => skewed.AcquireLockAsync(stack, "skewed", LongLease));

        Assert.Equal("holder", refused.Holder);
        await held.RenewAsync();
        Assert.Equal("holder", await LockHolderInMistralAsync(stack));
        await held.ReleaseAsync();
        Assert.Empty(await EnvironmentsOfAsync(stack));
    }

    [MistralFact]
    public async Task A_lease_or_holder_that_makes_no_sense_is_refused()
    {
        var store = NewStore();
        var stack = NewStack();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.AcquireLockAsync(stack, "h", TimeSpan.FromMilliseconds(500)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AcquireLockAsync(stack, " ", LongLease));
        Assert.Empty(await EnvironmentsOfAsync(stack));
    }

    private sealed record Outcome(IStackLock? Lock, StackLockedException? Refusal);

    private static async Task<Outcome> TryAcquireAsync(IStackStateStore store, string stack, string holder)
    {
        try
        {
            return new Outcome(await store.AcquireLockAsync(stack, holder, LongLease), null);
        }
        catch (StackLockedException refused)
        {
            return new Outcome(null, refused);
        }
    }

    private async Task<string?> LockHolderInMistralAsync(string stack) =>
        (await Client.Environments.GetAsync(NewStore().LockEnvironmentName(stack))).Variables?["holder"]?.GetValue<string>();

    /// <summary>The claim a process makes before changing the lock, made here as if that process then died.</summary>
    private async Task<string> LeftoverClaimAsync(MistralEnvironmentStateStore store, string stack)
    {
        var token = (await Client.Environments.GetAsync(store.LockEnvironmentName(stack))).Variables!["token"]!.GetValue<string>();
        var claimName = store.LockEnvironmentName(stack) + "~" + token;
        await Client.Environments.CreateAsync(new EnvironmentRequest(claimName, new JsonObject { ["claimant"] = "a run that died mid-change" }));
        return claimName;
    }

    /// <summary>Waits for the clock: a lease or a claim runs out only with time.</summary>
    private static async Task UntilAsync(DateTimeOffset time)
    {
        var wait = time - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
    }

    private sealed class ShiftedTimeProvider(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
