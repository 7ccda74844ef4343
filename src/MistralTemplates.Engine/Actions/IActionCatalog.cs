using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

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
    /// True when <paramref name="name"/> names an action visible from <paramref name="namespace"/>. It may read the
    /// database, so it is not called from inside a database transaction.
    /// </summary>
    bool Exists(string name, string @namespace);

    /// <summary>
    /// Runs the action with its evaluated input. Failures of the action are an <see cref="ActionOutcome"/> with
    /// the server's message, not exceptions; only cancellation throws.
    /// </summary>
    Task<ActionOutcome> RunAsync(string name, IReadOnlyDictionary<string, object?> input, ActionContext context, CancellationToken cancellationToken);
}

/// <summary>The std actions that need nothing outside the process, for code that has no engine database.</summary>
internal sealed class StandardActionCatalog : IActionCatalog
{
    public bool Exists(string name, string @namespace) => StandardActions.Exists(name);

    public Task<ActionOutcome> RunAsync(string name, IReadOnlyDictionary<string, object?> input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StandardActions.Run(name, input, context.ActionExecutionId));
}
