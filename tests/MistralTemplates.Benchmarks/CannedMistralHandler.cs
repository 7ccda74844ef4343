using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Answers the four benchmarked calls in memory with bodies shaped exactly like Mistral 15's (JSON fields as JSON
/// strings, zone-less timestamps), so the client's own cost can be measured without a server's noise.
/// </summary>
internal sealed class CannedMistralHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly byte[] _workflow;
    private readonly byte[] _execution;
    private readonly byte[] _list;
    private readonly byte[] _valid = Encoding.UTF8.GetBytes("""{"valid": true}""");

    public CannedMistralHandler(string workflowName, string executionId, int listed)
    {
        const string workflowId = "81e753e9-227c-47cb-aab7-64a6e857a967";
        var definition = MistralBenchServer.EchoDefinition(workflowName).Replace("\n", "\\n", StringComparison.Ordinal);
        _workflow = Encoding.UTF8.GetBytes($$"""
            {"id": "{{workflowId}}", "name": "{{workflowName}}", "namespace": "", "input": "n", "interface": "{\"input\": [\"n\"], \"output\": []}", "definition": "{{definition}}", "tags": [], "scope": "private", "project_id": "<default-project>", "created_at": "2026-11-27 16:46:07", "updated_at": null}
            """);
        _execution = Encoding.UTF8.GetBytes(Execution(executionId, workflowId, workflowName, 0, withOutput: true));
        var items = Enumerable.Range(0, listed).Select(i => Execution(Guid.NewGuid().ToString(), workflowId, workflowName, i, withOutput: false));
        _list = Encoding.UTF8.GetBytes("""{"executions": [""" + string.Join(", ", items) + "]}");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = (request.Method.Method, path) switch
        {
            ("POST", _) when path.EndsWith("/workflows/validate", StringComparison.Ordinal) => _valid,
            ("GET", _) when path.StartsWith("/v2/workflows/", StringComparison.Ordinal) => _workflow,
            ("GET", "/v2/executions") => _list,
            ("GET", _) when path.StartsWith("/v2/executions/", StringComparison.Ordinal) => _execution,
            _ => throw new InvalidOperationException($"No canned answer for {request.Method} {request.RequestUri}."),
        };
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }

    private static string Execution(string id, string workflowId, string workflowName, int n, bool withOutput) => $$$"""
        {"id": "{{{id}}}", "workflow_id": "{{{workflowId}}}", "workflow_name": "{{{workflowName}}}", "workflow_namespace": "", "description": "", "tags": [], "params": "{\"namespace\": \"\", \"env\": {}}", "task_execution_id": null, "root_execution_id": null, "state": "SUCCESS", "state_info": null, "input": "{\"n\": {{{n}}}}", {{{(withOutput ? "\"output\": \"{}\", \"published_global\": \"{}\", " : "")}}}"created_at": "2026-11-27 16:46:08", "updated_at": "2026-11-27 16:46:09", "project_id": "<default-project>"}
        """;
}
