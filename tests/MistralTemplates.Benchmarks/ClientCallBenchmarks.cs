using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// Pairs of the same Mistral call: with a bare <see cref="HttpClient"/> parsing the answer with
/// <see cref="JsonDocument"/> (the baseline of its category), and through <see cref="MistralClient"/> (typed records,
/// quirk converters, resilience pipeline, error mapping). Subclasses say where the answers come from.
/// </summary>
public abstract class ClientCallBenchmarks
{
    /// <summary>Fewer rows than the client's page size, so both sides get one page and no <c>next</c> link.</summary>
    protected const int ListedExecutions = 100;

    private static readonly MediaTypeHeaderValue PlainText = new("text/plain") { CharSet = "utf-8" };

    private HttpClient _raw = null!;
    private MistralClient _client = null!;
    private string _workflowName = "";
    private string _executionId = "";
    private string _definition = "";
    private Uri _workflowUri = null!;
    private Uri _executionUri = null!;
    private Uri _listUri = null!;
    private Uri _validateUri = null!;
    private ExecutionQuery _listQuery = null!;

    protected MistralClient Client => _client;

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
        return document.RootElement.GetProperty("executions").GetArrayLength();
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

    /// <summary>Points both sides at the same objects. The raw URLs are the ones the client builds (see QueryString).</summary>
    protected void Use(HttpClient raw, MistralClient client, string workflowName, string executionId)
    {
        _raw = raw;
        _client = client;
        _workflowName = workflowName;
        _executionId = executionId;
        _definition = MistralBenchServer.EchoDefinition(workflowName);
        var api = client.Endpoint!; // given explicitly, so known from the start
        _workflowUri = new Uri(api, "workflows/" + workflowName);
        _executionUri = new Uri(api, "executions/" + executionId);
        _listUri = new Uri(api, $"executions?workflow_name=in:{workflowName}&limit={ListQuery.MaxPageSize}");
        _validateUri = new Uri(api, "workflows/validate");
        _listQuery = new ExecutionQuery { WorkflowNames = [workflowName] };
    }

    protected void DisposeClients()
    {
        _client.Dispose();
        _raw.Dispose();
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
