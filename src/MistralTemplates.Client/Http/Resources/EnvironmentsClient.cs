using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http.Json;

namespace MistralTemplates.Mistral.Http.Resources;

internal sealed class EnvironmentsClient(MistralTransport transport) : IEnvironments
{
    private const string Path = "environments";

    public async Task<MistralEnvironment> CreateAsync(EnvironmentRequest request, CancellationToken cancellationToken)
    {
        var call = new MistralCall(HttpMethod.Post, Path, Body: Body(request), Repeatable: true);
        try
        {
            return await transport.SendAsync(call, MistralJsonContext.Default.MistralEnvironment, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException conflict) when (conflict.Attempts > 1)
        {
            var existing = await GetAsync(request.Name, cancellationToken).ConfigureAwait(false);
            return existing.Description == request.Description && JsonNode.DeepEquals(existing.Variables, request.Variables)
                ? existing
                : throw RetriedCreate.Different(conflict, $"environment '{request.Name}'", existing);
        }
    }

    public Task<MistralEnvironment> GetAsync(string name, CancellationToken cancellationToken) =>
        transport.SendAsync(MistralCall.Get(Path + "/" + Segment.Of(name)), MistralJsonContext.Default.MistralEnvironment, cancellationToken);

    public IAsyncEnumerable<MistralEnvironment> ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
        transport.ListAsync(Path, "environments", QueryString.From(query), QueryString.PageSize(query),
            MistralJsonContext.Default.ListMistralEnvironment, cancellationToken);

    public Task<MistralEnvironment> UpdateAsync(EnvironmentRequest request, CancellationToken cancellationToken) =>
        transport.SendAsync(new MistralCall(HttpMethod.Put, Path, Body: Body(request), Repeatable: true),
            MistralJsonContext.Default.MistralEnvironment, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        transport.DeleteAsync(MistralCall.Delete(Path + "/" + Segment.Of(name)), cancellationToken);

    private static HttpContent Body(EnvironmentRequest request) =>
        Bodies.JsonOf(new EnvironmentBody(request.Name, request.Description, request.Variables), MistralJsonContext.Default.EnvironmentBody);
}
