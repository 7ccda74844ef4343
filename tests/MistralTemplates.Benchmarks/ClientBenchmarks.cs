using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// What the Mistral client costs on top of the HTTP call it makes, on a real server: each call done with a bare
/// <see cref="HttpClient"/> over the same socket handler, parsing the answer with <see cref="JsonDocument"/>
/// (the baseline of its category), and through <see cref="MistralClient"/> (typed records, quirk converters,
/// resilience pipeline, error mapping). Ratio is client time over raw time for the same call.
/// Needs a server: <c>MISTRAL_URL</c>, else http://127.0.0.1:8989.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ClientBenchmarks
{
    /// <summary>One page: fewer rows than the page size, so neither side is sent a <c>next</c> link to follow.</summary>
    private const int ListedExecutions = 100;

    private static readonly MediaTypeHeaderValue PlainText = new("text/plain") { CharSet = "utf-8" };

    private readonly string _workflowName = "bench_client_" + Guid.NewGuid().ToString("N")[..12];
    private HttpClient _raw = null!;
    private MistralClient _client = null!;
    private string _executionId = "";
    private string _definition = "";
    private Uri _workflowUri = null!;
    private Uri _executionUri = null!;
    private Uri _listUri = null!;
    private Uri _validateUri = null!;
    private ExecutionQuery _listQuery = null!;

    [GlobalSetup(Targets = [nameof(GetWorkflowRaw), nameof(GetWorkflowClient), nameof(GetExecutionRaw), nameof(GetExecutionClient),
        nameof(ValidateRaw), nameof(ValidateClient)])]
    public Task SetupAsync() => SetupAsync(executions: 1);

    [GlobalSetup(Targets = [nameof(ListExecutionsRaw), nameof(ListExecutionsClient)])]
    public Task SetupListAsync() => SetupAsync(executions: ListedExecutions);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await foreach (var execution in _client.Executions.ListAsync(new ExecutionQuery { WorkflowNames = [_workflowName], Fields = ["id"] }))
            await _client.Executions.DeleteAsync(execution.Id, force: true);
        await _client.Workflows.DeleteAsync(_workflowName);
        _client.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient"), BenchmarkCategory("GET workflow")]
    public async Task<string?> GetWorkflowRaw()
    {
        using var document = await GetJsonAsync(_workflowUri);
        return document.RootElement.GetProperty("name").GetString();
    }

    [Benchmark(Description = "MistralClient"), BenchmarkCategory("GET workflow")]
    public async Task<string> GetWorkflowClient() => (await _client.Workflows.GetAsync(_workflowName)).Name;

    [Benchmark(Baseline = true, Description = "raw HttpClient"), BenchmarkCategory("GET execution")]
    public async Task<string?> GetExecutionRaw()
    {
        using var document = await GetJsonAsync(_executionUri);
        return document.RootElement.GetProperty("state").GetString();
    }

    [Benchmark(Description = "MistralClient"), BenchmarkCategory("GET execution")]
    public async Task<ExecutionState> GetExecutionClient() => (await _client.Executions.GetAsync(_executionId)).State;

    [Benchmark(Baseline = true, Description = "raw HttpClient"), BenchmarkCategory("list 100 executions")]
    public async Task<int> ListExecutionsRaw()
    {
        using var document = await GetJsonAsync(_listUri);
        var count = 0;
        foreach (var _ in document.RootElement.GetProperty("executions").EnumerateArray()) count++;
        return count;
    }

    [Benchmark(Description = "MistralClient"), BenchmarkCategory("list 100 executions")]
    public Task<int> ListExecutionsClient() => MistralBenchServer.CountAsync(_client.Executions.ListAsync(_listQuery));

    [Benchmark(Baseline = true, Description = "raw HttpClient"), BenchmarkCategory("validate definition")]
    public async Task<bool> ValidateRaw()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(_definition));
        content.Headers.ContentType = PlainText;
        using var request = new HttpRequestMessage(HttpMethod.Post, _validateUri) { Content = content };
        using var document = await SendJsonAsync(request);
        return document.RootElement.GetProperty("valid").GetBoolean();
    }

    [Benchmark(Description = "MistralClient"), BenchmarkCategory("validate definition")]
    public async Task<bool> ValidateClient() => (await _client.Workflows.ValidateAsync(_definition)).IsValid;

    private async Task SetupAsync(int executions)
    {
        var endpoint = MistralBenchServer.Endpoint();
        await MistralBenchServer.RequireReachableAsync(endpoint);
        _raw = MistralBenchServer.RawHttpClient();
        _client = new MistralClient(new MistralClientOptions { Endpoint = endpoint });
        _definition = MistralBenchServer.EchoDefinition(_workflowName);
        await _client.Workflows.CreateAsync(_definition);
        var ids = await MistralBenchServer.StartExecutionsAsync(_client, _workflowName, executions, parallelism: 4);
        await MistralBenchServer.WaitUntilFinishedAsync(_client, _workflowName, TimeSpan.FromMinutes(2));
        _executionId = ids[0];

        // The raw calls go to the same URLs the client builds (see QueryString), so both sides get the same answer.
        var api = _client.Endpoint;
        _workflowUri = new Uri(api, "workflows/" + _workflowName);
        _executionUri = new Uri(api, "executions/" + _executionId);
        _listUri = new Uri(api, $"executions?workflow_name=in:{_workflowName}&limit={ListQuery.MaxPageSize}");
        _validateUri = new Uri(api, "workflows/validate");
        _listQuery = new ExecutionQuery { WorkflowNames = [_workflowName] };
    }

    private Task<JsonDocument> GetJsonAsync(Uri uri) => SendJsonAsync(new HttpRequestMessage(HttpMethod.Get, uri));

    private async Task<JsonDocument> SendJsonAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            return await JsonDocument.ParseAsync(stream);
        }
    }
}
