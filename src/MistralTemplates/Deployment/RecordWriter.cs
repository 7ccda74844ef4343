using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.State;

namespace MistralTemplates.Deployment;

/// <summary>
/// The one writer of a stack's record while resources are applied in parallel. Each finished step hands in a change
/// (add this resource, drop that one); changes are applied to the latest record and saved one version after another,
/// so no step's update overwrites another's. Changes that arrive while a save is under way go out together in the
/// next save, which keeps the number of writes down when many steps finish at once.
/// </summary>
internal sealed class RecordWriter
{
    private readonly Func<StackRecord, StackRecord, Task<StackRecord>> _save;
    private readonly Action<StackRecord> _saved;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly object _gate = new();
    private List<PendingChange> _pending = [];
    private StackRecord _current;

    /// <param name="current">The record as stored now.</param>
    /// <param name="save">Stores the first record as the version after the second and returns what was stored.</param>
    /// <param name="saved">Told of every stored version, in order.</param>
    public RecordWriter(StackRecord current, Func<StackRecord, StackRecord, Task<StackRecord>> save, Action<StackRecord>? saved = null)
    {
        _current = current;
        _save = save;
        _saved = saved ?? (_ => { });
    }

    /// <summary>The record as last stored.</summary>
    public StackRecord Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>
    /// The stored record with the changes not stored yet (a save failed) laid over it: what the service holds as far
    /// as this run knows, for a rollback to clean up.
    /// </summary>
    public StackRecord Known
    {
        get
        {
            lock (_gate) return _pending.Aggregate(_current, (record, pending) => pending.Change(record));
        }
    }

    /// <summary>Applies <paramref name="change"/> to the latest record and returns once a version holding it is stored.</summary>
    public async Task UpdateAsync(Func<StackRecord, StackRecord> change)
    {
        var mine = new PendingChange(change);
        lock (_gate) _pending.Add(mine);
        // Waiting for the writer is not cancelled; the save itself stops when the run is cancelled.
        await _writing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Another caller's save may have taken this change along already.
            if (!mine.Stored.Task.IsCompleted) await SavePendingAsync().ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
        await mine.Stored.Task.ConfigureAwait(false);
    }

    private async Task SavePendingAsync()
    {
        List<PendingChange> batch;
        StackRecord current;
        lock (_gate)
        {
            batch = _pending;
            _pending = [];
            current = _current;
        }
        try
        {
            var stored = await _save(batch.Aggregate(current, (record, pending) => pending.Change(record)), current).ConfigureAwait(false);
            lock (_gate) _current = stored;
            _saved(stored);
            foreach (var pending in batch) pending.Stored.TrySetResult();
        }
        catch (Exception e)
        {
            // Kept for the next save (or a rollback), since what they describe exists.
            lock (_gate) _pending.InsertRange(0, batch);
            foreach (var pending in batch) pending.Stored.TrySetException(e);
        }
    }

    private sealed class PendingChange(Func<StackRecord, StackRecord> change)
    {
        public Func<StackRecord, StackRecord> Change { get; } = change;

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
