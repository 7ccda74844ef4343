using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.State;

/// <summary>
/// The environments of the caller's own project. Mistral shows every project the <c>public</c> environments of the
/// others, and its names are unique only within a project, so another project's public environment named like a stack's
/// record or lock would otherwise be listed, and could be read, as this project's. The store writes private
/// environments only, so a public one is never its own.
/// </summary>
internal sealed class PrivateEnvironments(IEnvironments inner) : IEnvironments
{
    /// <summary>Mistral's scope of an environment every project sees.</summary>
    public const string PublicScope = "public";

    public Task<MistralEnvironment> CreateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(request, cancellationToken);

    public async Task<MistralEnvironment> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var found = await inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (found.Scope != PublicScope) return found;
        // Mistral answered with another project's public environment of that name; this project's may exist beside it.
        var query = new ListQuery().Where("name", FilterOperator.Eq, name).Where("scope", FilterOperator.Eq, "private");
        await foreach (var own in inner.ListAsync(query, cancellationToken).ConfigureAwait(false))
            if (own.Name == name && own.Scope != PublicScope) return own;
        throw new MistralNotFoundException($"This project has no environment '{name}' (another project's public one has that name).",
            HttpMethod.Get, "environments/" + name, System.Net.HttpStatusCode.NotFound, null);
    }

    public async IAsyncEnumerable<MistralEnvironment> ListAsync(ListQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The scope must come back to be checked.
        if (query?.Fields is { } fields && !fields.Contains("scope")) query = query with { Fields = [.. fields, "scope"] };
        await foreach (var environment in inner.ListAsync(query, cancellationToken).ConfigureAwait(false))
            if (environment.Scope != PublicScope) yield return environment;
    }

    public Task<MistralEnvironment> UpdateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(request, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
}
