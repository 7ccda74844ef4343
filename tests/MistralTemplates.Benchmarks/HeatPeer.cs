using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Benchmarks;

/// <summary>
/// OpenStack Heat's REST API (v1, project URL such as <c>http://127.0.0.1:8004/v1/admin</c>, no token needed
/// behind noauth) for side-by-side measurements: create and delete a stack and wait for it as a Heat user would,
/// polling the stack every 100 ms, and read a resource attribute.
/// </summary>
internal sealed class HeatPeer(Uri projectUrl) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private readonly HttpClient _http = new(PrimaryHandler.Create()) { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _base = projectUrl.ToString().TrimEnd('/');

    /// <summary>Creates a stack and waits until it is CREATE_COMPLETE; returns its id.</summary>
    public async Task<string> CreateAsync(string name, string template)
    {
        // With a length, not chunked: Heat's WSGI server refuses chunked bodies as malformed.
        using var content = new StringContent(new JsonObject { ["stack_name"] = name, ["template"] = template, ["timeout_mins"] = 30 }.ToJsonString(),
            Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"{_base}/stacks", content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Heat refused stack {name}: {(int)response.StatusCode} {body}");
        var id = JsonNode.Parse(body)!["stack"]!["id"]!.GetValue<string>();
        await WaitAsync(name, id, "CREATE_COMPLETE");
        return id;
    }

    public async Task DeleteAsync(string name, string id)
    {
        using var response = await _http.DeleteAsync($"{_base}/stacks/{name}/{id}");
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Heat refused to delete {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await WaitAsync(name, id, "DELETE_COMPLETE");
    }

    /// <summary>The id of the stack named <paramref name="name"/>, or null.</summary>
    public async Task<string?> FindAsync(string name)
    {
        var stacks = JsonNode.Parse(await _http.GetStringAsync($"{_base}/stacks?name={Uri.EscapeDataString(name)}"))!["stacks"]!.AsArray();
        return stacks.Select(s => s!["id"]!.GetValue<string>()).FirstOrDefault();
    }

    /// <summary><c>GET .../resources/NAME[?with_attr=ATTRIBUTE]</c>: the resource as Heat shows it.</summary>
    public async Task<JsonObject> ResourceAsync(string name, string id, string resource, string? attribute = null)
    {
        var query = attribute is null ? "" : $"?with_attr={attribute}";
        return JsonNode.Parse(await _http.GetStringAsync($"{_base}/stacks/{name}/{id}/resources/{resource}{query}"))!["resource"]!.AsObject();
    }

    private async Task WaitAsync(string name, string id, string goal)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            using var response = await _http.GetAsync($"{_base}/stacks/{name}/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound && goal == "DELETE_COMPLETE") return;
            var stack = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["stack"]!;
            var status = stack["stack_status"]!.GetValue<string>();
            if (status == goal) return;
            if (!status.EndsWith("IN_PROGRESS", StringComparison.Ordinal))
                throw new InvalidOperationException($"Heat stack {name}: {status} ({stack["stack_status_reason"]})");
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"Heat stack {name} not {goal} after {Deadline.TotalMinutes} minutes.");
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// Counts the Mistral calls Heat makes, from the log of a proxy between Heat and Mistral that writes one line per
/// request (such as the servers kit's logging-proxy.py). The proxy writes a line after answering, so a count waits
/// until the log has stopped growing for a moment.
/// </summary>
internal sealed class ProxyLog(string path)
{
    // The proxy creates its log with the first request it answers.
    public int Mark() => File.Exists(path) ? File.ReadLines(path).Count() : 0;

    public async Task<int> CountSinceAsync(int mark)
    {
        var last = -1;
        var steady = Stopwatch.StartNew();
        var bound = Stopwatch.StartNew();
        while (bound.Elapsed < TimeSpan.FromSeconds(10))
        {
            var count = Mark() - mark;
            if (count != last) (last, steady) = (count, Stopwatch.StartNew());
            else if (steady.Elapsed > TimeSpan.FromMilliseconds(400)) break;
            await Task.Delay(50);
        }
        return last;
    }
}
