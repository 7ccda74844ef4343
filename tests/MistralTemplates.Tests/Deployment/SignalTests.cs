using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Deployment;

[Collection(MistralServerCollection.Name)]
public sealed class SignalTests(MistralServer server) : IAsyncLifetime
{
    private readonly MistralClient _mistral = new(new MistralClientOptions { Endpoint = server.Endpoint });
    private readonly string _stack = MistralServer.UniqueName("signals");
    private StackDeployer _deployer = null!;
    private Signals _signals = null!;

    private const string Template = """
        heat_template_version: 2016-10-14
        resources:
          greeter:
            type: OS::Mistral::Workflow
            properties:
              input: { name: template-default }
              definition: |
                greet:
                  input: [name, punctuation: "!"]
                  output: {greeting: <% $.greeting %>}
                  tasks:
                    say:
                      action: std.echo output="Hello <% $.name %><% $.punctuation %>"
                      publish: {greeting: <% task().result %>}
                wave:
                  tasks:
                    t:
                      action: std.noop
          body:
            type: OS::Mistral::Workflow
            properties:
              use_request_body_as_input: true
              definition: |
                echo_body:
                  input: [alarm_name, current]
                  output: {seen: <% $.alarm_name %>/<% $.current %>}
                  tasks:
                    t:
                      action: std.noop
        """;

    public async Task InitializeAsync()
    {
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is not null) return;
        var store = new MistralEnvironmentStateStore(_mistral);
        _deployer = new StackDeployer(_mistral, store);
        _signals = new Signals(_mistral, store);
        await _deployer.DeployAsync(new StackTemplate("signals.yaml", Template), _stack, new Dictionary<string, string>());
    }

    public async Task DisposeAsync()
    {
        if (_deployer is not null) await _deployer.DestroyAsync(_stack, new DeployOptions { DeleteExecutions = true });
        _mistral.Dispose();
    }

    [MistralFact]
    public async Task The_signals_input_is_laid_over_the_resources_and_the_workflow_is_chosen_by_name()
    {
        var started = await _signals.SignalAsync(_stack, "greeter", JsonNode.Parse("""{"workflow": "greet", "input": {"punctuation": "?"}}"""));
        var done = await _signals.WaitAsync(started.Id);
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Hello template-default?", done.Output!["greeting"]!.GetValue<string>());

        var named = await _signals.WaitAsync((await _signals.SignalAsync(_stack, "greeter", JsonNode.Parse("""{"input": {"name": "you"}}"""), workflow: "greet")).Id);
        Assert.Equal("Hello you!", named.Output!["greeting"]!.GetValue<string>());
    }

    [MistralFact]
    public async Task With_use_request_body_as_input_the_whole_body_is_the_input()
    {
        var done = await _signals.WaitAsync((await _signals.SignalAsync(_stack, "body", JsonNode.Parse("""{"alarm_name": "cpu", "current": "alarm"}"""))).Id);
        Assert.Equal("cpu/alarm", done.Output!["seen"]!.GetValue<string>());
    }

    [MistralFact]
    public async Task Bad_signals_are_refused_before_anything_starts()
    {
        var unknown = await Assert.ThrowsAsync<DeploymentException>(() =>
            _signals.SignalAsync(_stack, "greeter", JsonNode.Parse("""{"workflow": "greet", "input": {"nmae": "typo"}}""")));
        Assert.Contains("unknown: nmae", unknown.Message);
        Assert.Contains("it takes: name, punctuation", unknown.Message);

        var which = await Assert.ThrowsAsync<DeploymentException>(() => _signals.SignalAsync(_stack, "greeter", null));
        Assert.Contains("say which one", which.Message);
        var noWorkflow = await Assert.ThrowsAsync<DeploymentException>(() => _signals.SignalAsync(_stack, "greeter", null, workflow: "nope"));
        Assert.Contains("has no workflow 'nope'", noWorkflow.Message);
        var noResource = await Assert.ThrowsAsync<DeploymentException>(() => _signals.SignalAsync(_stack, "nothing", null));
        Assert.Contains("its workflow resources: body, greeter", noResource.Message);
        var notAMap = await Assert.ThrowsAsync<DeploymentException>(() => _signals.SignalAsync(_stack, "greeter", JsonNode.Parse("""{"input": [1]}"""), "greet"));
        Assert.Contains("must be a JSON object", notAMap.Message);

        var executions = (await _deployer.GetAttributeAsync(_stack, "greeter", "executions"))!.AsArray();
        Assert.DoesNotContain(executions, e => e!["input"]?["nmae"] is not null);
    }

    [MistralFact]
    public async Task A_hundred_concurrent_signals_give_a_hundred_executions_none_lost()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
            (await _signals.SignalAsync(_stack, "greeter", JsonNode.Parse($$"""{"workflow": "wave"}"""))).Id));

        var listed = (await _deployer.GetAttributeAsync(_stack, "greeter", "executions"))!.AsArray()
            .Where(e => e!["workflow_name"]!.GetValue<string>().EndsWith(".wave", StringComparison.Ordinal))
            .Select(e => e!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Equal(ids.Order(), listed.Order());
    }
}
