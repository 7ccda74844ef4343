using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Webhooks;

/// <summary>Mistakes in how <c>serve</c> and <c>--public-url</c> are called: a message that says what to fix, nothing started.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class ServeCommandTests(MistralServer server)
{
    private sealed class OneWorkflowStack(string name) : Stack(name, new StackTemplate("one.yaml", """
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
        """));

    [MistralFact]
    public async Task Deploy_stores_the_public_url_and_state_show_hides_the_secret()
    {
        var stack = MistralServer.UniqueName("serve_cli");
        var output = new StringWriter();
        var error = new StringWriter();
        string[] common = ["--stack", stack, "--endpoint", server.Endpoint.ToString()];
        Assert.Equal(0, await StackCommandLine.RunAsync(new OneWorkflowStack(stack), ["deploy", "--public-url", "https://hooks.example.com/mt", .. common], output, error));
        try
        {
            output.GetStringBuilder().Clear();
            Assert.Equal(0, await StackCommandLine.RunAsync(new OneWorkflowStack(stack), ["state", "show", .. common], output, error));
            var record = System.Text.Json.Nodes.JsonNode.Parse(output.ToString())!;
            Assert.Equal("(hidden)", record["signal_secret"]!.GetValue<string>());
            Assert.Equal("https://hooks.example.com/mt/", record["public_url"]!.GetValue<string>());

            output.GetStringBuilder().Clear();
            Assert.Equal(0, await StackCommandLine.RunAsync(new OneWorkflowStack(stack), ["attribute", "workflow", "alarm_url", .. common], output, error));
            Assert.StartsWith($"\"https://hooks.example.com/mt/v1/signals/{stack}/workflow?signature=", output.ToString());
        }
        finally
        {
            Assert.Equal(0, await StackCommandLine.RunAsync(new OneWorkflowStack(stack), ["destroy", .. common], output, error));
        }
    }

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // Nothing listens at the endpoint: every case here must stop before it is called.
        var code = await StackCommandLine.RunAsync(new OneWorkflowStack("serve_cli"), [.. args, "--endpoint", "http://127.0.0.1:9"], output, error);
        return (code, error.ToString());
    }

    [Theory]
    [InlineData("ftp://hooks.example.com")]
    [InlineData("hooks.example.com")]
    public async Task A_public_url_that_is_not_http_is_a_usage_error(string url)
    {
        var (code, error) = await RunAsync("deploy", "--public-url", url);
        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Contains($"--public-url '{url}' is not an http(s) URL", error);
    }

    [Fact]
    public async Task A_listen_address_that_is_not_a_url_is_a_usage_error()
    {
        var (code, error) = await RunAsync("serve", "--urls", "127.0.0.1:8080");
        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Contains("--urls '127.0.0.1:8080' is not an http(s) URL to listen on", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_rate_limit_that_is_not_positive_is_a_usage_error(string limit)
    {
        var (code, error) = await RunAsync("serve", "--max-signals-per-minute", limit);
        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Contains($"--max-signals-per-minute {limit} must be a positive number of signals", error);
    }

    [Fact]
    public async Task A_port_in_use_is_a_failure_that_names_it()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var (code, error) = await RunAsync("serve", "--urls", url);

        Assert.Equal(StackCommandLine.Failure, code);
        Assert.Contains($"serve: cannot listen on {url}", error);
    }
}
