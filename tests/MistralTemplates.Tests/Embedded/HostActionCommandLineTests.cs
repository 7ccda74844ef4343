using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Engine;

namespace MistralTemplates.Tests.Embedded;

/// <summary>The command line hands the host's own actions to the embedded engine it deploys to and runs on.</summary>
public sealed class HostActionCommandLineTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class ServerStack(string name) : Stack(name, new StackTemplate("server.yaml", """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              input: { vm_name: web }
              definition: |
                make_vm:
                  input: [vm_name]
                  output: {vm_id: <% $.vm_id %>}
                  tasks:
                    create_server:
                      action: nova.servers_create name=<% $.vm_name %>
                      publish: {vm_id: <% task().result.id %>}
        """));

    private sealed record CreateServer(string Name);

    private sealed record Server(string Id);

    [Fact]
    public async Task Without_a_verb_a_workflow_calling_a_host_action_runs_to_success()
    {
        var created = new ConcurrentQueue<string>();
        var options = new EngineOptions().AddAction<CreateServer, Server>("nova.servers_create", input =>
        {
            created.Enqueue(input.Name);
            return new Server("id-" + input.Name);
        });

        var (code, output) = await RunAsync(options);

        Assert.True(code == StackCommandLine.Success, output);
        Assert.Matches(@"\S+ s\.workflow\.make_vm SUCCESS \{""vm_id"":""id-web""\}", output);
        Assert.Equal(["web"], created);
    }

    [Fact]
    public async Task Without_the_host_action_the_run_fails_at_once_naming_the_missing_action()
    {
        var (code, output) = await RunAsync(null);

        Assert.True(code == StackCommandLine.Failure, output);
        Assert.Contains("make_vm ERROR", output);
        Assert.Contains("Failed to find action [action_name=nova.servers_create, namespace=]", output);
    }

    // Bounded and on a thread of its own: an engine waiting on itself fails the test instead of hanging the suite.
    private async Task<(int Code, string Output)> RunAsync(EngineOptions? options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Task.Run(() => StackCommandLine.RunAsync(new ServerStack("s"), ["--state-dir", _folder.Path], output, error, withoutVerb: null, options))
            .WaitAsync(TimeSpan.FromSeconds(60));
        return (code, $"{output}{error}");
    }
}
