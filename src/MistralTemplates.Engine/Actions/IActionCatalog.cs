using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Engine.Actions;

/// <summary>Where an action runs: the ids an action such as std.mistral_http or a host action may need.</summary>
internal sealed record ActionContext(
    string ActionExecutionId, string? TaskExecutionId, string? WorkflowExecutionId, string? WorkflowName, string Namespace);

/// <summary>
/// Every action a task or a direct action run can name: std actions, ad-hoc actions and actions the host
/// registers. Workflow runs and action executions reach actions only through this.
/// </summary>
internal interface IActionCatalog
{
    /// <summary>
    /// True when <paramref name="name"/> names an action visible from <paramref name="namespace"/>, read inside the
    /// caller's <paramref name="transaction"/>: a step or a start holds the database, and a lookup that queued work of
    /// its own would wait behind itself for ever.
    /// </summary>
    bool Exists(string name, string @namespace, SqliteTransaction transaction);

    /// <summary>As <see cref="Exists"/>, for a caller outside any transaction: the read waits its turn asynchronously.</summary>
    Task<bool> ExistsAsync(string name, string @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the action with its evaluated input. Failures of the action are an <see cref="ActionOutcome"/> with
    /// the server's message, not exceptions; only cancellation throws.
    /// </summary>
    Task<ActionOutcome> RunAsync(string name, IReadOnlyDictionary<string, object?> input, ActionContext context, CancellationToken cancellationToken);
}

/// <summary>The std actions that need nothing outside the process, for code that has no engine database.</summary>
internal sealed class StandardActionCatalog : IActionCatalog
{
    public bool Exists(string name, string @namespace, SqliteTransaction transaction) => StandardActions.Exists(name);

    public Task<bool> ExistsAsync(string name, string @namespace, CancellationToken cancellationToken) =>
        Task.FromResult(StandardActions.Exists(name));

    public Task<ActionOutcome> RunAsync(string name, IReadOnlyDictionary<string, object?> input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StandardActions.Run(name, input, context.ActionExecutionId));
}
