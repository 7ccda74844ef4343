using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Hosting;

namespace MistralTemplates.State;

/// <summary>
/// Stack locks kept as Mistral environments, built only on what Mistral makes atomic: creating an environment
/// whose name is taken fails (409). Updates and deletes are unconditional, so none is made without a claim.
/// </summary>
/// <remarks>
/// <para>The lock of stack <c>s</c> is the environment <c>{prefix}.lock.s</c>. It holds the holder, a token that is
/// new at every acquire or takeover and never reused, and the lease. Acquiring creates it; whoever creates it holds
/// the lock. While it exists, its token names the one holding that is current.</para>
/// <para>Changing the lock (a takeover, a renew, a release) needs the <em>claim</em> on its current token: the
/// environment <c>{prefix}.lock.s~{token}</c>, which only one process can create. The claimant reads the lock again
/// after creating the claim and changes it only while it still carries that token; it deletes the claim afterwards.
/// Since every change to a lock happens under the claim on the token it replaces, two takers of one expired lock
/// cannot both win, a taker that looked long ago cannot overwrite a newer holder (the token it claims is gone),
/// and a holder that renews late cannot overwrite the run that took its lock over.</para>
/// <para>A holding can be taken over when its lease ran out, when its process ran on this host and is gone (see
/// <see cref="HolderProcess"/>), or on request (breaking it). Every takeover goes through the claim.</para>
/// <para>Expiry is judged with the server's clock where it counts: the server stamps the lock's last write and the
/// claim's creation, so a takeover needs <c>last write + lease + 1 s &lt;= claim created</c>, whatever the local
/// clocks say. The local clock only decides whether a takeover is worth trying.</para>
/// <para>The residual race: a claim whose creator died stays until it is older than
/// <see cref="MistralStateStoreOptions.ClaimTimeout"/>; then it is deleted and claimed anew. Two processes that
/// both find it stale in the same few milliseconds can both delete it and both claim, and a claimant that stalls
/// for longer than the claim timeout between its re-read and its write can be overtaken. Both need a process to die
/// or stall inside a claim, which lasts a few milliseconds.</para>
/// </remarks>
internal sealed class EnvironmentLocks(IEnvironments environments, StateEnvironmentNames names, MistralStateStoreOptions options)
{
    private static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxLease = TimeSpan.FromDays(1);
    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(25);

    // Each round ends with the lock refused, taken, or changed under us; a lock that keeps changing hands is reported
    // as held rather than chased forever.
    private const int MaxAcquireRounds = 8;

    private DateTimeOffset LocalNow => options.TimeProvider.GetUtcNow();

    /// <summary>
    /// Creates the lock, or takes it over when its holder is done for (lease ran out, process gone from this host) or
    /// when <paramref name="breakLock"/> says so; else throws <see cref="StackLockedException"/>.
    /// </summary>
    public async Task<IStackLock> AcquireAsync(string stack, string holder, TimeSpan lease, bool breakLock, CancellationToken cancellationToken)
    {
        var lockName = names.Lock(stack);
        if (string.IsNullOrWhiteSpace(holder)) throw new ArgumentException("Say who holds the lock.", nameof(holder));
        if (lease < MinLease || lease > MaxLease)
            throw new ArgumentOutOfRangeException(nameof(lease), lease, $"A lease is between {MinLease} and {MaxLease}.");

        LockView? seen = null;
        for (var round = 0; round < MaxAcquireRounds; round++)
        {
            var state = new LockState(holder, StateEnvironmentNames.NewToken(), lease, LocalNow, LocalNow, HolderProcess.Current);
            MistralStackLock? taken = null;
            try
            {
                var created = await environments.CreateAsync(Request(lockName, state), cancellationToken).ConfigureAwait(false);
                taken = new MistralStackLock(this, stack, state, LockView.LastWriteOf(created), takenOver: null);
            }
            catch (MistralConflictException)
            {
            }

            if (taken is null)
            {
                seen = await ReadAsync(stack, cancellationToken).ConfigureAwait(false);
                if (seen is null) continue;                                   // released since: create it again
                if (TakeoverReason(seen, LocalNow, breakLock) is null) throw Locked(stack, seen);
                taken = await TryTakeOverAsync(stack, seen, state, breakLock, cancellationToken).ConfigureAwait(false);
            }
            if (taken is not null)
            {
                // Claims on any other token can change nothing any more; those a killed process left would stay forever.
                await DeleteClaimsAsync(stack, claim => !claim.Name.EndsWith("~" + state.Token, StringComparison.Ordinal), cancellationToken)
                    .ConfigureAwait(false);
                return taken;
            }
        }
        throw seen is null
            ? new StackStateException(stack, $"The lock of stack '{stack}' kept appearing and disappearing; try again.")
            : Locked(stack, seen, "it changed hands repeatedly while this run tried to take it");
    }

    /// <summary>Why <paramref name="view"/> may be taken over at <paramref name="now"/>, or null when it may not.</summary>
    private static LockTakeoverReason? TakeoverReason(LockView view, DateTimeOffset now, bool breakLock) =>
        view.ExpiredAt(now) ? LockTakeoverReason.LeaseRanOut
        : view.HolderIsGone() ? LockTakeoverReason.HolderGone
        : breakLock ? LockTakeoverReason.Broken
        : null;

    /// <summary>Takes over the holding <paramref name="seen"/>; null when the lock changed meanwhile.</summary>
    private async Task<MistralStackLock?> TryTakeOverAsync(string stack, LockView seen, LockState state, bool breakLock,
        CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(stack, seen.Token, state.Holder, cancellationToken).ConfigureAwait(false);
        if (claim is null)
            return await ReadAsync(stack, cancellationToken).ConfigureAwait(false) is { } now && now.Token == seen.Token
                ? throw Locked(stack, now, "another run has been changing it for longer than the claim wait")
                : null;
        await using (claim.ConfigureAwait(false))
        {
            var current = await ReadAsync(stack, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Token != seen.Token) return null;
            // Judged again under the claim, with the server's clock: nothing can renew the holding while we hold it.
            var reason = TakeoverReason(current, claim.ServerTime, breakLock) ?? throw Locked(stack, current);
            var updated = await environments.UpdateAsync(Request(names.Lock(stack), state), cancellationToken).ConfigureAwait(false);
            return new MistralStackLock(this, stack, state, LockView.LastWriteOf(updated),
                new StackLockTakeover(stack, current.Holder, current.ExpiresAt, reason));
        }
    }

    /// <summary>Whether the stack's lock, or a claim on it, exists: a run holds it, or one that died left it behind.</summary>
    internal async Task<bool> ExistsAsync(string stack, CancellationToken cancellationToken)
    {
        var lockName = names.Lock(stack);
        var claimPrefix = names.ClaimPrefix(stack);
        await foreach (var environment in environments.ListAsync(new ListQuery { Fields = ["name"] }
                           .Where("name", FilterOperator.Has, lockName), cancellationToken).ConfigureAwait(false))
        {
            if (environment.Name == lockName || environment.Name.StartsWith(claimPrefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Starts a new lease for <paramref name="held"/>; returns the service's time of that write.</summary>
    internal async Task<DateTimeOffset> RenewAsync(string stack, LockState held, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(stack, held.Token, held.Holder, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            var now = await ReadAsync(stack, cancellationToken).ConfigureAwait(false);
            if (now is null || now.Token != held.Token) throw new StackLockLostException(stack, held.Holder, now?.Holder);
            throw new StackStateException(stack,
                $"The lock of stack '{stack}' could not be renewed: another process has held a claim on it for longer than {options.ClaimWait}.");
        }
        await using (claim.ConfigureAwait(false))
        {
            var current = await ReadAsync(stack, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Token != held.Token) throw new StackLockLostException(stack, held.Holder, current?.Holder);
            var updated = await environments.UpdateAsync(Request(names.Lock(stack), held with { RenewedAt = LocalNow }), cancellationToken)
                .ConfigureAwait(false);
            return LockView.LastWriteOf(updated);
        }
    }

    /// <summary>Deletes the lock if it still carries <paramref name="held"/>'s token.</summary>
    internal async Task ReleaseAsync(string stack, LockState held, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(stack, held.Token, held.Holder, cancellationToken).ConfigureAwait(false);
        if (claim is null) return;   // someone has been taking it over for a while: it is not ours to release any more
        await using (claim.ConfigureAwait(false))
        {
            var current = await ReadAsync(stack, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Token != held.Token) return;
            await environments.DeleteAsync(names.Lock(stack), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the claims on the stack's lock that processes left behind when they died.</summary>
    internal Task DeleteStaleClaimsAsync(string stack, CancellationToken cancellationToken) =>
        DeleteClaimsAsync(stack, IsStale, cancellationToken);

    private async Task DeleteClaimsAsync(string stack, Func<MistralEnvironment, bool> which, CancellationToken cancellationToken)
    {
        var prefix = names.ClaimPrefix(stack);
        var claims = new List<MistralEnvironment>();
        await foreach (var environment in environments.ListAsync(new ListQuery { Fields = ["name", "created_at", "updated_at", "variables"] }
                           .Where("name", FilterOperator.Has, prefix), cancellationToken).ConfigureAwait(false))
        {
            if (environment.Name.StartsWith(prefix, StringComparison.Ordinal) && which(environment)) claims.Add(environment);
        }
        foreach (var claim in claims)
            await DeleteIfPresentAsync(claim.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stack's lock as it stands, or null when nobody holds it.</summary>
    private async Task<LockView?> ReadAsync(string stack, CancellationToken cancellationToken)
    {
        var name = names.Lock(stack);
        var environment = await environments.GetAsync(name, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
        if (environment is null) return null;
        var state = LockState.FromVariables(environment.Variables)
            ?? throw new StackStateException(stack,
                $"The Mistral environment '{name}' is not a lock this tool wrote. If no run on stack '{stack}' is active, delete it.");
        return new LockView(environment, state);
    }

    /// <summary>
    /// Creates the claim on <paramref name="token"/>, waiting up to <see cref="MistralStateStoreOptions.ClaimWait"/>
    /// while another process holds it; null when it still does then.
    /// </summary>
    private async Task<LockClaim?> ClaimAsync(string stack, string token, string holder, CancellationToken cancellationToken)
    {
        var name = names.Claim(stack, token);
        var variables = new JsonObject { ["claimant"] = holder, ["claim"] = StateEnvironmentNames.NewToken() };
        HolderProcess.Current.WriteTo(variables);
        var request = new EnvironmentRequest(name, variables)
        {
            Description = $"A change in progress to the lock of stack '{stack}'",
        };
        var deadline = LocalNow + options.ClaimWait;
        while (true)
        {
            try
            {
                var created = await environments.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                return new LockClaim(environments, name, LockView.LastWriteOf(created));
            }
            catch (MistralConflictException)
            {
            }

            var other = await environments.GetAsync(name, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
            if (other is null) continue;
            if (IsStale(other))
            {
                await DeleteIfPresentAsync(name, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (LocalNow >= deadline) return null;
            await Task.Delay(ClaimPollInterval, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A claim whose process is gone from this host, or that is older than any claim a live process keeps.</summary>
    private bool IsStale(MistralEnvironment claim) =>
        LockView.LastWriteOf(claim) + options.ClaimTimeout <= LocalNow ||
        (claim.Variables is JsonObject variables && HolderProcess.ReadFrom(variables)?.IsGoneFromThisHost() == true);

    private async Task DeleteIfPresentAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await environments.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
        }
    }

    private static EnvironmentRequest Request(string lockName, LockState state) =>
        new(lockName, state.ToVariables()) { Description = $"Lock held by '{state.Holder}'" };

    private static StackLockedException Locked(string stack, LockView view, string? detail = null) =>
        new(stack, view.Holder, view.ExpiresAt, detail);

    /// <summary>A claim this process created; disposing deletes it, even when the caller was cancelled.</summary>
    private sealed class LockClaim(IEnvironments environments, string name, DateTimeOffset serverTime) : IAsyncDisposable
    {
        /// <summary>When the service created the claim, by its clock: the "now" a takeover is judged by.</summary>
        public DateTimeOffset ServerTime { get; } = serverTime;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await environments.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
            }
            catch (MistralException)
            {
                // Left behind, it goes stale after the claim timeout; until then the holding it guards cannot change.
            }
        }
    }
}
