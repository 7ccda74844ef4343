using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MistralTemplates.Engine.Tests.Actions;

public sealed class HttpActionTests
{
    [Fact]
    public async Task A_get_gives_the_parsed_json_content_status_and_headers()
    {
        using var server = new LoopbackHttpServer();
        using var catalog = new TempCatalog();
        var outcome = await catalog.RunAsync("std.http",
            $$"""{"url": "{{server.Url("/json")}}", "params": {"q": "a b", "n": 2}, "headers": {"X-Test": 7}, "auth": "ann:secret"}""");
        Assert.True(outcome.Succeeded, outcome.Error);
        var result = Assert.IsType<Dictionary<string, object?>>(outcome.Result);
        Assert.Equal(200L, result["status"]);
        Assert.Equal("OK", result["reason"]);
        var content = Assert.IsType<Dictionary<string, object?>>(result["content"]);
        Assert.Equal("GET", content["method"]);
        Assert.Equal("/json?q=a+b&n=2", content["path"]);
        Assert.Equal("7", content["x_test"]);
        Assert.Equal("Basic YW5uOnNlY3JldA==", content["authorization"]);
        Assert.Equal("application/json", ((Dictionary<string, object?>)result["headers"]!)["Content-Type"]);
        Assert.Equal(server.Url("/json?q=a+b&n=2"), result["url"]);
        Assert.IsType<double>(result["elapsed"]);
    }

    [Fact]
    public async Task A_post_sends_json_or_a_body()
    {
        using var server = new LoopbackHttpServer();
        using var catalog = new TempCatalog();
        var json = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/json")}}", "method": "post", "json": {"a": [1, 2]} }""");
        Assert.True(json.Succeeded, json.Error);
        Assert.Equal("""{"a": [1, 2]}""", ((Dictionary<string, object?>)((Dictionary<string, object?>)json.Result!)["content"]!)["body"]);
        Assert.Equal("application/json", server.Received.Last().Headers["Content-Type"]);

        var body = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/json")}}", "method": "PUT", "body": "raw text"}""");
        Assert.Equal("raw text", ((Dictionary<string, object?>)((Dictionary<string, object?>)body.Result!)["content"]!)["body"]);

        var both = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/json")}}", "body": "a", "json": {"a": 1} }""");
        Assert.Equal("Only one of the parameters 'json' and 'body' can be passed", both.Error);
    }

    [Fact]
    public async Task A_text_answer_stays_text()
    {
        using var server = new LoopbackHttpServer();
        using var catalog = new TempCatalog();
        var outcome = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/text")}}"}""");
        var result = (Dictionary<string, object?>)outcome.Result!;
        Assert.Equal("plain words", result["content"]);
        Assert.Equal("utf-8", result["encoding"]);
    }

    [Fact]
    public async Task A_404_fails_the_action_with_the_result_as_its_error()
    {
        using var server = new LoopbackHttpServer();
        using var catalog = new TempCatalog();
        var outcome = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/missing")}}"}""");
        Assert.False(outcome.Succeeded);
        Assert.False(outcome.InputRefused);
        Assert.StartsWith("{'content': 'nothing here', 'status': 404, 'headers': {", outcome.Error);
    }

    [Fact]
    public async Task Redirects_are_followed_only_when_allowed()
    {
        using var server = new LoopbackHttpServer();
        using var catalog = new TempCatalog();
        var kept = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/redirect")}}"}""");
        Assert.True(kept.Succeeded, kept.Error);
        Assert.Equal(302L, ((Dictionary<string, object?>)kept.Result!)["status"]);
        var followed = await catalog.RunAsync("std.http", $$"""{"url": "{{server.Url("/redirect")}}", "allow_redirects": true}""");
        Assert.Equal(200L, ((Dictionary<string, object?>)followed.Result!)["status"]);
    }

    [Fact]
    public async Task A_refused_connection_fails_the_action()
    {
        using var catalog = new TempCatalog();
        var outcome = await catalog.RunAsync("std.http", """{"url": "http://127.0.0.1:1/"}""");
        Assert.False(outcome.Succeeded);
        Assert.StartsWith("The action raised an exception [action=<mistral.actions.std_actions.HTTPAction object>, action_ex_id=action-1, msg='Failed to send HTTP request: ", outcome.Error);
    }

    [Fact]
    public async Task Mistral_http_sends_the_callback_headers_and_completes_later()
    {
        using var server = new LoopbackHttpServer();
        using var catalog = new TempCatalog(new EngineOptions { CallbackUrl = new System.Uri("http://engine.local/") });
        var outcome = await catalog.RunAsync("std.mistral_http", $$"""{"url": "{{server.Url("/json")}}"}""");
        Assert.True(outcome.Pending, outcome.Error);
        var headers = server.Received.Single().Headers;
        Assert.Equal("wf_name", headers["Mistral-Workflow-Name"]);
        Assert.Equal("execution-1", headers["Mistral-Workflow-Execution-Id"]);
        Assert.Equal("task-1", headers["Mistral-Task-Id"]);
        Assert.Equal("action-1", headers["Mistral-Action-Execution-Id"]);
        Assert.Equal("http://engine.local/v2/action_executions/action-1", headers["Mistral-Callback-URL"]);
    }
}
