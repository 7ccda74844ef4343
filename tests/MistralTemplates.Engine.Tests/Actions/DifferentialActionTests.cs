using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Engine.Running;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests.Actions;

/// <summary>
/// Runs the same action with the same input through <c>POST /v2/action_executions</c> on the real server and through
/// the engine's catalog, and requires the same verdict: refused input with the same message, or the same state and
/// result (for failures, the error's text; exception texts are compared up to the action's Python object name).
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class DifferentialActionTests(MistralServer server, ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases(string url) => new()
    {
        { "std.echo", """{"output": {"a": [1, "two", 2.5, true, null]}}""" },
        { "std.echo", "{}" },
        { "std.echo", """{"output": 1, "x": 2}""" },
        { "std.noop", "{}" },
        { "std.noop", """{"a": 1}""" },
        { "std.fail", "{}" },
        { "std.fail", """{"error_data": {"a": 1}}""" },
        { "std.fail", """{"error_data": "text"}""" },
        { "std.sleep", """{"seconds": 0}""" },
        { "std.sleep", """{"seconds": "x"}""" },
        { "std.test_dict", """{"size": 3, "key_prefix": "k", "val": 7}""" },
        { "std.http", "{}" },
        { "std.http", """{"b": 1, "a": 2}""" },
        { "std.http", $$"""{"url": "{{url}}/json", "params": {"q": "a b"}, "headers": {"X-Test": "x"} }""" },
        { "std.http", $$"""{"url": "{{url}}/json", "method": "POST", "json": {"k": [1, 2]} }""" },
        { "std.http", $$"""{"url": "{{url}}/text"}""" },
        { "std.http", $$"""{"url": "{{url}}/missing"}""" },
        { "std.http", $$"""{"url": "{{url}}/redirect"}""" },
        { "std.http", """{"url": "http://127.0.0.1:1/"}""" },
        { "std.javascript", "{}" },
    };

    [MistralFact]
    public async Task Std_actions_agree_with_the_real_server()
    {
        using var http = new LoopbackHttpServer();
        using var client = new MistralClient(server.ClientOptions());
        using var catalog = new TempCatalog();
        var cases = Cases(http.Url("")).Select(row => ((string)row[0], (string)row[1])).ToList();
        var agreed = 0;
        var disagreements = new List<string>();
        foreach (var (name, input) in cases)
        {
            var real = await RealAsync(client, name, input);
            var embedded = Verdict(await catalog.RunAsync(name, input));
            if (real == embedded) agreed++;
            else disagreements.Add($"{name} {input}\n  server: {real}\n  engine: {embedded}");
        }
        output.WriteLine($"{agreed} of {cases.Count} agree");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [MistralFact]
    public async Task An_ad_hoc_action_agrees_with_the_real_server()
    {
        var name = MistralServer.UniqueName("adhoc_greet");
        var definition = $$$"""
            version: '2.0'
            {{{name}}}:
              base: std.echo
              base-input:
                output: "{{ _.first }} and {{ _.second }}"
              input:
                - first
                - second: two
            """;
        using var client = new MistralClient(server.ClientOptions());
        await client.Actions.CreateAsync(definition);
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync(name, definition);
        foreach (var input in new[] { """{"first": "one"}""", "{}", """{"first": 1, "x": 2}""", """{"first": 1, "second": [2]}""" })
            Assert.Equal(await RealAsync(client, name, input), Verdict(await catalog.RunAsync(name, input)));
    }

    [MistralFact]
    public async Task Mistral_http_sends_the_same_callback_headers_as_the_real_server()
    {
        using var http = new LoopbackHttpServer();
        using var client = new MistralClient(server.ClientOptions());
        var name = MistralServer.UniqueName("mistral_http");
        await client.Workflows.CreateAsync($$$"""
            version: '2.0'
            {{{name}}}:
              tasks:
                call:
                  action: std.mistral_http
                  input:
                    url: {{{http.Url("/json")}}}
            """);
        await client.Executions.CreateAsync(new ExecutionRequest { WorkflowName = name });
        var deadline = System.DateTime.UtcNow.AddSeconds(30);
        while (http.Received.IsEmpty && System.DateTime.UtcNow < deadline) await Task.Delay(100);
        var realHeaders = Assert.Single(http.Received).Headers.Keys.Where(k => k.StartsWith("Mistral-")).Order().ToList();

        using var catalog = new TempCatalog(new EngineOptions { CallbackUrl = new System.Uri("http://127.0.0.1:8989/") });
        Assert.True((await catalog.RunAsync("std.mistral_http", $$"""{"url": "{{http.Url("/json")}}"}""")).Pending);
        var engineHeaders = http.Received.Last().Headers.Keys.Where(k => k.StartsWith("Mistral-")).Order().ToList();
        Assert.Equal(realHeaders, engineHeaders);
    }

    private static async Task<string> RealAsync(MistralClient client, string name, string input)
    {
        try
        {
            var run = await client.ActionExecutions.RunAsync(new ActionRunRequest(name) { Input = (JsonObject)JsonNode.Parse(input)! });
            var result = ExpressionValues.FromJson(run.Output?["result"]);
            return run.State == ExecutionState.Success
                ? "ok " + ExpressionValues.ToJson(Comparable(result))?.ToJsonString()
                : "failed " + Normalize(ExpressionValues.Str(result));
        }
        catch (MistralException refused)
        {
            var text = refused.ServerMessage ?? refused.Message;
            var start = text.IndexOf("Invalid input", System.StringComparison.Ordinal);
            if (start < 0) start = text.IndexOf("Only one of", System.StringComparison.Ordinal);
            return "refused " + (start < 0 ? text : text[start..].TrimEnd('.', ' ', '"'));
        }
    }

    private static string Verdict(ActionOutcome outcome) =>
        outcome.InputRefused ? "refused " + outcome.Error
        : outcome.Succeeded ? "ok " + ExpressionValues.ToJson(Comparable(outcome.Result))?.ToJsonString()
        : "failed " + Normalize(outcome.Error ?? "");

    // What differs by nature between two runs: the time taken, dates, the server and the action's ids.
    private static object? Comparable(object? result)
    {
        if (result is not Dictionary<string, object?> map || !map.ContainsKey("elapsed")) return result;
        var copy = new Dictionary<string, object?>(map);
        copy.Remove("elapsed");
        copy.Remove("headers");
        return copy;
    }

    private static string Normalize(string error)
    {
        // An exception's text: keep the message, not the Python object's address or the action execution's id.
        var message = error.IndexOf("msg='", System.StringComparison.Ordinal);
        if (error.StartsWith("The action raised an exception") && message > 0)
        {
            var text = error[(message + 5)..];
            var colon = text.IndexOf(": ", System.StringComparison.Ordinal);
            return "raised " + (colon > 0 ? text[..colon] : text.TrimEnd(']', '\''));
        }
        // An HTTP error result: drop the headers and elapsed time.
        return System.Text.RegularExpressions.Regex.Replace(error, @"'headers': \{.*?\}, |, 'elapsed': [0-9.e-]+", "");
    }
}
