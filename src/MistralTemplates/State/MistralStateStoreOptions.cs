using System;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.State;

/// <summary>How <see cref="MistralEnvironmentStateStore"/> names its environments and how long it waits.</summary>
public sealed record MistralStateStoreOptions
{
    /// <summary>
    /// The first part of every environment name: records are <c>{Prefix}.stack.{stack}</c>, locks
    /// <c>{Prefix}.lock.{stack}</c>. Two tools sharing one Mistral keep apart with different prefixes.
    /// </summary>
    public string Prefix { get; init; } = "mistraltemplates";

    /// <summary>
    /// How old a lock claim must be before it is taken for the leftover of a process that died while changing a
    /// lock. It must exceed the longest one service call can take, retries included (the REST client's total
    /// timeout is 2 minutes by default).
    /// </summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an operation on a lock waits for another process's claim on it to go (claims last milliseconds).</summary>
    public TimeSpan ClaimWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The name of the project the store's environments belong to, for messages (see
    /// <see cref="IStackStateStore.GetProjectNameAsync"/>); null when the Mistral does not divide its callers into projects.
    /// <see cref="StackTarget.Cloud"/> gives the project of the Keystone token's scope.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? ProjectName { get; init; }

    /// <summary>The local clock, used to judge leases before asking the server's.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
