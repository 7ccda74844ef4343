using System;
using System.Collections.Generic;
using System.Linq;
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
    /// Every stack the store holds, by name, each with its record or, for one that cannot be read, why not: one damaged
    /// record does not hide the others. A store that cannot tell them apart lists as <see cref="ListAsync"/> does.
    /// </summary>
    async Task<IReadOnlyList<StackListing>> ListEachAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Select(record => new StackListing(record.StackName, record, null))];

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
    /// <remarks>
    /// A holder on this same host whose process is gone (killed, crashed) is dead for sure: its lock is taken over at
    /// once, and <see cref="IStackLock.TakenOver"/> says so.
    /// </remarks>
    Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the stack's lock whoever holds it: for a holder on another machine that is known to be dead or stuck.
    /// <see cref="IStackLock.TakenOver"/> names the holder it was taken from; if that run is still working, it stops
    /// at its next renewal (<see cref="StackLockLostException"/>).
    /// </summary>
    Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Whether the stack's lock exists (or what a run that died while changing it left behind).</summary>
    Task<bool> LockExistsAsync(string stack, CancellationToken cancellationToken = default);

    /// <summary>
    /// The name of the project whose stacks this store holds, when the store is one project's among others (a Mistral
    /// behind Keystone keeps each project's environments apart); null when every caller sees the same stacks (the
    /// embedded engine, a Mistral without authentication). Messages about a missing stack name it.
    /// </summary>
    ValueTask<string?> GetProjectNameAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);
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

    /// <summary>The holding this lock was taken from when it was acquired; null when the lock was free.</summary>
    StackLockTakeover? TakenOver { get; }

    /// <summary>Starts a new lease. Throws <see cref="StackLockLostException"/> when another holder took the lock over.</summary>
    Task RenewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the lock up; nothing happens when it was already released or taken over. <see cref="IAsyncDisposable.DisposeAsync"/>
    /// does the same but never throws: a lock it could not release expires with its lease.
    /// </summary>
    Task ReleaseAsync(CancellationToken cancellationToken = default);
}

/// <summary>One stack of <see cref="IStackStateStore.ListEachAsync"/>: its record, or the reason it cannot be read.</summary>
/// <param name="StackName">The stack's name.</param>
/// <param name="Record">The record; null when it cannot be read.</param>
/// <param name="Problem">Why the record cannot be read; null when it can.</param>
public sealed record StackListing(string StackName, StackRecord? Record, StackStateException? Problem);
