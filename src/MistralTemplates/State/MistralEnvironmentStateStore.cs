using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.State;

/// <summary>
/// Keeps stack state in the workflow service itself, so every machine pointed at the same Mistral sees the same
/// stacks: one environment per stack, <c>{prefix}.stack.{stack}</c>, whose variables are the record's JSON, and
/// one per held lock, <c>{prefix}.lock.{stack}</c> (see <see cref="EnvironmentLocks"/> for how locks stay exclusive).
/// Works on any <see cref="IWorkflowService"/>: the REST client and the embedded engine alike.
/// </summary>
/// <remarks>
/// <para>Saving checks the stored version and then writes it; Mistral cannot make that one atomic step, so two
/// writers could interleave between the check and the write. Only the holder of the stack's lock saves, which is
/// what keeps writes to one stack in order; the version check catches a run that saves without the lock, or after
/// losing it. The first version is created, which the server does atomically.</para>
/// <para>Size: Mistral keeps variables as JSON in one long-text column and sets no limit of its own; 100 MB of
/// variables were stored and read back on Mistral 15 with SQLite. A MySQL backend limits a write to its
/// <c>max_allowed_packet</c>. A record of 200 resources with 1,000 execution ids is about 100 KB.</para>
/// </remarks>
public sealed class MistralEnvironmentStateStore : IStackStateStore
{
    /// <summary>The layout of the record's JSON; a store refuses records of a layout it does not know.</summary>
    public const int RecordFormat = 1;

    private const string FormatKey = "record_format";

    private readonly IWorkflowService _mistral;
    private readonly StateEnvironmentNames _names;
    private readonly EnvironmentLocks _locks;

    public MistralEnvironmentStateStore(IWorkflowService mistral, MistralStateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mistral);
        options ??= new MistralStateStoreOptions();
        _mistral = mistral;
        _names = new StateEnvironmentNames(options.Prefix);
        _locks = new EnvironmentLocks(mistral.Environments, _names, options);
    }

    /// <summary>The longest stack name this store can keep (Mistral's environment names have at most 200 characters).</summary>
    public int MaxStackNameLength => _names.MaxStackName;

    /// <summary>The name of the environment that holds <paramref name="stack"/>'s record.</summary>
    public string RecordEnvironmentName(string stack) => _names.Record(stack);

    /// <summary>The name of the environment that exists while <paramref name="stack"/>'s lock is held.</summary>
    public string LockEnvironmentName(string stack) => _names.Lock(stack);

    public async Task<StackRecord?> GetAsync(string stack, CancellationToken cancellationToken = default)
    {
        var environment = await _mistral.Environments.GetAsync(_names.Record(stack), cancellationToken)
            .OrNullIfNotFound().ConfigureAwait(false);
        return environment is null ? null : Read(stack, environment);
    }

    public async Task<IReadOnlyList<StackRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<StackRecord>();
        // "has" is a substring match (with SQL wildcards), so the exact prefix is checked here.
        var query = new ListQuery().Where("name", FilterOperator.Has, _names.RecordPrefix);
        await foreach (var environment in _mistral.Environments.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (_names.StackOfRecord(environment.Name) is { } stack)
                records.Add(Read(stack, environment));
        }
        records.Sort((a, b) => string.CompareOrdinal(a.StackName, b.StackName));
        return records;
    }

    public async Task SaveAsync(StackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stack = record.StackName;
        var name = _names.Record(stack);
        if (record.Version < 1)
            throw new ArgumentOutOfRangeException(nameof(record), record.Version, "A record's version starts at 1.");
        var request = new EnvironmentRequest(name, Write(record)) { Description = $"State of stack '{stack}'" };

        if (record.Version == 1)
        {
            try
            {
                await _mistral.Environments.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MistralConflictException)
            {
                var existing = await _mistral.Environments.GetAsync(name, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
                throw new StackStateConflictException(stack, 0, existing is null ? null : StoredVersion(stack, existing));
            }
        }

        var stored = await _mistral.Environments.GetAsync(name, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
        var storedVersion = stored is null ? (int?)null : StoredVersion(stack, stored);
        if (storedVersion != record.Version - 1)
            throw new StackStateConflictException(stack, record.Version - 1, storedVersion);
        await _mistral.Environments.UpdateAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string stack, CancellationToken cancellationToken = default)
    {
        try
        {
            await _mistral.Environments.DeleteAsync(_names.Record(stack), cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
        }
        // A destroyed stack leaves nothing behind, not even what a process that died in a lock change left.
        await _locks.DeleteStaleClaimsAsync(stack, cancellationToken).ConfigureAwait(false);
    }

    public Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default) =>
        _locks.AcquireAsync(stack, holder, lease, breakLock: false, cancellationToken);

    public Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default) =>
        _locks.AcquireAsync(stack, holder, lease, breakLock: true, cancellationToken);

    public Task<bool> LockExistsAsync(string stack, CancellationToken cancellationToken = default) =>
        _locks.ExistsAsync(stack, cancellationToken);

    private static JsonObject Write(StackRecord record)
    {
        var variables = JsonSerializer.SerializeToNode(record, StackStateJsonContext.Default.StackRecord)!.AsObject();
        variables.Insert(0, FormatKey, RecordFormat);
        return variables;
    }

    private static StackRecord Read(string stack, MistralEnvironment environment)
    {
        var variables = CheckedVariables(stack, environment);
        StackRecord? record;
        try
        {
            record = variables.Deserialize(StackStateJsonContext.Default.StackRecord);
        }
        catch (JsonException e)
        {
            throw new StackStateException(stack,
                $"The Mistral environment '{environment.Name}' does not hold a readable record of stack '{stack}': {e.Message}", e);
        }
        if (record is null || record.StackName != stack)
            throw new StackStateException(stack,
                $"The Mistral environment '{environment.Name}' holds the record of stack '{record?.StackName}', not of '{stack}'.");
        return record;
    }

    private static int StoredVersion(string stack, MistralEnvironment environment) =>
        CheckedVariables(stack, environment)["version"] is JsonValue value && value.TryGetValue(out int version)
            ? version
            : throw new StackStateException(stack, $"The record in the Mistral environment '{environment.Name}' has no version.");

    private static JsonObject CheckedVariables(string stack, MistralEnvironment environment)
    {
        if (environment.Variables is not JsonObject variables)
            throw new StackStateException(stack, $"The Mistral environment '{environment.Name}' holds no stack record.");
        var format = variables[FormatKey] is JsonValue value && value.TryGetValue(out int f) ? f : (int?)null;
        if (format != RecordFormat)
            throw new StackStateException(stack,
                $"The Mistral environment '{environment.Name}' holds a stack record of format {format?.ToString() ?? "(none)"}; " +
                $"this version reads format {RecordFormat}. Use the version of MistralTemplates that wrote it.");
        return variables;
    }
}
