using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Mistral.Tests.State;

/// <summary>Locks whose holder is known to be dead, or that the user breaks: no need to wait out the lease.</summary>
public sealed class StackLockTakeoverTests(MistralServer server) : StateStoreTest(server)
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(2);

    [MistralFact]
    public async Task A_lock_whose_process_on_this_host_is_gone_is_taken_over_at_once_and_says_so()
    {
        var stack = NewStack();
        var store = NewStore();
        var died = await store.AcquireLockAsync(stack, "deploy that was killed", LongLease);
        await RewriteLockAsync(store, stack, v => v["pid"] = ExitedProcessId());
        var clock = Stopwatch.StartNew();

        await using var taken = await NewStore().AcquireLockAsync(stack, "next run", LongLease);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        Assert.True(taken.TakenOver!.LeaseEnd > DateTimeOffset.UtcNow.AddSeconds(60), "taken long before the lease ran out");
        Assert.Equal(("deploy that was killed", LockTakeoverReason.HolderGone), (taken.TakenOver.PreviousHolder, taken.TakenOver.Reason));
        Assert.Equal($"Took over the lock of stack '{stack}' from 'deploy that was killed': that process no longer runs on this host.",
            taken.TakenOver.ToString());
        Assert.Equal("next run", (await Client.Environments.GetAsync(store.LockEnvironmentName(stack))).Variables!["holder"]!.GetValue<string>());
        await Assert.ThrowsAsync<StackLockLostException>(() => died.RenewAsync());
    }

    [MistralFact]
    public async Task A_process_id_now_used_by_another_process_does_not_keep_the_lock()
    {
        var stack = NewStack();
        var store = NewStore();
        await store.AcquireLockAsync(stack, "holder whose pid was reused", LongLease);
        // This very process has the recorded id, but it started at another time: it is not the holder.
        await RewriteLockAsync(store, stack, v => v["process_started_at"] = "2001-01-01T00:00:00.0000000+00:00");

        await using var taken = await NewStore().AcquireLockAsync(stack, "next run", LongLease);

        Assert.Equal(LockTakeoverReason.HolderGone, taken.TakenOver!.Reason);
    }

    [MistralFact]
    public async Task A_live_holder_here_or_any_holder_elsewhere_keeps_its_lease_until_the_lock_is_broken()
    {
        var stack = NewStack();
        var store = NewStore();
        var live = await store.AcquireLockAsync(stack, "live run", LongLease);
        var refused = await Assert.ThrowsAsync<StackLockedException>(() => NewStore().AcquireLockAsync(stack, "impatient run", LongLease));
        Assert.Equal("live run", refused.Holder);
        foreach (var choice in new[] { "'live run'", "--break-lock", "state unlock", $"{refused.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z" })
            Assert.Contains(choice, refused.Message);

        // On another machine a process id means nothing here, dead or not: only the lease or a break frees the lock.
        var exited = ExitedProcessId();
        await RewriteLockAsync(store, stack, v => { v["host_id"] = "another-machine/boot/ns"; v["host"] = "another-machine"; v["pid"] = exited; });
        var stillRefused = await Assert.ThrowsAsync<StackLockedException>(() => NewStore().AcquireLockAsync(stack, "impatient run", LongLease));

        await using var broken = await NewStore().BreakLockAsync(stack, "breaker", LongLease);

        Assert.Equal(("live run", LockTakeoverReason.Broken), (broken.TakenOver!.PreviousHolder, broken.TakenOver.Reason));
        Assert.Equal(stillRefused.ExpiresAt, broken.TakenOver.LeaseEnd);
        Assert.Contains($"held by 'live run', whose lease ran until {stillRefused.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z", broken.TakenOver.ToString());
        var lost = await Assert.ThrowsAsync<StackLockLostException>(() => live.RenewAsync());
        Assert.Equal("breaker", lost.NewHolder);
        await live.ReleaseAsync();   // no longer its lock: the breaker keeps it
        Assert.Equal("breaker", (await Client.Environments.GetAsync(store.LockEnvironmentName(stack))).Variables!["holder"]!.GetValue<string>());
    }

    [MistralFact]
    public async Task A_claim_a_killed_process_left_on_the_lock_blocks_neither_the_takeover_nor_stays_behind()
    {
        var stack = NewStack();
        var store = NewStore();
        await store.AcquireLockAsync(stack, "killed while releasing", LongLease);
        var exited = ExitedProcessId();
        await RewriteLockAsync(store, stack, v => v["pid"] = exited);
        var token = (await Client.Environments.GetAsync(store.LockEnvironmentName(stack))).Variables!["token"]!.GetValue<string>();
        // The claim it made on its own lock to release it, with its process, as the claim of a live process would be.
        var claim = store.LockEnvironmentName(stack) + "~" + token;
        var variables = new JsonObject { ["claimant"] = "killed while releasing" };
        foreach (var key in new[] { "host", "host_id", "pid", "process_started_at" })
            variables[key] = (await Client.Environments.GetAsync(store.LockEnvironmentName(stack))).Variables![key]!.DeepClone();
        await Client.Environments.CreateAsync(new EnvironmentRequest(claim, variables));
        // And a claim on a token long gone, as a process killed after deleting a lock and before deleting its claim leaves.
        var orphan = store.LockEnvironmentName(stack) + "~" + Guid.NewGuid().ToString("N");
        await Client.Environments.CreateAsync(new EnvironmentRequest(orphan, new JsonObject { ["claimant"] = "someone long gone" }));
        var clock = Stopwatch.StartNew();

        var taken = await NewStore().AcquireLockAsync(stack, "next run", LongLease);

        // Below the 10 s claim wait it must not sit out; a slow server (a loaded machine) still fits under it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}: the claim wait is 10 s, the claim timeout 5 min");
        Assert.Equal(LockTakeoverReason.HolderGone, taken.TakenOver!.Reason);
        Assert.Equal([store.LockEnvironmentName(stack)], await EnvironmentsOfAsync(stack));
        Assert.True(await store.LockExistsAsync(stack));
        await taken.ReleaseAsync();
        Assert.False(await store.LockExistsAsync(stack));
        await Client.Environments.CreateAsync(new EnvironmentRequest(orphan, new JsonObject { ["claimant"] = "someone long gone" }));
        Assert.True(await store.LockExistsAsync(stack));   // a claim alone is a leftover too
    }

    [MistralFact]
    public async Task A_lock_records_the_process_that_holds_it()
    {
        var stack = NewStack();
        var store = NewStore();
        await using var held = await store.AcquireLockAsync(stack, "this run", LongLease);

        var variables = (await Client.Environments.GetAsync(store.LockEnvironmentName(stack))).Variables!;

        Assert.Equal(Environment.MachineName, variables["host"]!.GetValue<string>());
        Assert.Equal(Environment.ProcessId, variables["pid"]!.GetValue<int>());
        Assert.StartsWith(Environment.MachineName + "/", variables["host_id"]!.GetValue<string>());
        using var self = Process.GetCurrentProcess();
        var started = DateTimeOffset.Parse(variables["process_started_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((started - self.StartTime.ToUniversalTime()).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Null(held.TakenOver);
    }

    /// <summary>The id of a process that ran here and has exited.</summary>
    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    /// <summary>Changes the lock's variables in place, as if another process had written them.</summary>
    private async Task RewriteLockAsync(MistralEnvironmentStateStore store, string stack, Action<JsonObject> change)
    {
        var name = store.LockEnvironmentName(stack);
        var variables = (JsonObject)(await Client.Environments.GetAsync(name)).Variables!.DeepClone();
        change(variables);
        await Client.Environments.UpdateAsync(new EnvironmentRequest(name, variables));
    }
}
