using System;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.CrashTests;

/// <summary>What the command line says and does about a lock another run holds.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class LockCommandLineTests(MistralServer server)
{
    [MistralFact]
    public async Task A_locked_stack_is_refused_with_the_choices_and_break_lock_or_state_unlock_free_it()
    {
        var stack = MistralServer.UniqueName("cli");
        using var mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var store = new MistralEnvironmentStateStore(mistral);
        var onServer = new CrashStackOnServer(mistral, stack);
        try
        {
            // This test process is alive: its lock must not be taken over as a dead one.
            var held = await store.AcquireLockAsync(stack, "run on another machine", TimeSpan.FromMinutes(2));
            var refused = await CrashHostRunner.RunAsync(server.Endpoint, CrashVariant.Defaults.DeployArguments(stack));
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"Stack '{stack}' is locked by 'run on another machine' until ", refused.Errors);
            Assert.Contains("--break-lock", refused.Errors);
            Assert.Contains("state unlock", refused.Errors);

            var unlocked = await CrashHostRunner.RunAsync(server.Endpoint, ["state", "unlock", "--stack", stack]);
            Assert.True(unlocked.ExitCode == 0, unlocked.ToString());
            Assert.Contains($"Broke the lock of stack '{stack}' held by 'run on another machine', whose lease ran until ", unlocked.Output);
            Assert.Contains($"{stack}: unlocked.", unlocked.Output);
            Assert.False(await store.LockExistsAsync(stack));
            Assert.Contains("not locked", (await CrashHostRunner.RunAsync(server.Endpoint, ["state", "unlock", "--stack", stack])).Output);
            await Assert.ThrowsAsync<StackLockLostException>(() => held.RenewAsync());

            await using (await store.AcquireLockAsync(stack, "another stuck run", TimeSpan.FromMinutes(2)))
            {
                var deployed = await CrashHostRunner.RunAsync(server.Endpoint, [.. CrashVariant.Defaults.DeployArguments(stack), "--break-lock"]);
                Assert.True(deployed.ExitCode == 0, deployed.ToString());
                Assert.Contains("Broke the lock", deployed.Output);
                Assert.Contains("'another stuck run'", deployed.Output);
            }
            await onServer.AssertDeployedAsync(CrashVariant.Defaults);
        }
        finally
        {
            await onServer.DeleteEverythingAsync();
        }
    }
}
