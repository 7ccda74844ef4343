using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral.Tests.Infrastructure;

[Collection(MistralServerCollection.Name)]
public sealed class MistralServerTests(MistralServer server)
{
    [MistralFact]
    public async Task While_this_assembly_uses_the_shared_server_no_other_test_process_gets_a_turn()
    {
        // Only a server given by MISTRAL_URL is shared; without it each test process starts a server of its own.
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MistralServer.UrlVariable)))
            return;

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => MistralServerTurn.TakeAsync(server.Endpoint, TimeSpan.Zero));

        Assert.Contains($"pid {Environment.ProcessId} (MistralTemplates.Client.Tests)", error.Message);
    }

    [MistralFact]
    public void Its_clients_wait_for_a_validate_that_takes_two_minutes_on_a_busy_machine()
    {
        var options = server.ClientOptions();

        Assert.Equal(server.Endpoint, options.Endpoint);
        Assert.True(options.Resilience.AttemptTimeout > TimeSpan.FromMinutes(2), $"{options.Resilience.AttemptTimeout}");
        Assert.True(options.Resilience.TotalTimeout > options.Resilience.AttemptTimeout);
    }

    [MistralFact]
    public async Task Api_root_answers_with_its_own_uri()
    {
        using var http = new HttpClient { BaseAddress = server.Endpoint };

        using HttpResponseMessage response = await http.GetAsync("v2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            server.Endpoint.GetLeftPart(UriPartial.Authority) + "/v2",
            body.RootElement.GetProperty("uri").GetString());
    }

    [MistralFact]
    public async Task A_workflow_posted_as_plain_text_can_be_read_back_and_deleted()
    {
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        string name = MistralServer.UniqueName("fixture_echo");
        string definition = $"""
            version: '2.0'
            {name}:
              tasks:
                say:
                  action: std.echo output="hello"
            """;

        // Definitions go as text/plain without "Accept: application/json", which this endpoint answers with 406.
        using var post = new HttpRequestMessage(HttpMethod.Post, "v2/workflows")
        {
            Content = new StringContent(definition, Encoding.UTF8, "text/plain"),
        };
        using HttpResponseMessage created = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (JsonDocument body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
            Assert.Equal(name, body.RootElement.GetProperty("workflows")[0].GetProperty("name").GetString());

        using (HttpResponseMessage read = await http.GetAsync($"v2/workflows/{name}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
            Assert.Contains($"{name}:", body.RootElement.GetProperty("definition").GetString());
        }

        using (HttpResponseMessage deleted = await http.DeleteAsync($"v2/workflows/{name}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (HttpResponseMessage gone = await http.GetAsync($"v2/workflows/{name}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}

/// <summary>The script the fixture relies on when MISTRAL_URL is not set (CI sets it, so this is what proves it there).</summary>
public sealed class MistralServerScriptTests
{
    [MistralFact]
    public async Task Script_starts_a_server_once_reports_it_and_stops_it()
    {
        MistralServerScript script = MistralServerScript.InNewTempDirectory();
        try
        {
            Uri endpoint = await script.StartAsync();

            Assert.Null(await MistralReadiness.ProblemWithinAsync(endpoint, TimeSpan.Zero));
            Assert.Equal(endpoint, await script.StatusAsync());
            Assert.Equal(endpoint, await script.StartAsync());   // a second start finds the running server

            await script.StopAsync();

            Assert.Null(await script.StatusAsync());
            using var probe = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(endpoint.Host, endpoint.Port));
        }
        finally
        {
            await script.StopAsync();
            script.DeleteDataDirectory();
        }
    }
}

public sealed class MistralServerTurnTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/");

    [Fact]
    public async Task A_turn_taken_is_waited_for_and_its_holder_named_and_released_it_goes_to_the_next()
    {
        string directory = Directory.CreateTempSubdirectory("mistral-turn").FullName;
        try
        {
            MistralServerTurn first = await MistralServerTurn.TakeAsync(Endpoint, TimeSpan.Zero, directory);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<TimeoutException>(
                () => MistralServerTurn.TakeAsync(Endpoint, TimeSpan.FromSeconds(1), directory));

            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"gave up after {clock.Elapsed}");
            Assert.Contains($"pid {Environment.ProcessId}", error.Message);

            Task<MistralServerTurn> next = MistralServerTurn.TakeAsync(Endpoint, TimeSpan.FromSeconds(30), directory);
            first.Dispose();
            (await next).Dispose();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_told_apart_from_a_busy_server()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        try
        {
            // It accepts connections but never answers, as a server busy elsewhere does.
            Assert.True(await MistralReadiness.AcceptsConnectionsAsync(endpoint));
        }
        finally
        {
            listener.Stop();
        }

        Assert.False(await MistralReadiness.AcceptsConnectionsAsync(endpoint));
    }
}

public sealed class MistralIntegrationSwitchTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData(" ", "false", true)]
    [InlineData(null, "true", false)]
    [InlineData(null, "1", false)]
    [InlineData("http://127.0.0.1:5000/v3", null, false)]
    public void Keystone_tests_skip_without_KEYSTONE_URL_but_never_under_CI(string? url, string? ci, bool skipped)
    {
        string? reason = KeystoneServer.SkipReason(url, ci);

        Assert.Equal(skipped, reason is not null);
        if (reason is not null)
            Assert.Contains(KeystoneServer.UrlVariable, reason);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("0", null, false)]
    [InlineData("1", null, true)]
    [InlineData("true", "false", true)]
    [InlineData("1", "true", false)]
    [InlineData("1", "True", false)]
    [InlineData(null, "true", false)]
    public void Tests_are_skipped_only_when_asked_and_never_under_CI(string? skipSwitch, string? ci, bool skipped)
    {
        string? reason = MistralIntegrationSwitch.SkipReason(skipSwitch, ci);

        Assert.Equal(skipped, reason is not null);
        if (reason is not null)
            Assert.Contains(MistralIntegrationSwitch.SkipVariable, reason);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8989", "http://127.0.0.1:8989/")]
    [InlineData("http://127.0.0.1:8989/", "http://127.0.0.1:8989/")]
    [InlineData(" http://127.0.0.1:8989/v2 ", "http://127.0.0.1:8989/")]
    [InlineData("https://cloud.example/workflow/v2/", "https://cloud.example/workflow/")]
    public void The_endpoint_is_the_base_url_with_a_trailing_slash(string url, string expected) =>
        Assert.Equal(new Uri(expected), MistralServer.NormalizeEndpoint(url));

    [Theory]
    [InlineData("127.0.0.1:8989")]
    [InlineData("ftp://127.0.0.1/")]
    public void An_endpoint_that_is_not_http_is_refused_with_the_variable_named(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MistralServer.NormalizeEndpoint(url));
        Assert.Contains(MistralServer.UrlVariable, error.Message);
    }
}
