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
/// After a failure, or once cancellation is asked for, nothing new starts; the work already running is awaited, so
/// every step that finished can be recorded, and then the first failure is thrown (or the cancellation).
/// </remarks>
internal static class DependencyScheduler
{
    public static async Task RunAsync(IReadOnlyList<string> order, Func<string, IEnumerable<string>> waitsFor, int maxParallelism,
        Func<string, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        var included = new HashSet<string>(order, StringComparer.Ordinal);
        // Only what is scheduled here can be waited for; a node never waits for itself.
        var prerequisites = order.ToDictionary(n => n,
            n => waitsFor(n).Where(d => d != n && included.Contains(d)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var pending = order.ToList();
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var running = new Dictionary<Task, string>();
        ExceptionDispatchInfo? firstFailure = null;

        while (true)
        {
            while (firstFailure is null && !cancellationToken.IsCancellationRequested && running.Count < maxParallelism && pending.Count > 0)
            {
                var next = pending.FirstOrDefault(n => prerequisites[n].IsSubsetOf(finished));
                // A cycle (the compiler reports it): start the earliest rather than wait forever.
                if (next is null && running.Count == 0) next = pending[0];
                if (next is null) break;
                pending.Remove(next);
                // On the thread pool, so one node's synchronous part never holds up the others.
                running.Add(Task.Run(() => work(next, cancellationToken), CancellationToken.None), next);
            }
            if (running.Count == 0) break;

            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var name = running[done];
            running.Remove(done);
            try
            {
                await done.ConfigureAwait(false);
                finished.Add(name);
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

        cancellationToken.ThrowIfCancellationRequested();
        firstFailure?.Throw();
    }
}
