using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Tests.Embedded;
using MistralTemplates.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MistralTemplates.Tests.Webhooks;

/// <summary>
/// What the gateway refuses before a signal starts, in front of the embedded engine: bodies that are not JSON, URLs
/// that are not signed (alike for stacks that exist and stacks that do not), and deliveries over the rate limit.
/// </summary>
public sealed class EmbeddedGatewayGuardTests : IAsyncLifetime
{
    private const string Stack = "guarded";
    private const string Template = """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                noop:
                  tasks:
                    t:
                      action: std.noop
          other:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                other:
                  tasks:
                    t:
                      action: std.noop
        """;

    private readonly TempStateFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly LogLines _log = new();
    private StackTarget _target = null!;
    private WebApplication _gateway = null!;
    private string _url = null!;
    private string _otherUrl = null!;

    /// <summary>The limit the gateway is started with.</summary>
    private const int PerMinute = 2;

    public async Task InitializeAsync()
    {
        _target = StackTarget.Embedded(_folder.Path);
        _gateway = SignalGateway.Create(_target.Service, _target.State,
            new SignalGatewayOptions { Urls = ["http://127.0.0.1:0"], MaxSignalsPerMinute = PerMinute }, logging => logging.AddProvider(_log));
        await _gateway.StartAsync();
        var deployer = new StackDeployer(_target.Service, _target.State);
        await deployer.DeployAsync(new StackTemplate("guarded.yaml", Template), Stack, new Dictionary<string, string>(),
            new DeployOptions { PublicUrl = new Uri(_gateway.Urls.Single()) });
        _url = (await deployer.GetAttributeAsync(Stack, "workflow", "alarm_url"))!.GetValue<string>();
        _otherUrl = (await deployer.GetAttributeAsync(Stack, "other", "alarm_url"))!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _target.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    private async Task<int> ExecutionCountAsync()
    {
        var count = 0;
        await foreach (var _ in _target.Service.Executions.ListAsync(new ExecutionQuery())) count++;
        return count;
    }

    private async Task<(int Status, string Body, HttpResponseMessage Response)> PostAsync(string url, string body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await _http.PostAsync(url, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonp")]
    public async Task A_body_not_sent_as_json_is_refused_with_415_and_starts_nothing(string? contentType)
    {
        var (status, body, _) = await PostAsync(_url, "{}", contentType);

        Assert.Equal(415, status);
        Assert.Contains("application/json", body);
        Assert.Equal(0, await ExecutionCountAsync());
        Assert.Contains(_log.All, line => line.Contains("-> 415", StringComparison.Ordinal) && line.Contains("refused: content type", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task Json_with_or_without_a_charset_is_taken(string contentType)
    {
        Assert.Equal(202, (await PostAsync(_url, "{}", contentType)).Status);
        Assert.Equal(1, await ExecutionCountAsync());
    }

    [Fact]
    public async Task A_bad_signature_gets_the_same_answer_for_a_real_stack_and_an_unknown_one()
    {
        var signature = System.Web.HttpUtility.ParseQueryString(new Uri(_url).Query)["signature"]!;
        var forged = signature[..10] + (signature[10] == 'A' ? 'B' : 'A') + signature[11..];
        var real = _url.Replace(signature, forged, StringComparison.Ordinal);
        var unknown = real.Replace($"/{Stack}/", "/nosuchstack/", StringComparison.Ordinal);
        var unknownWithRealSignature = _url.Replace($"/{Stack}/", "/nosuchstack/", StringComparison.Ordinal);

        var answers = new List<(int Status, string Body)>();
        foreach (var url in new[] { real, unknown, unknownWithRealSignature, _url + "=", unknown + "=", _url.Split('?')[0], unknown.Split('?')[0] })
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body, _) = await PostAsync(url, "{}");
            // However quickly the lookup answered, a refusal takes the gateway's minimum, so its time tells nothing.
            Assert.True(Stopwatch.GetElapsedTime(started) >= new SignalGatewayOptions().MinimumRefusalTime, $"{url} refused sooner than the minimum");
            answers.Add((status, body));
        }

        Assert.All(answers, answer => Assert.Equal((403, """{"error":"the signal URL is not valid."}"""), answer));
        Assert.Equal(0, await ExecutionCountAsync());
        string[] reasons = ["signature mismatch", "no such stack", "signature malformed", "signature missing"];
        foreach (var reason in reasons) Assert.Contains(_log.All, line => line.EndsWith("refused: " + reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Past_the_rate_limit_a_url_gets_429_with_retry_after_and_forged_requests_do_not_count()
    {
        var forged = _url[..^2] + (_url[^2] == 'A' ? "B" : "A") + _url[^1];
        for (var i = 0; i < PerMinute + 1; i++) Assert.Equal(403, (await PostAsync(forged, "{}")).Status);

        // Bodies that differ (by spaces) are distinct deliveries, each its own execution.
        for (var i = 0; i < PerMinute; i++) Assert.Equal(202, (await PostAsync(_url, "{" + new string(' ', i) + "}")).Status);
        var (status, body, response) = await PostAsync(_url, "{" + new string(' ', PerMinute) + "}");

        Assert.Equal(429, status);
        Assert.Contains($"at most {PerMinute} signals a minute", body);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(PerMinute, await ExecutionCountAsync());
        // The limit is per URL: another resource's URL is still taken.
        Assert.Equal(202, (await PostAsync(_otherUrl, "{}")).Status);
    }
}
