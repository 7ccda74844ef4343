using System;
using System.Collections.Generic;

namespace MistralTemplates.Deployment;

/// <summary>
/// A deploy, plan or destroy that could not go ahead or did not finish. <see cref="Problems"/> lists what to fix
/// (template errors with their place, parameters, refusals of the service); the message sums them up.
/// </summary>
public sealed class DeploymentException : Exception
{
    public DeploymentException(string stackName, string summary, IReadOnlyList<string> problems, Exception? inner = null)
        : base($"{stackName}: {summary}" + (problems.Count == 0 ? "" : Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems)), inner)
    {
        StackName = stackName;
        Problems = problems;
    }

    public string StackName { get; }

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>One step of a deploy or destroy, for progress displays.</summary>
public sealed record ResourceEvent(string Resource, string Type, ChangeKind Change, ResourceEventPhase Phase, TimeSpan Elapsed, string? Detail = null);

public enum ResourceEventPhase
{
    Started,
    Completed,
    Failed,
    /// <summary>Planned, not started: it waits for what it depends on, or for a free slot.</summary>
    Waiting,
}
