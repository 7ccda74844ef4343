using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.State;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Deploys a stack of N workflows and N cron triggers (Heat's structured form), deploys it again unchanged, and
/// destroys it: through <see cref="StackDeployer"/> in this process, through the stack's command line as its own
/// process, as the bare Mistral calls (the floor), and through Heat on the same Mistral when one is given. Every
/// round runs each side once, starting with a different side, so load that comes and goes on the shared machine
/// hits all of them; after a warm-up round that is not reported. Each side checks that Mistral holds exactly the
/// stack's workflows and triggers after the deploy and none after the destroy.
/// </summary>
internal static class DeployComparison
{
    public const string Command = "deploy";

    public static async Task<int> RunAsync(string[] args)
    {
        if (RuntimeBenchSettings.Parse(Command, args) is not { } settings) return 2;
        var endpoint = MistralBenchServer.Endpoint();
        await MistralBenchServer.RequireReachableAsync(endpoint);

        var recorder = new RequestRecorder(PrimaryHandler.Create());
        var counter = new CallCountingHandler(recorder);
        using var client = new MistralClient(new MistralClientOptions { Endpoint = endpoint }, counter);
        using var checker = new MistralClient(new MistralClientOptions { Endpoint = endpoint });
        var floorCounter = new CallCountingHandler(PrimaryHandler.Create());
        using var floorHttp = new HttpClient(floorCounter) { Timeout = TimeSpan.FromSeconds(60) };
        using var heat = settings.Heat is null ? null : new HeatPeer(settings.Heat);

        var kind = $"many:{settings.Resources}";
        var template = BenchStacks.StackTemplateOf(kind);
        var options = new DeployOptions { MaxParallelism = settings.Parallelism };
        var tag = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        Console.WriteLine($"Mistral at {client.Endpoint}, {settings.Resources} workflows + {settings.Resources} cron triggers, {settings.Rounds} rounds, " +
                          $".NET {Environment.Version}, {Environment.ProcessorCount} cores, load {LoadAverage()}");
        Console.WriteLine($"DeployOptions.MaxParallelism = {settings.Parallelism}");

        // The warm-up deploy of the library side records the requests the floor replays.
        var library = new LibrarySide(new StackDeployer(client, new MistralEnvironmentStateStore(client)), template, options, counter,
            "ours: StackDeployer", "blib");
        var warmUpStack = $"bwarm{tag}";
        recorder.Recording = true;
        var sides = new List<IDeploySide> { library };
        if (settings.StateInMemory)
            sides.Add(new LibrarySide(new StackDeployer(client, new InMemoryStateStore()), template, options, counter,
                "ours: StackDeployer, record in memory", "bmem"));
        var floors = new[] { 1, settings.Parallelism }.Distinct()
            .Select(p => (IDeploySide)new FloorSide(new MistralFloor(floorHttp, client.Endpoint!, recorder.Requests, warmUpStack, p), floorCounter, p)).ToList();
        if (settings.Cli) sides.Add(new CliSide(endpoint, kind));
        sides.AddRange(floors);
        if (heat is not null) sides.Add(new HeatSide(heat, template.Text, settings.HeatCallsLog is null ? null : new ProxyLog(settings.HeatCallsLog)));

        var table = new SampleTable();
        var verify = new StackContents(checker, settings.Resources);
        for (var round = 0; round <= settings.Rounds; round++)
        {
            Console.WriteLine(round == 0 ? $"warm-up (not reported), load {LoadAverage()}" : $"round {round} of {settings.Rounds}, load {LoadAverage()}");
            for (var k = 0; k < sides.Count; k++)
            {
                var side = sides[(round + k) % sides.Count];
                var stack = round == 0 && side == library ? warmUpStack : $"{side.StackPrefix}{tag}r{round}";
                // Heat's warm-up is a small stack: one full Heat run takes minutes.
                var warmUpHeat = round == 0 && side is HeatSide;
                var samples = new List<Sample>();
                samples.Add(await side.DeployAsync(stack, warmUpHeat ? BenchStacks.WorkflowsWithTriggers(2) : null));
                if (!warmUpHeat) await verify.ExpectAsync(side.Name, stack, present: true);
                if (side == library) recorder.Recording = false;
                if (await side.RedeployAsync(stack) is { } again) samples.Add(again);
                samples.Add(await side.DestroyAsync(stack));
                await verify.ExpectAsync(side.Name, stack, present: false);
                if (round > 0) samples.ForEach(table.Add);
            }
        }
        table.Print(floors[0].Name);
        Console.WriteLine();
        foreach (var side in sides.OfType<LibrarySide>())
            foreach (var (operation, calls) in side.Breakdowns) Console.WriteLine($"{side.Name} {operation}: {calls}");
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (System.IO.IOException)
        {
            return "unknown";
        }
    }

    private interface IDeploySide
    {
        string Name { get; }

        string StackPrefix { get; }

        /// <summary>Deploys the bench stack (or <paramref name="templateText"/>) as <paramref name="stack"/>.</summary>
        Task<Sample> DeployAsync(string stack, string? templateText);

        /// <summary>Deploys the unchanged stack again, or null when the side has no such step.</summary>
        Task<Sample?> RedeployAsync(string stack);

        Task<Sample> DestroyAsync(string stack);
    }

    private sealed class LibrarySide(StackDeployer deployer, StackTemplate template, DeployOptions options, CallCountingHandler counter,
        string name, string stackPrefix) : IDeploySide
    {
        private static readonly Dictionary<string, string> NoParameters = [];

        public string Name => name;

        public string StackPrefix => stackPrefix;

        public async Task<Sample> DeployAsync(string stack, string? templateText)
        {
            var (elapsed, _) = await Timed(() => deployer.DeployAsync(template, stack, NoParameters, options));
            Breakdowns["deploy"] = counter.Breakdown;
            return new Sample(Name, "deploy", elapsed, counter.Calls, counter.Writes);
        }

        /// <summary>The calls of the last run of each operation, by method and collection.</summary>
        public Dictionary<string, string> Breakdowns { get; } = [];

        public async Task<Sample?> RedeployAsync(string stack)
        {
            var (elapsed, result) = await Timed(() => deployer.DeployAsync(template, stack, NoParameters, options));
            if (result.Plan.HasChanges) throw new InvalidOperationException($"{Name}: the second deploy of {stack} planned changes.");
            Breakdowns["redeploy"] = counter.Breakdown;
            return new Sample(Name, "redeploy", elapsed, counter.Calls, counter.Writes);
        }

        public async Task<Sample> DestroyAsync(string stack)
        {
            var (elapsed, _) = await Timed(async () =>
            {
                await deployer.DestroyAsync(stack, options);
                return true;
            });
            Breakdowns["destroy"] = counter.Breakdown;
            return new Sample(Name, "destroy", elapsed, counter.Calls, counter.Writes);
        }

        private async Task<(TimeSpan, T)> Timed<T>(Func<Task<T>> action)
        {
            counter.Reset();
            var clock = Stopwatch.StartNew();
            var result = await action();
            return (clock.Elapsed, result);
        }
    }

    private sealed class CliSide(Uri endpoint, string kind) : IDeploySide
    {
        public string Name => "ours: `deploy` process";

        public string StackPrefix => "bcli";

        public async Task<Sample> DeployAsync(string stack, string? templateText) => Of("deploy", await CliRun.RunAsync(endpoint, kind, ["deploy", "--stack", stack]));

        public async Task<Sample?> RedeployAsync(string stack)
        {
            var run = await CliRun.RunAsync(endpoint, kind, ["deploy", "--stack", stack]);
            if (!run.Output.Contains("up to date", StringComparison.Ordinal))
                throw new InvalidOperationException($"{Name}: the second deploy of {stack} did not find it up to date: {run.Output}");
            return Of("redeploy", run);
        }

        public async Task<Sample> DestroyAsync(string stack) => Of("destroy", await CliRun.RunAsync(endpoint, kind, ["destroy", "--stack", stack]));

        private Sample Of(string operation, CliRun run) => new(Name, operation, run.Elapsed, run.Calls, run.Writes);
    }

    private sealed class FloorSide(MistralFloor floor, CallCountingHandler counter, int parallelism) : IDeploySide
    {
        private readonly Dictionary<string, IReadOnlyList<(string, string)>> _made = [];

        public string Name => parallelism == 1 ? "floor: direct calls, one at a time" : $"floor: direct calls, {parallelism} at a time";

        public string StackPrefix => $"bfloor{parallelism}x";

        public async Task<Sample> DeployAsync(string stack, string? templateText)
        {
            counter.Reset();
            var clock = Stopwatch.StartNew();
            _made[stack] = await floor.DeployAsync(stack);
            return new Sample(Name, "deploy", clock.Elapsed, counter.Calls, counter.Writes);
        }

        public Task<Sample?> RedeployAsync(string stack) => Task.FromResult<Sample?>(null);

        public async Task<Sample> DestroyAsync(string stack)
        {
            counter.Reset();
            var clock = Stopwatch.StartNew();
            await floor.DestroyAsync(_made[stack]);
            return new Sample(Name, "destroy", clock.Elapsed, counter.Calls, counter.Writes);
        }
    }

    private sealed class HeatSide(HeatPeer heat, string templateText, ProxyLog? log) : IDeploySide
    {
        private readonly Dictionary<string, string> _ids = [];

        public string Name => "Heat";

        public string StackPrefix => "bheat";

        public async Task<Sample> DeployAsync(string stack, string? text)
        {
            var (elapsed, calls) = await TimedAsync(async () => _ids[stack] = await heat.CreateAsync(stack, text ?? templateText));
            return new Sample(Name, "deploy", elapsed, calls, -1);
        }

        public Task<Sample?> RedeployAsync(string stack) => Task.FromResult<Sample?>(null);

        public async Task<Sample> DestroyAsync(string stack)
        {
            var (elapsed, calls) = await TimedAsync(() => heat.DeleteAsync(stack, _ids[stack]));
            return new Sample(Name, "destroy", elapsed, calls, -1);
        }

        private async Task<(TimeSpan, int)> TimedAsync(Func<Task> action)
        {
            var mark = log?.Mark() ?? 0;
            var clock = Stopwatch.StartNew();
            await action();
            var elapsed = clock.Elapsed;
            return (elapsed, log is null ? -1 : await log.CountSinceAsync(mark));
        }
    }

    /// <summary>Checks through Mistral's own API what a side left: all of the stack's workflows and triggers, or none.</summary>
    private sealed class StackContents(IWorkflowService mistral, int count)
    {
        public async Task ExpectAsync(string side, string stack, bool present)
        {
            var byName = new ListQuery().Where("name", FilterOperator.Has, stack);
            var workflows = 0;
            await foreach (var workflow in mistral.Workflows.ListAsync(byName))
                if (IsOf(workflow.Name, stack)) workflows++;
            var triggers = 0;
            await foreach (var trigger in mistral.CronTriggers.ListAsync(byName))
                if (IsOf(trigger.Name, stack)) triggers++;
            var expected = present ? count : 0;
            if (workflows != expected || triggers != expected)
                throw new InvalidOperationException($"{side}: Mistral holds {workflows} workflows and {triggers} cron triggers of {stack}, not {expected} of each.");
        }

        /// <summary>Ours and the floor name objects <c>stack.resource…</c>, Heat <c>stack-resource-…</c>.</summary>
        private static bool IsOf(string name, string stack) =>
            name.StartsWith(stack + ".", StringComparison.Ordinal) || name.StartsWith(stack + "-", StringComparison.Ordinal);
    }
}
