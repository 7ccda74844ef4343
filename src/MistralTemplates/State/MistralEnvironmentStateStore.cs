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
/// Works on any <see cref="IWorkflowService"/>: the REST client and the embedded engine alike. On a Mistral behind
/// Keystone the environments are private to the token's project, so each project has stacks of its own; another
/// project's public environment of the same name is ignored (see <see cref="PrivateEnvironments"/>).
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

    private readonly IEnvironments _environments;
    private readonly IEnvironments _everyVisibleEnvironment;
    private readonly StateEnvironmentNames _names;
    private readonly EnvironmentLocks _locks;
    private readonly Func<CancellationToken, ValueTask<string?>>? _projectName;

    public MistralEnvironmentStateStore(IWorkflowService mistral, MistralStateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mistral);
        options ??= new MistralStateStoreOptions();
        _everyVisibleEnvironment = mistral.Environments;
        _environments = new PrivateEnvironments(mistral.Environments);
        _names = new StateEnvironmentNames(options.Prefix);
        _locks = new EnvironmentLocks(_environments, _names, options);
        _projectName = options.ProjectName;
    }

    /// <summary>The longest stack name this store can keep (Mistral's environment names have at most 200 characters).</summary>
    public int MaxStackNameLength => _names.MaxStackName;

    /// <summary>The name of the environment that holds <paramref name="stack"/>'s record.</summary>
    public string RecordEnvironmentName(string stack) => _names.Record(stack);

    /// <summary>The name of the environment that exists while <paramref name="stack"/>'s lock is held.</summary>
    public string LockEnvironmentName(string stack) => _names.Lock(stack);

    public async Task<StackRecord?> GetAsync(string stack, CancellationToken cancellationToken = default)
    {
        var environment = await _environments.GetAsync(_names.Record(stack), cancellationToken)
            .OrNullIfNotFound().ConfigureAwait(false);
        return environment is null ? null : Read(stack, environment);
    }

    public async Task<IReadOnlyList<StackRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<StackRecord>();
        foreach (var listing in await ListEachAsync(cancellationToken).ConfigureAwait(false))
            records.Add(listing.Record ?? throw listing.Problem!);
        return records;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StackListing>> ListEachAsync(CancellationToken cancellationToken = default)
    {
        var listings = new List<StackListing>();
        // "has" is a substring match (with SQL wildcards), so the exact prefix is checked here.
        var query = new ListQuery().Where("name", FilterOperator.Has, _names.RecordPrefix);
        await foreach (var environment in _environments.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (_names.StackOfRecord(environment.Name) is not { } stack) continue;
            try
            {
                listings.Add(new StackListing(stack, Read(stack, environment), null));
            }
            catch (StackStateException e)
            {
                listings.Add(new StackListing(stack, null, e));
            }
        }
        listings.Sort((a, b) => string.CompareOrdinal(a.StackName, b.StackName));
        return listings;
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
                await _environments.CreateAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MistralConflictException)
            {
                var existing = await _environments.GetAsync(name, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
                throw new StackStateConflictException(stack, 0, existing is null ? null : StoredVersion(stack, existing));
            }
        }

        var stored = await _environments.GetAsync(name, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
        var storedVersion = stored is null ? (int?)null : StoredVersion(stack, stored);
        if (storedVersion != record.Version - 1)
            throw new StackStateConflictException(stack, record.Version - 1, storedVersion);
        await _environments.UpdateAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string stack, CancellationToken cancellationToken = default)
    {
        try
        {
            await _environments.DeleteAsync(_names.Record(stack), cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
        }
        // A destroyed stack leaves nothing behind, not even what a process that died in a lock change left.
        await _locks.DeleteStaleClaimsAsync(stack, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await RefuseSharedNamesAsync(stack, cancellationToken).ConfigureAwait(false);
        return await _locks.AcquireAsync(stack, holder, lease, breakLock: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await RefuseSharedNamesAsync(stack, cancellationToken).ConfigureAwait(false);
        return await _locks.AcquireAsync(stack, holder, lease, breakLock: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses to change a stack whose record or lock name another project has published (an administrator can make
    /// an environment public): Mistral finds environments by name among the caller's own and every public one, and its
    /// updates and deletes by name would then change that project's environment instead of, or as well as, this one's.
    /// Every write takes the lock first, so checking here keeps them all off it. Only a store of one project among
    /// others (<see cref="MistralStateStoreOptions.ProjectName"/>) can meet another project's environment.
    /// </summary>
    private async Task RefuseSharedNamesAsync(string stack, CancellationToken cancellationToken)
    {
        if (_projectName is null) return;
        var query = new ListQuery { Fields = ["name", "scope", "project_id"] }
            .Where("name", FilterOperator.In, _names.Record(stack), _names.Lock(stack))
            .Where("scope", FilterOperator.Eq, PrivateEnvironments.PublicScope);
        await foreach (var shared in _everyVisibleEnvironment.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (shared.Scope != PrivateEnvironments.PublicScope) continue;
            throw new StackStateException(stack,
                $"The Mistral environment '{shared.Name}' is public (project {shared.ProjectId}), and Mistral would write or delete it " +
                $"for stack '{stack}' of this project: nothing was changed. Use another stack name, or ask an administrator to make that environment private.");
        }
    }

    public Task<bool> LockExistsAsync(string stack, CancellationToken cancellationToken = default) =>
        _locks.ExistsAsync(stack, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<string?> GetProjectNameAsync(CancellationToken cancellationToken = default) =>
        _projectName?.Invoke(cancellationToken) ?? ValueTask.FromResult<string?>(null);

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
            throw new StackRecordException(stack, environment.Name, e.Message.TrimEnd('.'), e);
        }
        if (record is null || record.StackName != stack)
            throw new StackStateException(stack,
                $"The Mistral environment '{environment.Name}' holds the record of stack '{record?.StackName}', not of '{stack}'.");
        if (Problem(record) is { } problem)
            throw new StackRecordException(stack, environment.Name, problem);
        return record;
    }

    /// <summary>
    /// What makes a deserialised record unusable, or null: JSON <c>null</c> in place of a collection or a required text
    /// gets past the deserialiser, and would only fail later, deep inside a deploy.
    /// </summary>
    private static string? Problem(StackRecord record)
    {
        if (record.Resources is null) return "it has no 'resources'";
        if (record.Parameters is null) return "it has no 'parameters'";
        if (record.Outputs is null) return "it has no 'outputs'";
        if (record.TemplatePath is null || record.TemplateHash is null) return "it has no 'template_path' or 'template_hash'";
        if (record.SignalSecret is { } secret && !Webhooks.SignalSignature.IsValidSecret(secret))
            return $"its 'signal_secret' is not {Webhooks.SignalSignature.SecretBytes} bytes of base64url (remove the key: the next deploy makes a new one)";
        foreach (var (name, resource) in record.Resources)
        {
            if (resource is null) return $"its resource '{name}' is null";
            if (resource.Type is null) return $"its resource '{name}' has no 'type'";
            if (resource.DependsOn is null || resource.ExecutionIds is null || resource.Workflows is null ||
                resource.Attributes is null || resource.Data is null)
                return $"its resource '{name}' has null in place of a list or an object";
        }
        return null;
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
