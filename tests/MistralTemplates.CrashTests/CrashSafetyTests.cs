using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Faults;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.CrashTests;

/// <summary>
/// The crash host is killed at points spread over every phase of a deploy, an update and a destroy (lock, record
/// writes, each resource, lock release); the next run must leave the server holding exactly the stack, or nothing.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class CrashSafetyTests(MistralServer server, ITestOutputHelper output)
{
    private const string SeedVariable = "CRASH_SEED";
    private const string RoundsVariable = "CRASH_ROUNDS";

    private sealed record Operation(string Name, string[] Arguments, Func<Task> AssertDone)
    {
        public int Requests { get; set; }
    }

    [MistralFact]
    public async Task Killed_anywhere_in_a_deploy_update_or_destroy_the_next_run_leaves_exactly_the_stack_or_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var rounds = int.TryParse(Environment.GetEnvironmentVariable(RoundsVariable), CultureInfo.InvariantCulture, out var r) ? r : 7;
        output.WriteLine($"seed {seed} ({SeedVariable}={seed} repeats these kill points), {rounds} rounds");
        var random = new Random(seed);
        var stack = MistralServer.UniqueName("crash");
        var clock = Stopwatch.StartNew();
        await using var proxy = await FaultProxy.StartAsync(server.Endpoint);
        using var mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var onServer = new CrashStackOnServer(mistral, stack);
        Operation[] operations =
        [
            new("create", CrashVariant.Defaults.DeployArguments(stack), () => onServer.AssertDeployedAsync(CrashVariant.Defaults)),
            new("update", CrashVariant.Changed.DeployArguments(stack), () => onServer.AssertDeployedAsync(CrashVariant.Changed)),
            new("update back", CrashVariant.Defaults.DeployArguments(stack), () => onServer.AssertDeployedAsync(CrashVariant.Defaults)),
            new("destroy", ["destroy", "--stack", stack], onServer.AssertGoneAsync),
        ];
        var kills = new Dictionary<string, int>();
        var takeovers = 0;
        try
        {
            // One whole run of each, through the proxy: how many requests it makes is the range kill points come from.
            foreach (var operation in operations)
            {
                var whole = await CrashHostRunner.RunAsync(proxy.Endpoint, operation.Arguments, proxy);
                Assert.True(whole.ExitCode == 0, $"{operation.Name}: {whole}");
                operation.Requests = whole.Requests;
                await operation.AssertDone();
                output.WriteLine($"{operation.Name}: {whole.Requests} requests, {whole.Elapsed.TotalSeconds:0.00} s");
            }

            for (var round = 0; round < rounds; round++)
            {
                foreach (var operation in operations)
                {
                    var point = PointIn(round, rounds, operation.Requests, random);
                    var killed = await CrashHostRunner.RunAsync(proxy.Endpoint, operation.Arguments, proxy, point);
                    var next = await CrashHostRunner.RunAsync(server.Endpoint, operation.Arguments);
                    Assert.True(next.ExitCode == 0, $"{operation.Name} after a kill {point}: {killed}\nthe next run: {next}");
                    await operation.AssertDone();

                    var tookOver = next.Output.Split('\n').FirstOrDefault(l => l.StartsWith("Took over", StringComparison.Ordinal));
                    if (tookOver is not null) takeovers++;
                    if (killed.Killed) kills[operation.Name] = kills.GetValueOrDefault(operation.Name) + 1;
                    output.WriteLine($"{operation.Name}: " +
                                     (killed.Killed ? $"killed {killed.KilledAt} of {operation.Requests} at {killed.Elapsed.TotalSeconds:0.00} s"
                                                    : $"ended (exit {killed.ExitCode}) before {point}") +
                                     $"; next run {next.Elapsed.TotalSeconds:0.00} s{(tookOver is null ? "" : ", took the dead run's lock over")}");
                }
            }
        }
        finally
        {
            await onServer.DeleteEverythingAsync();
        }

        output.WriteLine($"kills: {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}; locks taken over from killed runs: {takeovers}; " +
                         $"{clock.Elapsed.TotalSeconds:0} s in all");
        Assert.True(kills.Where(k => k.Key != "destroy").Sum(k => k.Value) >= 3 * rounds - 1, "deploys were killed at almost every point");
        Assert.True(kills.GetValueOrDefault("destroy") >= rounds - 1, "destroys were killed at almost every point");
        Assert.True(takeovers >= rounds, "most killed runs leave their lock, which the next run takes over at once");
    }

    /// <summary>
    /// A point in the <paramref name="round"/>-th of <paramref name="rounds"/> equal stretches of a run's requests, so
    /// the points of all rounds cover the run from its first request to its last. An answer after the last request
    /// would leave nothing to interrupt, so the last request is always cut before it is sent.
    /// </summary>
    internal static KillPoint PointIn(int round, int rounds, int requests, Random random)
    {
        var from = 1 + round * requests / rounds;
        var to = Math.Max(from, (round + 1) * requests / rounds);
        var request = random.Next(from, to + 1);
        return new KillPoint(request, AfterAnswer: request < requests && random.Next(2) == 1);
    }
}
