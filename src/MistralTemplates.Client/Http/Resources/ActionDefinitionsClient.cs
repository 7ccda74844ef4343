using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class ActionDefinitionsClient(MistralTransport transport) : IActionDefinitions
{
    private const string Path = "actions";

    public async Task<IReadOnlyList<ActionDefinition>> CreateAsync(string definition, string? @namespace, CancellationToken cancellationToken)
    {
        var call = new MistralCall(HttpMethod.Post, Path, QueryString.ForNamespace(@namespace), Bodies.Definition(definition), Repeatable: true);
        try
        {
            return await transport.ListAnswerAsync(call, "actions", MistralJsonContext.Default.ListActionDefinition, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException conflict) when (conflict.Attempts > 1)
        {
            return await RetriedCreate.ResolveDeclarationsAsync(conflict, "action", definition,
                name => GetAsync(name, @namespace, cancellationToken), a => a.Definition).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<ActionDefinition>> UpdateAsync(string definition, string? @namespace, CancellationToken cancellationToken) =>
        transport.ListAnswerAsync(new MistralCall(HttpMethod.Put, Path, QueryString.ForNamespace(@namespace), Bodies.Definition(definition), Repeatable: true),
            "actions", MistralJsonContext.Default.ListActionDefinition, cancellationToken);

    public Task<ActionDefinition> GetAsync(string name, string? @namespace, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(name), QueryString.ForNamespace(@namespace)),
            MistralJsonContext.Default.ActionDefinition, cancellationToken);

    public IAsyncEnumerable<ActionDefinition> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "actions", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListActionDefinition, cancellationToken);

    public Task DeleteAsync(string name, string? @namespace, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(name), QueryString.ForNamespace(@namespace)), cancellationToken);

    public Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken) =>
        transport.ValidateAsync(Path, definition, cancellationToken);
}
