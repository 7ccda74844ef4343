using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.State;

namespace MistralTemplates.Deployment;

/// <summary>
/// Reading a stack that must exist, and the error when it does not. On a store that is one project's (a Mistral behind
/// Keystone) the error names the project: the stack may well exist in another one, and the fix is then to sign in there.
/// </summary>
internal static class MissingStack
{
    /// <summary>The stack's record; a <see cref="DeploymentException"/> that says where it was looked for when there is none.</summary>
    /// <param name="where">Where the stack was looked for, for a store without projects, e.g. <c> on Mistral at ...</c>.</param>
    public static async Task<StackRecord> GetExistingAsync(this IStackStateStore store, string stackName, CancellationToken cancellationToken,
        string where = "")
    {
        return await store.GetAsync(stackName, cancellationToken).ConfigureAwait(false)
               ?? throw await ErrorAsync(store, stackName, "deploy it first.", where, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The error for a stack the store does not hold, ending with <paramref name="next"/> (what to do about it).</summary>
    public static async Task<DeploymentException> ErrorAsync(IStackStateStore store, string stackName, string next, string where,
        CancellationToken cancellationToken)
    {
        var project = await store.GetProjectNameAsync(cancellationToken).ConfigureAwait(false);
        return project is null
            ? new DeploymentException(stackName, $"there is no such stack{where}; {next}", [])
            : new DeploymentException(stackName, $"no such stack '{stackName}' in project {project}; {next}",
                ["a stack belongs to the project of the token that deployed it: sign in to that project to reach it"]);
    }
}
