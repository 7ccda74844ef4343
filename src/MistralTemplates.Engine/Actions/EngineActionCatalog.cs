using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Engine.Actions;

/// <summary>What actions use from outside themselves: the clock for sleeps and the HTTP client.</summary>
internal sealed record ActionServices(TimeProvider Time, HttpAction Http);

/// <summary>
/// Every action the engine can run, looked up in this order: actions the host added (<see cref="EngineOptions"/>),
/// Mistral's std actions, then ad-hoc actions stored in the caller's namespace or the default one.
/// </summary>
internal sealed class EngineActionCatalog : IActionCatalog, IDisposable
{
    // Deep enough for any real chain of ad-hoc actions; stops one whose base names itself.
    private const int MaxAdHocDepth = 16;

    private readonly IReadOnlyDictionary<string, HostAction> _hostActions;
    private readonly AdHocActions _adHoc;
    private readonly ActionServices _services;

    public EngineActionCatalog(EngineDatabase database, EngineOptions options, TimeProvider time)
    {
        _hostActions = new Dictionary<string, HostAction>(options.Actions, StringComparer.Ordinal);
        _adHoc = new AdHocActions(database);
        _services = new ActionServices(time, new HttpAction(options.CallbackUrl));
    }

    public bool Exists(string name, string @namespace, SqliteTransaction transaction) =>
        IsBuiltIn(name) || _adHoc.Find(transaction, name, @namespace) is not null;

    public async Task<bool> ExistsAsync(string name, string @namespace, CancellationToken cancellationToken) =>
        IsBuiltIn(name) || await _adHoc.FindAsync(name, @namespace, cancellationToken).ConfigureAwait(false) is not null;

    private bool IsBuiltIn(string name) => _hostActions.ContainsKey(name) || StandardActions.Provides(name);

    public Task<ActionOutcome> RunAsync(string name, IReadOnlyDictionary<string, object?> input, ActionContext context, CancellationToken cancellationToken) =>
        RunAsync(name, input, context, 0, cancellationToken);

    private async Task<ActionOutcome> RunAsync(
        string name, IReadOnlyDictionary<string, object?> input, ActionContext context, int depth, CancellationToken cancellationToken)
    {
        if (_hostActions.TryGetValue(name, out var hostAction))
            return await hostAction.RunAsync(input, context.ActionExecutionId, cancellationToken).ConfigureAwait(false);
        if (StandardActions.Provides(name))
            return await StandardActions.RunAsync(name, input, context, _services, cancellationToken).ConfigureAwait(false);
        if (depth < MaxAdHocDepth && await _adHoc.FindAsync(name, context.Namespace, cancellationToken).ConfigureAwait(false) is { } adHoc)
            return await AdHocActions.RunAsync(adHoc, input,
                (baseName, baseInput) => RunAsync(baseName, baseInput, context, depth + 1, cancellationToken)).ConfigureAwait(false);
        return ActionOutcome.Failed($"Failed to find action [action_name={name}, namespace={context.Namespace}]");
    }

    public void Dispose() => _services.Http.Dispose();
}
