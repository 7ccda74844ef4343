using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Deployment;

/// <summary>
/// Runs one piece of work per node of a dependency graph: a node starts once every node it waits for has finished,
/// with at most a given number running at once. Among the nodes that are ready, the one earliest in the given order
/// starts first, so with one at a time the order is the given order, moved only as far as the graph requires.
/// </summary>
/// <remarks>
/// A node's work has two parts: its calls to the service, which count against the limit, and then the recording of
/// what they did (a save of the stack's record, which one writer makes for all), which does not hold a place, so the
/// next calls go out meanwhile (except with a limit of one, which means one step at a time, recording included). A
/// node counts as finished, for what waits for it, once both parts are done.
/// After a failure, or once cancellation is asked for, nothing new starts; the work already running is awaited and
/// what finished is recorded; then the first failure is thrown (or the cancellation).
/// </remarks>
internal static class DependencyScheduler
{
    /// <param name="work">A node's calls; the function it returns records their result.</param>
    public static async Task RunAsync(IReadOnlyList<string> order, Func<string, IEnumerable<string>> waitsFor, int maxParallelism,
        Func<string, CancellationToken, Task<Func<Task>>> work, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        var included = new HashSet<string>(order, StringComparer.Ordinal);
        // Only what is scheduled here can be waited for; a node never waits for itself.
        var prerequisites = order.ToDictionary(n => n,
            n => waitsFor(n).Where(d => d != n && included.Contains(d)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var pending = order.ToList();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var calling = new Dictionary<Task, string>();
        var recording = new Dictionary<Task, string>();
        ExceptionDispatchInfo? firstFailure = null;
        int Busy() => calling.Count + (maxParallelism == 1 ? recording.Count : 0);

        while (true)
        {
            while (firstFailure is null && !cancellationToken.IsCancellationRequested && Busy() < maxParallelism && pending.Count > 0)
            {
                var next = pending.FirstOrDefault(n => prerequisites[n].IsSubsetOf(finished));
                // A cycle (the compiler reports it): start the earliest rather than wait forever.
                if (next is null && calling.Count == 0 && recording.Count == 0) next = pending[0];
                if (next is null) break;
                pending.Remove(next);
                // On the thread pool, so one node's synchronous part never holds up the others.
                calling.Add(Task.Run(() => work(next, cancellationToken), CancellationToken.None), next);
            }
            if (calling.Count == 0 && recording.Count == 0) break;

            await Task.WhenAny(calling.Keys.Concat(recording.Keys)).ConfigureAwait(false);
            // Every task that ended, not only the first: a failure among them stops new starts at once.
            foreach (var done in calling.Keys.Concat(recording.Keys).Where(t => t.IsCompleted).ToList())
            {
                var called = calling.Remove(done, out var name);
                if (!called) recording.Remove(done, out name);
                try
                {
                    if (called)
                    {
                        var record = await ((Task<Func<Task>>)done).ConfigureAwait(false);
                        recording.Add(Task.Run(record, CancellationToken.None), name!);
                    }
                    else
                    {
                        await done.ConfigureAwait(false);
                        finished.Add(name!);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Abandoned because the run was cancelled: thrown below as the cancellation.
                }
                catch (Exception e)
                {
                    firstFailure ??= ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        firstFailure?.Throw();
    }

    /// <summary>Work that records nothing apart (all of it counts against the limit).</summary>
    public static Task RunAsync(IReadOnlyList<string> order, Func<string, IEnumerable<string>> waitsFor, int maxParallelism,
        Func<string, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(order, waitsFor, maxParallelism, async (name, token) =>
        {
            await work(name, token).ConfigureAwait(false);
            return () => Task.CompletedTask;
        }, cancellationToken);
}
