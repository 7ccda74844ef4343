using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;

namespace MistralTemplates.Tests.Deployment;

public sealed class DependencySchedulerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Records when each node starts and ends, and how many run at once.</summary>
    private sealed class Journal
    {
        private int _running;
        private int _mostAtOnce;

        public ConcurrentQueue<string> Started { get; } = new();
        public ConcurrentQueue<string> Finished { get; } = new();
        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public async Task RunAsync(string name, Func<Task> body)
        {
            var now = Interlocked.Increment(ref _running);
            int seen;
            while ((seen = Volatile.Read(ref _mostAtOnce)) < now && Interlocked.CompareExchange(ref _mostAtOnce, now, seen) != seen) { }
            Started.Enqueue(name);
            try
            {
                await body();
            }
            finally
            {
                Finished.Enqueue(name);
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private static Func<string, IEnumerable<string>> Graph(params (string Node, string[] WaitsFor)[] edges)
    {
        var map = edges.ToDictionary(e => e.Node, e => e.WaitsFor);
        return n => map.GetValueOrDefault(n) ?? [];
    }

    [Fact]
    public async Task One_at_a_time_keeps_the_given_order_moved_only_as_far_as_dependencies_require()
    {
        var journal = new Journal();
        // b waits for d, so d moves ahead of b; the rest keep their order.
        await DependencyScheduler.RunAsync(["a", "b", "c", "d", "e"], Graph(("b", ["d"])), 1,
            (n, _) => journal.RunAsync(n, () => Task.Delay(1)), CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(["a", "c", "d", "b", "e"], journal.Started);
        Assert.Equal(1, journal.MostAtOnce);
    }

    [Fact]
    public async Task Independent_nodes_run_together_up_to_the_limit_and_a_node_starts_only_after_what_it_waits_for()
    {
        var journal = new Journal();
        var nodes = Enumerable.Range(0, 8).SelectMany(i => new[] { "wf" + i, "trigger" + i }).ToList();
        var graph = Graph(Enumerable.Range(0, 8).Select(i => ("trigger" + i, new[] { "wf" + i })).ToArray());
        var finishedBeforeStart = new ConcurrentDictionary<string, string[]>();

        await DependencyScheduler.RunAsync(nodes, graph, 3, (n, _) =>
        {
            finishedBeforeStart[n] = journal.Finished.ToArray();
            return journal.RunAsync(n, () => Task.Delay(20));
        }, CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(16, journal.Finished.Count);
        Assert.Equal(3, journal.MostAtOnce);
        for (var i = 0; i < 8; i++)
            Assert.Contains("wf" + i, finishedBeforeStart["trigger" + i]);
    }

    [Fact]
    public async Task After_a_failure_nothing_new_starts_the_running_ones_finish_and_the_failure_is_thrown()
    {
        var journal = new Journal();
        var slowOneMayFinish = new TaskCompletionSource();
        var work = new Func<string, CancellationToken, Task>((n, _) => journal.RunAsync(n, async () =>
        {
            if (n == "slow") await slowOneMayFinish.Task;
            if (n == "bad")
            {
                await Task.Delay(10);
                throw new InvalidOperationException("bad failed");
            }
        }));

        var run = DependencyScheduler.RunAsync(["slow", "bad", "c", "d", "e"], Graph(), 2, work, CancellationToken.None);
        // The failure is not thrown while the slow one still runs.
        while (!journal.Finished.Contains("bad")) await Task.Delay(5);
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        slowOneMayFinish.SetResult();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(Deadline));
        Assert.Equal("bad failed", failure.Message);
        Assert.Equal(["bad", "slow"], journal.Started.Order());
        Assert.Contains("slow", journal.Finished);
    }

    [Fact]
    public async Task Cancellation_stops_new_starts_and_waits_for_the_running_ones()
    {
        var journal = new Journal();
        using var cancel = new CancellationTokenSource();
        var ignoringCancellation = new TaskCompletionSource();
        var run = DependencyScheduler.RunAsync(["a", "b", "c", "d"], Graph(), 2,
            (n, _) => journal.RunAsync(n, () => ignoringCancellation.Task), cancel.Token);
        while (journal.Started.Count < 2) await Task.Delay(5);

        cancel.Cancel();
        await Task.Delay(50);
        Assert.False(run.IsCompleted);
        ignoringCancellation.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
        Assert.Equal(["a", "b"], journal.Started.Order());
        Assert.Equal(2, journal.Finished.Count);
    }

    [Fact]
    public async Task A_cycle_does_not_hang_and_a_timeout_of_a_call_counts_as_a_failure()
    {
        var order = new ConcurrentQueue<string>();
        await DependencyScheduler.RunAsync(["a", "b"], Graph(("a", ["b"]), ("b", ["a"])), 4, (n, _) =>
        {
            order.Enqueue(n);
            return Task.CompletedTask;
        }, CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal(["a", "b"], order);

        // A call's own timeout is an OperationCanceledException too, but the run was not cancelled: a failure, and
        // what waits for it never starts.
        var started = new ConcurrentQueue<string>();
        await Assert.ThrowsAsync<TaskCanceledException>(() => DependencyScheduler.RunAsync(["a", "b"], Graph(("b", ["a"])), 4, (n, _) =>
        {
            started.Enqueue(n);
            return Task.FromCanceled(new CancellationToken(canceled: true));
        }, CancellationToken.None).WaitAsync(Deadline));
        Assert.Equal(["a"], started);
    }

    [Fact]
    public async Task A_limit_below_one_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            DependencyScheduler.RunAsync(["a"], Graph(), 0, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeployOptions { MaxParallelism = 0 });
    }
}
