using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.State;

/// <summary>A stack lock held through <see cref="EnvironmentLocks"/>. Its operations run one at a time.</summary>
internal sealed class MistralStackLock : IStackLock
{
    private readonly EnvironmentLocks _locks;
    private readonly LockState _state;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastWriteTicks;   // UTC ticks; read without the gate by ExpiresAt
    private bool _released;

    public MistralStackLock(EnvironmentLocks locks, string stack, LockState state, DateTimeOffset lastWrite, StackLockTakeover? takenOver)
    {
        TakenOver = takenOver;
        _locks = locks;
        _state = state;
        _lastWriteTicks = lastWrite.UtcTicks;
        Stack = stack;
    }

    public string Stack { get; }

    public string Holder => _state.Holder;

    public TimeSpan Lease => _state.Lease;

    public StackLockTakeover? TakenOver { get; }

    public DateTimeOffset ExpiresAt =>
        new DateTimeOffset(Interlocked.Read(ref _lastWriteTicks), TimeSpan.Zero) + _state.Lease + LockView.ClockResolution;

    public async Task RenewAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_released) throw new InvalidOperationException($"The lock of stack '{Stack}' was released; acquire it again.");
            var lastWrite = await _locks.RenewAsync(Stack, _state, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastWriteTicks, lastWrite.UtcTicks);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_released) return;
            await _locks.ReleaseAsync(Stack, _state, cancellationToken).ConfigureAwait(false);
            _released = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is MistralException or StackStateException)
        {
            // Not released: the lease runs out and the next run takes the lock over.
        }
    }

    public override string ToString() => $"lock of stack '{Stack}' held by '{Holder}' until {UtcTimestamp.Text(ExpiresAt)}";
}
