using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;

namespace MistralTemplates;

/// <summary>An execution started through the typed API: what the start returned, and a way to wait for its end.</summary>
public sealed class WorkflowRun
{
    /// <summary>How long <see cref="WaitAsync"/> waits when not told.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private readonly StackTarget _target;

    internal WorkflowRun(StackTarget target, WorkflowExecution started)
    {
        _target = target;
        Started = started;
    }

    /// <summary>The execution as the start returned it (usually <c>RUNNING</c>).</summary>
    public WorkflowExecution Started { get; }

    public string Id => Started.Id;

    /// <summary>The execution as it is now.</summary>
    public async Task<WorkflowExecution> GetAsync(CancellationToken cancellationToken = default) =>
        WorkflowExecution.From(await _target.Service.Executions.GetAsync(Id, cancellationToken).ConfigureAwait(false));

    /// <summary>Waits until the execution completes (success, error or cancelled) and returns it; an error is a result, not an exception.</summary>
    /// <exception cref="TimeoutException">It did not complete within <paramref name="timeout"/> (10 minutes when null); it keeps running.</exception>
    public async Task<WorkflowExecution> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        try
        {
            var done = await new Signals(_target.Service, _target.State).WaitAsync(Id, limit, cancellationToken).ConfigureAwait(false);
            return WorkflowExecution.From(done);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Execution {Id} of {Started.WorkflowName} did not complete within {limit}; it is still running.");
        }
    }

    public override string ToString() => $"{Id} ({Started.WorkflowName})";
}
