using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Engine;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Faults;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.CrashTests;

/// <summary>
/// A first deploy killed at a random point, then a destroy: whatever the deploy had made, the destroy removes all of
/// it, and the server holds nothing of the stack (no workflow, trigger, record or lock). On the embedded engine the
/// kill comes at a random moment after a random progress line; on a real Mistral, at a random request.
/// </summary>
public sealed class DestroyAfterKillTests(ITestOutputHelper output)
{
    private const string SeedVariable = "CRASH_SEED";
    private const string EmbeddedRoundsVariable = "CRASH_DESTROY_ROUNDS";
    private const string MistralRoundsVariable = "CRASH_DESTROY_MISTRAL_ROUNDS";

    // Extra: three workflow resources (five workflows) and three cron triggers, one with a fixed name.
    private static readonly CrashVariant Variant = CrashVariant.Changed;

    [Fact]
    public async Task Killed_anywhere_in_a_first_deploy_a_destroy_leaves_nothing_of_the_stack_on_the_embedded_engine()
    {
        var (random, rounds) = Settings(EmbeddedRoundsVariable, 24);
        var folder = Directory.CreateTempSubdirectory("mt-destroy-after-kill-").FullName;
        const string stack = "doomed";
        string[] deploy = Variant.DeployArguments(stack), destroy = ["destroy", "--stack", stack];
        var clock = Stopwatch.StartNew();
        try
        {
            // One whole deploy: how many lines it prints is the range kill points come from.
            var whole = await CrashHostRunner.RunEmbeddedAsync(folder, deploy);
            Assert.True(whole.ExitCode == 0, whole.ToString());
            var lines = whole.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.Equal(5 + 3, await LeftOnEngineAsync(folder, stack, environments: false));
            var first = await CrashHostRunner.RunEmbeddedAsync(folder, destroy);
            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.Equal(0, await LeftOnEngineAsync(folder, stack));
            output.WriteLine($"whole deploy: {lines} lines, {whole.Elapsed.TotalSeconds:0.00} s");

            var killedWithSomethingMade = 0;
            for (var round = 0; round < rounds; round++)
            {
                // Progress lines come as each resource starts and ends; the random wait lands inside its calls.
                var point = new OutputKillPoint(1 + round * (lines - 1) / rounds + random.Next(Math.Max(1, (lines - 1) / rounds)),
                    TimeSpan.FromMilliseconds(random.Next(0, 40)));
                var killed = await CrashHostRunner.RunEmbeddedAsync(folder, deploy, point);
                var made = await LeftOnEngineAsync(folder, stack, environments: false);
                if (killed.Killed && made > 0) killedWithSomethingMade++;

                var next = await CrashHostRunner.RunEmbeddedAsync(folder, destroy);
                var left = await LeftOnEngineAsync(folder, stack);
                output.WriteLine($"round {round}: {(killed.Killed ? $"killed {killed.KilledAt}" : $"ended (exit {killed.ExitCode}) before {point}")}, " +
                                 $"{made} workflows and triggers made; destroy exit {next.ExitCode}, {left} left");
                Assert.True(next.ExitCode == 0, $"destroy after a deploy killed {point}: {killed}\nthe destroy: {next}");
                Assert.True(left == 0, $"{left} objects of the stack left after a destroy; the deploy: {killed}\nthe destroy: {next}");
            }
            output.WriteLine($"{rounds} rounds, {killedWithSomethingMade} killed with something made, {clock.Elapsed.TotalSeconds:0} s in all");
            Assert.True(killedWithSomethingMade > 0, "no kill came while the deploy was making something");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Workflows, cron triggers and (unless told not to) state environments of the stack the engine in <paramref name="folder"/> holds.</summary>
    private static async Task<int> LeftOnEngineAsync(string folder, string stack, bool environments = true)
    {
        using var engine = EmbeddedWorkflowService.Open(folder);
        var (workflows, triggers, records) = await new CrashStackOnServer(engine, stack).ReadAsync();
        return workflows.Count + triggers.Count + (environments ? records.Count : 0);
    }

    private (Random Random, int Rounds) Settings(string roundsVariable, int defaultRounds)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var rounds = int.TryParse(Environment.GetEnvironmentVariable(roundsVariable), CultureInfo.InvariantCulture, out var r) ? r : defaultRounds;
        output.WriteLine($"seed {seed} ({SeedVariable}={seed} repeats these kill points), {rounds} rounds ({roundsVariable})");
        return (new Random(seed), rounds);
    }
}

/// <summary>The same against the real Mistral: killed at a random request of a first deploy, then a destroy.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class DestroyAfterKillOnMistralTests(MistralServer server, ITestOutputHelper output)
{
    private const string SeedVariable = "CRASH_SEED";
    private const string RoundsVariable = "CRASH_DESTROY_MISTRAL_ROUNDS";

    [MistralFact]
    public async Task Killed_at_any_request_of_a_first_deploy_a_destroy_leaves_nothing_of_the_stack_on_the_server()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var rounds = int.TryParse(Environment.GetEnvironmentVariable(RoundsVariable), CultureInfo.InvariantCulture, out var r) ? r : 6;
        output.WriteLine($"seed {seed} ({SeedVariable}={seed} repeats these kill points), {rounds} rounds ({RoundsVariable})");
        var random = new Random(seed);
        var stack = MistralServer.UniqueName("doomed");
        string[] deploy = CrashVariant.Changed.DeployArguments(stack), destroy = ["destroy", "--stack", stack];
        await using var proxy = await FaultProxy.StartAsync(server.Endpoint);
        using var mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var onServer = new CrashStackOnServer(mistral, stack);
        try
        {
            var whole = await CrashHostRunner.RunAsync(proxy.Endpoint, deploy, proxy);
            Assert.True(whole.ExitCode == 0, whole.ToString());
            var first = await CrashHostRunner.RunAsync(server.Endpoint, destroy);
            Assert.True(first.ExitCode == 0, first.ToString());
            await onServer.AssertGoneAsync();
            output.WriteLine($"whole deploy: {whole.Requests} requests, {whole.Elapsed.TotalSeconds:0.00} s");

            for (var round = 0; round < rounds; round++)
            {
                var point = CrashSafetyTests.PointIn(round, rounds, whole.Requests, random);
                var killed = await CrashHostRunner.RunAsync(proxy.Endpoint, deploy, proxy, point);
                var (workflows, triggers, _) = await onServer.ReadAsync();
                var next = await CrashHostRunner.RunAsync(server.Endpoint, destroy);
                var left = await onServer.ReadAsync();
                output.WriteLine($"round {round}: {(killed.Killed ? $"killed {killed.KilledAt}" : $"ended (exit {killed.ExitCode}) before {point}")}, " +
                                 $"{workflows.Count + triggers.Count} workflows and triggers made; destroy exit {next.ExitCode}, " +
                                 $"{left.Workflows.Count + left.Triggers.Count + left.Environments.Count} left");
                Assert.True(next.ExitCode == 0, $"destroy after a deploy killed {point}: {killed}\nthe destroy: {next}");
                await onServer.AssertGoneAsync();
            }
        }
        finally
        {
            await onServer.DeleteEverythingAsync();
        }
    }
}
