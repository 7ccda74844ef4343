using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Keeps a copy of every workflow and cron trigger POST that passes, so the floor can send the very same requests.
/// </summary>
internal sealed class RequestRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<RecordedRequest> _requests = [];

    public bool Recording { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Recording && request.Method == HttpMethod.Post && request.Content is { } content && request.RequestUri is { } uri &&
            (uri.AbsolutePath.EndsWith("/workflows", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith("/cron_triggers", StringComparison.Ordinal)))
        {
            // Buffered first, so the body can be read here and sent afterwards.
            await content.LoadIntoBufferAsync(cancellationToken);
            var body = await content.ReadAsStringAsync(cancellationToken);
            lock (_requests)
                _requests.Add(new RecordedRequest(uri.PathAndQuery, content.Headers.ContentType?.MediaType ?? "application/json", body));
        }
        return await base.SendAsync(request, cancellationToken);
    }
}

internal sealed record RecordedRequest(string PathAndQuery, string MediaType, string Body)
{
    public bool IsTrigger => PathAndQuery.Contains("/cron_triggers", StringComparison.Ordinal);
}

/// <summary>
/// The floor of a deploy and a destroy: the Mistral calls the stack itself needs and nothing else, made directly with
/// <see cref="HttpClient"/>. Deploy is one POST per workflow and one per cron trigger, the same requests (bodies, query,
/// content type) that <see cref="StackDeployer"/> sent in a recorded deploy, under another stack name; destroy is one
/// DELETE per trigger and per workflow. <paramref name="parallelism"/> pairs (a workflow, then its trigger) run at once.
/// </summary>
internal sealed class MistralFloor(HttpClient http, Uri api, IReadOnlyList<RecordedRequest> recorded, string recordedStack, int parallelism)
{
    /// <summary>Creates every workflow and trigger of <paramref name="stack"/>; returns what to delete, pair by pair.</summary>
    public async Task<IReadOnlyList<(string Workflow, string Trigger)>> DeployAsync(string stack)
    {
        var pairs = Pairs(stack);
        var made = new (string, string)[pairs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, token) =>
        {
            var workflow = await PostAsync(pairs[i].Workflow, token);
            var trigger = await PostAsync(pairs[i].Trigger, token);
            made[i] = (workflow["workflows"]![0]!["name"]!.GetValue<string>(), trigger["name"]!.GetValue<string>());
        });
        return made;
    }

    public async Task DestroyAsync(IReadOnlyList<(string Workflow, string Trigger)> made) =>
        await Parallel.ForEachAsync(made, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (pair, token) =>
        {
            // The trigger first: Mistral refuses to delete a workflow that a trigger uses.
            await DeleteAsync($"cron_triggers/{Uri.EscapeDataString(pair.Trigger)}", token);
            await DeleteAsync($"workflows/{Uri.EscapeDataString(pair.Workflow)}", token);
        });

    /// <summary>The recorded requests renamed for <paramref name="stack"/>, each trigger with the workflow it runs.</summary>
    private List<(RecordedRequest Workflow, RecordedRequest Trigger)> Pairs(string stack)
    {
        var renamed = recorded.Select(r => r with { Body = r.Body.Replace(recordedStack, stack, StringComparison.Ordinal) }).ToList();
        var workflows = renamed.Where(r => !r.IsTrigger).ToList();
        var pairs = renamed.Where(r => r.IsTrigger).Select(trigger =>
        {
            var workflow = JsonNode.Parse(trigger.Body)!["workflow_name"]!.GetValue<string>();
            // A definition names its workflow as a mapping key, plain or quoted.
            var definition = workflows.FirstOrDefault(w => w.Body.Contains(workflow + ":", StringComparison.Ordinal) ||
                                                           w.Body.Contains($"\"{workflow}\":", StringComparison.Ordinal))
                             ?? throw new InvalidOperationException($"The recorded deploy made no workflow {workflow} for its trigger.");
            return (definition, trigger);
        }).ToList();
        if (pairs.Count != workflows.Count)
            throw new InvalidOperationException($"The recorded deploy made {workflows.Count} workflows and {pairs.Count} triggers; the floor pairs them one to one.");
        return pairs;
    }

    private async Task<JsonNode> PostAsync(RecordedRequest request, CancellationToken token)
    {
        using var content = new StringContent(request.Body, Encoding.UTF8, new MediaTypeHeaderValue(request.MediaType));
        using var response = await http.PostAsync(new Uri(api, request.PathAndQuery), content, token);
        var body = await response.Content.ReadAsStringAsync(token);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"floor: POST {request.PathAndQuery} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task DeleteAsync(string relative, CancellationToken token)
    {
        using var response = await http.DeleteAsync(new Uri(api, relative), token);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"floor: DELETE {relative} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
    }
}
