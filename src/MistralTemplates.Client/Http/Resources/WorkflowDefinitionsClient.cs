using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class WorkflowDefinitionsClient(MistralTransport transport) : IWorkflowDefinitions
{
    private const string Path = "workflows";

    public async Task<IReadOnlyList<WorkflowDefinition>> CreateAsync(string definition, string? @namespace, CancellationToken cancellationToken)
    {
        var call = new MistralCall(HttpMethod.Post, Path, QueryString.ForNamespace(@namespace), Bodies.Definition(definition), Repeatable: true);
        try
        {
            return await transport.ListAnswerAsync(call, "workflows", MistralJsonContext.Default.ListWorkflowDefinition, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException conflict) when (conflict.Attempts > 1)
        {
            return await RetriedCreate.ResolveDeclarationsAsync(conflict, "workflow", definition,
                name => GetAsync(name, @namespace, cancellationToken), w => w.Definition).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<WorkflowDefinition>> UpdateAsync(string definition, string? @namespace, CancellationToken cancellationToken) =>
        transport.ListAnswerAsync(new MistralCall(HttpMethod.Put, Path, QueryString.ForNamespace(@namespace), Bodies.Definition(definition), Repeatable: true),
            "workflows", MistralJsonContext.Default.ListWorkflowDefinition, cancellationToken);

    public Task<WorkflowDefinition> GetAsync(string name, string? @namespace, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(name), QueryString.ForNamespace(@namespace)),
            MistralJsonContext.Default.WorkflowDefinition, cancellationToken);

    public IAsyncEnumerable<WorkflowDefinition> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "workflows", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListWorkflowDefinition, cancellationToken);

    public Task DeleteAsync(string name, string? @namespace, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(name), QueryString.ForNamespace(@namespace)), cancellationToken);

    public Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken) =>
        transport.ValidateAsync(Path, definition, cancellationToken);
}
