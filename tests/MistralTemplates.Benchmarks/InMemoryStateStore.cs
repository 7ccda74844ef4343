using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.State;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Stack records and locks held in this process only. Not a store for real use (nothing survives the process): the
/// deploy benchmark runs the deployer over it to show what the deploy costs apart from writing its record to Mistral.
/// </summary>
internal sealed class InMemoryStateStore : IStackStateStore
{
    private readonly ConcurrentDictionary<string, StackRecord> _records = new(StringComparer.Ordinal);

    public Task<StackRecord?> GetAsync(string stack, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(stack));

    public Task<IReadOnlyList<StackRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StackRecord>>(_records.Values.OrderBy(r => r.StackName, StringComparer.Ordinal).ToList());

    public Task SaveAsync(StackRecord record, CancellationToken cancellationToken = default)
    {
        _records[record.StackName] = record;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string stack, CancellationToken cancellationToken = default)
    {
        _records.TryRemove(stack, out _);
        return Task.CompletedTask;
    }

    public Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Task.FromResult<IStackLock>(new Held(stack, holder, lease));

    public Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default) =>
        AcquireLockAsync(stack, holder, lease, cancellationToken);

    public Task<bool> LockExistsAsync(string stack, CancellationToken cancellationToken = default) => Task.FromResult(false);

    private sealed record Held(string Stack, string Holder, TimeSpan Lease) : IStackLock
    {
        public DateTimeOffset ExpiresAt => DateTimeOffset.MaxValue;

        public StackLockTakeover? TakenOver => null;

        public Task RenewAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ReleaseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
