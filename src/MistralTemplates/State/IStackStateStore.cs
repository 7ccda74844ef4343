using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.State;

/// <summary>
/// Where stack records live, and the lock that keeps two runs on one stack from interleaving. A run takes the
/// stack's lock, reads the record, and saves each step as the next version while it holds the lock.
/// </summary>
public interface IStackStateStore
{
    /// <summary>The stack's record, or null when the store has none.</summary>
    Task<StackRecord?> GetAsync(string stack, CancellationToken cancellationToken = default);

    /// <summary>Every stack the store holds, by name.</summary>
    Task<IReadOnlyList<StackRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="record"/> when the store holds version <c>record.Version - 1</c> of it (nothing, for
    /// version 1); otherwise throws <see cref="StackStateConflictException"/> and stores nothing.
    /// </summary>
    Task SaveAsync(StackRecord record, CancellationToken cancellationToken = default);

    /// <summary>Removes the stack's record; nothing happens when there is none.</summary>
    Task DeleteAsync(string stack, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the stack's lock for <paramref name="holder"/> (a description for people: who, where, doing what).
    /// Fails at once with <see cref="StackLockedException"/> while another holder's lease runs. A lease that ran
    /// out without being renewed means its holder died: the lock is taken over.
    /// </summary>
    Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default);
}

/// <summary>
/// A held stack lock. Renew it well within its lease while working (every third of the lease is a good pace);
/// dispose it to release it.
/// </summary>
public interface IStackLock : IAsyncDisposable
{
    string Stack { get; }

    string Holder { get; }

    TimeSpan Lease { get; }

    /// <summary>
    /// From when another process may take the lock over unless it is renewed before, by the store's clock: the last
    /// acquire or renew plus the lease (plus the store's clock resolution).
    /// </summary>
    DateTimeOffset ExpiresAt { get; }

    /// <summary>Starts a new lease. Throws <see cref="StackLockLostException"/> when another holder took the lock over.</summary>
    Task RenewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the lock up; nothing happens when it was already released or taken over. <see cref="IAsyncDisposable.DisposeAsync"/>
    /// does the same but never throws: a lock it could not release expires with its lease.
    /// </summary>
    Task ReleaseAsync(CancellationToken cancellationToken = default);
}
