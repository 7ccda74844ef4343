using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class WorkbooksClient(MistralTransport transport) : IWorkbooks
{
    private const string Path = "workbooks";

    public async Task<Workbook> CreateAsync(string definition, string? @namespace, CancellationToken cancellationToken)
    {
        var call = new MistralCall(HttpMethod.Post, Path, QueryString.ForNamespace(@namespace), Bodies.Definition(definition), Repeatable: true);
        try
        {
            return await transport.SendAsync(call, MistralJsonContext.Default.Workbook, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException conflict) when (conflict.Attempts > 1)
        {
            var asked = DefinitionComparison.Read(definition);
            var name = asked?["name"]?.GetValue<string>();
            if (asked is null || name is null) throw;
            var existing = await GetAsync(name, @namespace, cancellationToken).ConfigureAwait(false);
            return JsonNode.DeepEquals(asked, DefinitionComparison.Read(existing.Definition))
                ? existing
                : throw RetriedCreate.Different(conflict, $"workbook '{name}'", existing);
        }
    }

    public Task<Workbook> UpdateAsync(string definition, string? @namespace, CancellationToken cancellationToken) =>
        transport.SendAsync(new MistralCall(HttpMethod.Put, Path, QueryString.ForNamespace(@namespace), Bodies.Definition(definition), Repeatable: true),
            MistralJsonContext.Default.Workbook, cancellationToken);

    public Task<Workbook> GetAsync(string name, string? @namespace, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(name), QueryString.ForNamespace(@namespace)),
            MistralJsonContext.Default.Workbook, cancellationToken);

    public IAsyncEnumerable<Workbook> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "workbooks", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListWorkbook, cancellationToken);

    public Task DeleteAsync(string name, string? @namespace, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(name), QueryString.ForNamespace(@namespace)), cancellationToken);

    public Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken) =>
        transport.ValidateAsync(Path, definition, cancellationToken);
}
