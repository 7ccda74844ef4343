using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Faults;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.CrashTests;

[Collection(MistralServerCollection.Name)]
public sealed class LockLossTests(MistralServer server)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [MistralFact]
    public async Task A_deploy_whose_lock_is_broken_stops_before_its_next_write_and_says_who_took_it()
    {
        var stack = MistralServer.UniqueName("lost");
        await using var proxy = await FaultProxy.StartAsync(server.Endpoint);
        using var direct = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        using var proxied = new MistralClient(new MistralClientOptions { Endpoint = proxy.Endpoint });
        var onServer = new CrashStackOnServer(direct, stack);
        var template = CrashTemplate();
        var parameters = new Dictionary<string, string>();
        // The deploy's second workflow create is held at the proxy (never forwarded unless the deploy waits a minute).
        // One step at a time, so no other create is still in flight when the lock is broken.
        var workflowPosts = 0;
        proxy.Inject(new FaultRule(r => r.Method == HttpMethod.Post && FaultRule.PathIsUnder(r.PathAndQuery, "/v2/workflows") && ++workflowPosts == 2,
            Fault.Delay(TimeSpan.FromMinutes(1))));
        try
        {
            var deploying = new StackDeployer(proxied, new MistralEnvironmentStateStore(proxied))
                .DeployAsync(template, stack, parameters, new DeployOptions { Holder = "slow run", LockLease = TimeSpan.FromSeconds(3), MaxParallelism = 1 });
            await UntilAsync(() => proxy.Requests.Count(e => e.Fault.StartsWith("delay", StringComparison.Ordinal)) == 1);
            var writesBefore = ForwardedWrites(proxy);
            var recordBefore = await new MistralEnvironmentStateStore(direct).GetAsync(stack);

            var broken = await new MistralEnvironmentStateStore(direct).BreakLockAsync(stack, "breaker", TimeSpan.FromMinutes(1));

            Assert.Equal(("slow run", LockTakeoverReason.Broken), (broken.TakenOver!.PreviousHolder, broken.TakenOver.Reason));
            Assert.Contains("Broke the lock", broken.TakenOver.ToString());
            var clock = Stopwatch.StartNew();
            var lost = await Assert.ThrowsAsync<StackLockLostException>(() => deploying.WaitAsync(Deadline));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopped {clock.Elapsed} after the break");
            Assert.Equal(("slow run", "breaker"), (lost.Holder, lost.NewHolder));
            Assert.Contains("stopped before its next change", lost.Message);
            await proxy.WaitUntilIdleAsync();
            // Nothing changed after the break: the held create never went out, no rollback, no record save.
            Assert.Equal(writesBefore, ForwardedWrites(proxy));
            Assert.Equal(1, proxy.CountForwarded(HttpMethod.Post, "/v2/workflows"));
            var record = await new MistralEnvironmentStateStore(direct).GetAsync(stack);
            Assert.Equal(recordBefore!.Version, record!.Version);
            Assert.Equal(LifecycleStatus.CreateInProgress, record.Status);

            // The breaker lets go; the next deploy finishes the job from the record.
            await broken.ReleaseAsync();
            proxy.Clear();
            var finished = await new StackDeployer(direct, new MistralEnvironmentStateStore(direct)).DeployAsync(template, stack, parameters);
            Assert.Equal(LifecycleStatus.CreateComplete, finished.Record.Status);   // still the first create, finished
            await onServer.AssertDeployedAsync(CrashVariant.Defaults);
        }
        finally
        {
            await onServer.DeleteEverythingAsync();
        }
    }

    [MistralFact]
    public async Task A_destroy_that_finds_only_a_lock_left_by_a_killed_run_removes_it_and_succeeds()
    {
        var stack = MistralServer.UniqueName("left");
        using var mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var store = new MistralEnvironmentStateStore(mistral);
        var onServer = new CrashStackOnServer(mistral, stack);
        var deployer = new StackDeployer(mistral, store);
        try
        {
            // Nothing at all: already destroyed, which is said and is not an error.
            var gone = new List<string>();
            await deployer.DestroyAsync(stack, new DeployOptions { Notice = gone.Add });
            Assert.Contains("nothing to destroy", Assert.Single(gone));

            await using (var died = await store.AcquireLockAsync(stack, "run that died", TimeSpan.FromSeconds(30)))
            {
                // As a run killed after deleting the record: its lock stays. A holder that runs here is refused...
                var refused = await Assert.ThrowsAsync<StackLockedException>(() => deployer.DestroyAsync(stack));
                Assert.Contains("--break-lock", refused.Message);
                Assert.Contains("state unlock", refused.Message);
                // ...and --break-lock takes it, clears it and reports whose it was.
                var notices = new List<string>();
                await deployer.DestroyAsync(stack, new DeployOptions { BreakLock = true, Notice = notices.Add });
                Assert.Contains("Broke the lock of stack", Assert.Single(notices));
                Assert.Contains("'run that died'", notices[0]);
            }
            await onServer.AssertGoneAsync();
        }
        finally
        {
            await onServer.DeleteEverythingAsync();
        }
    }

    /// <summary>Changes to workflows and cron triggers that reached the server (lock renewals are the lock's own business).</summary>
    private static int ForwardedWrites(FaultProxy proxy) =>
        proxy.Requests.Count(e => e.UpstreamStatus is not null && e.Method != HttpMethod.Get &&
                                  (FaultRule.PathIsUnder(e.PathAndQuery, "/v2/workflows") || FaultRule.PathIsUnder(e.PathAndQuery, "/v2/cron_triggers")));

    private static StackTemplate CrashTemplate()
    {
        var path = Path.Combine(Path.GetDirectoryName(CrashHostRunner.HostPath)!, "..", "..", "..", "crash.yaml");
        return new StackTemplate("crash.yaml", File.ReadAllText(path));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline) throw new TimeoutException("The deploy never reached the held request.");
            await Task.Delay(20);
        }
    }
}
