using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// Mistakes against a deployed stack: each gets a message that names what to fix and a non-zero exit code, and
/// starts nothing (the workflow's executions are counted through the server's own API).
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class BadInputTests(MistralServer server)
{
    private sealed class TwoWorkflowStack(string name) : Stack(name, new StackTemplate("two.yaml", Template))
    {
        public const string Template = """
            heat_template_version: 2016-10-14
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  input: { name: world }
                  definition: |
                    greet:
                      input: [name]
                      tasks:
                        say:
                          action: std.echo output=<% $.name %>
                    farewell:
                      input: [name, mood]
                      tasks:
                        say:
                          action: std.echo output=<% $.mood %>
            """;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string stack, Uri endpoint, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new TwoWorkflowStack(stack), [.. args, "--stack", stack, "--endpoint", endpoint.ToString()], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<int> ExecutionCountAsync(string stack)
    {
        using var mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var names = new[] { $"{stack}.workflow.greet", $"{stack}.workflow.farewell" };
        return await mistral.Executions.ListAsync(new ExecutionQuery { WorkflowNames = names }).CountAsync();
    }

    [MistralFact]
    public async Task Signal_mistakes_name_what_to_fix_and_start_nothing()
    {
        var stack = MistralServer.UniqueName("cli_signal_bad");
        Assert.Equal(0, (await RunAsync(stack, server.Endpoint, "deploy")).Code);
        try
        {
            var unknownResource = await RunAsync(stack, server.Endpoint, "signal", "workflw");
            Assert.Equal(1, unknownResource.Code);
            Assert.Contains("workflw", unknownResource.Error);
            Assert.Contains("workflow", unknownResource.Error.Replace("workflw", ""));

            var ambiguous = await RunAsync(stack, server.Endpoint, "signal", "workflow");
            Assert.Equal(1, ambiguous.Code);
            Assert.Contains("--workflow", ambiguous.Error);

            var unknownWorkflow = await RunAsync(stack, server.Endpoint, "signal", "workflow", "--workflow", "greeet");
            Assert.Equal(1, unknownWorkflow.Code);
            Assert.Contains("greeet", unknownWorkflow.Error);
            Assert.Contains("greet", unknownWorkflow.Error.Replace("greeet", ""));

            var unknownInput = await RunAsync(stack, server.Endpoint, "signal", "workflow", "--workflow", "greet", "-D", """{"input": {"nmae": "x"}}""");
            Assert.Equal(1, unknownInput.Code);
            Assert.Contains("nmae", unknownInput.Error);

            var notAnObject = await RunAsync(stack, server.Endpoint, "signal", "workflow", "--workflow", "greet", "-D", "[1, 2]");
            Assert.NotEqual(0, notAnObject.Code);
            Assert.False(string.IsNullOrWhiteSpace(notAnObject.Error));

            Assert.Equal(0, await ExecutionCountAsync(stack));

            // The same stack still takes a good signal: the mistakes above left nothing in its way.
            var good = await RunAsync(stack, server.Endpoint, "signal", "workflow", "--workflow", "farewell", "-D", """{"input": {"mood": "calm"}}""", "--wait");
            Assert.Equal(0, good.Code);
            Assert.Contains("SUCCESS", good.Output);
            Assert.Equal(1, await ExecutionCountAsync(stack));
        }
        finally
        {
            Assert.Equal(0, (await RunAsync(stack, server.Endpoint, "destroy", "--delete-executions")).Code);
        }
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_failure_that_names_the_address()
    {
        var closed = ClosedPort();
        var stack = MistralServer.UniqueName("cli_down");
        var down = await RunAsync(stack, closed, "plan");
        Assert.Equal(1, down.Code);
        Assert.Contains(closed.Authority, down.Error);
        Assert.Empty(down.Output);
    }

    [MistralFact]
    public async Task Destroying_a_stack_that_is_gone_says_so_and_succeeds()
    {
        // A destroy killed as it finished leaves nothing; running it again must not fail.
        var gone = await RunAsync(MistralServer.UniqueName("cli_gone"), server.Endpoint, "destroy");
        Assert.Equal(0, gone.Code);
        Assert.Contains("there is no such stack; nothing to destroy", gone.Output);
    }

    [Fact]
    public async Task A_parallelism_below_one_is_a_usage_error()
    {
        var zero = await RunAsync(MistralServer.UniqueName("cli_parallel"), ClosedPort(), "deploy", "--parallel", "0");
        Assert.Equal(2, zero.Code);
        Assert.Contains("--parallel must be 1 or more", zero.Error);
    }

    /// <summary>A loopback address nothing listens on: a port the system gave out and took back.</summary>
    internal static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
