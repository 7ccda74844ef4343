using System;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.State;

/// <summary>
/// Renews a held lock while a run works, and stops the run when the lock is lost: <see cref="Token"/> is cancelled
/// and <see cref="Lost"/> says why, so the run's next call (every write takes the token) fails before it is sent.
/// </summary>
/// <remarks>
/// The lock is lost when another run took it over, or when it could not be renewed before its lease ran out (after
/// that another run may take it at any moment). A failed renew is retried every second until then.
/// </remarks>
internal sealed class LockRenewal : IAsyncDisposable
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);

    private readonly IStackLock _held;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly CancellationTokenSource _run;
    private readonly Task _loop;
    private StackLockLostException? _lostBecause;

    private LockRenewal(IStackLock held, CancellationToken cancellationToken, TimeProvider clock)
    {
        _held = held;
        _clock = clock;
        _run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lost.Token);
        _loop = RenewAsync(Period(held.Lease));
    }

    /// <summary>Cancelled when the caller cancels or the lock is lost; pass it to every step of the run.</summary>
    public CancellationToken Token => _run.Token;

    /// <summary>Why the lock is no longer this run's; null while it is.</summary>
    public StackLockLostException? Lost => Volatile.Read(ref _lostBecause);

    /// <summary>Starts renewing <paramref name="held"/> every third of its lease.</summary>
    public static LockRenewal Start(IStackLock held, CancellationToken cancellationToken, TimeProvider? clock = null) =>
        new(held, cancellationToken, clock ?? TimeProvider.System);

    /// <summary>Every third of the lease, so two renewals can fail before another run may take the lock.</summary>
    internal static TimeSpan Period(TimeSpan lease) => TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(200).Ticks));

    private async Task RenewAsync(TimeSpan period)
    {
        var wait = period;
        while (true)
        {
            try
            {
                await Task.Delay(wait, _clock, _stopped.Token).ConfigureAwait(false);
                await _held.RenewAsync(_stopped.Token).ConfigureAwait(false);
                wait = period;
            }
            catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
            {
                return;
            }
            catch (StackLockLostException e)
            {
                Stop(e);
                return;
            }
            catch (Exception e) when (e is not InvalidOperationException)
            {
                // The store did not answer; the lock is still ours until its lease runs out, with a second to spare.
                if (_clock.GetUtcNow() + RetryPeriod >= _held.ExpiresAt)
                {
                    Stop(new StackLockLostException(_held.Stack, _held.Holder, null,
                        $"it could not be renewed before its lease ran out ({e.Message})"));
                    return;
                }
                wait = RetryPeriod;
            }
            catch (InvalidOperationException)
            {
                return;   // released: nothing left to renew
            }
        }
    }

    private void Stop(StackLockLostException reason)
    {
        Volatile.Write(ref _lostBecause, reason);
        _lost.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _run.Dispose();
        _lost.Dispose();
        _stopped.Dispose();
    }
}
