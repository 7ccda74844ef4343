using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;

namespace MistralTemplates.Tests.Embedded;

/// <summary>Signal data against its documented shape, on the embedded engine: each key is used or refused, never ignored.</summary>
public sealed class EmbeddedSignalInputTests : IAsyncLifetime
{
    private const string Stack = "shape";
    private const string Template = """
        heat_template_version: 2016-10-14
        resources:
          greeter:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                greet:
                  tasks:
                    t:
                      action: std.noop
                wave:
                  tasks:
                    t:
                      action: std.noop
        """;

    private readonly TempStateFolder _folder = new();
    private StackTarget _target = null!;
    private Signals _signals = null!;

    public async Task InitializeAsync()
    {
        _target = StackTarget.Embedded(_folder.Path);
        _signals = new Signals(_target.Service, _target.State);
        await new StackDeployer(_target.Service, _target.State).DeployAsync(new StackTemplate("shape.yaml", Template), Stack, new Dictionary<string, string>());
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<int> ExecutionCountAsync()
    {
        var count = 0;
        await foreach (var _ in _target.Service.Executions.ListAsync(new ExecutionQuery())) count++;
        return count;
    }

    [Theory]
    [InlineData("""{"workflow": 7}""", "'workflow' in the signal data must be a string")]
    [InlineData("""{"workflow": ["wave"]}""", "'workflow' in the signal data must be a string")]
    [InlineData("""{"workflow": "nope"}""", "has no workflow 'nope'")]
    [InlineData("""{"workflow": "wave", "params": {"env": 5}}""", "'params.env' must be an object of variables or the name of a Mistral environment, not number 5")]
    [InlineData("""{"workflow": "wave", "params": {"env": ["a"]}}""", "'params.env' must be an object")]
    [InlineData("""{"workflow": "wave", "params": {"env": null}}""", "not null")]
    [InlineData("""{"workflow": "wave", "params": {"env": ""}}""", "'params.env' must be an object")]
    public async Task Signal_data_off_its_shape_is_refused_and_starts_nothing(string data, string expected)
    {
        var refused = await Assert.ThrowsAsync<DeploymentException>(() => _signals.SignalAsync(Stack, "greeter", JsonNode.Parse(data)));
        Assert.Contains(expected, refused.Message);
        Assert.Equal(0, await ExecutionCountAsync());
    }

    [Fact]
    public async Task A_workflow_key_picks_the_workflow_and_one_that_contradicts_the_caller_is_refused()
    {
        var started = await _signals.SignalAsync(Stack, "greeter", JsonNode.Parse("""{"workflow": "wave", "params": {"env": {"region": "north"}}}"""));
        Assert.Equal($"{Stack}.greeter.wave", started.WorkflowName);

        var contradicted = await Assert.ThrowsAsync<DeploymentException>(() =>
            _signals.SignalAsync(Stack, "greeter", JsonNode.Parse("""{"workflow": "wave"}"""), workflow: "greet"));
        Assert.Contains("names the workflow 'wave' but 'greet' was asked for", contradicted.Message);
        Assert.Equal(1, await ExecutionCountAsync());
    }

    [Fact]
    public async Task A_short_and_a_full_name_of_one_workflow_agree()
    {
        var started = await _signals.SignalAsync(Stack, "greeter", JsonNode.Parse($$"""{"workflow": "{{Stack}}.greeter.wave"}"""), workflow: "wave");

        Assert.Equal($"{Stack}.greeter.wave", started.WorkflowName);
        Assert.Equal(1, await ExecutionCountAsync());
    }

    [Fact]
    public async Task The_typed_start_checks_params_env_too()
    {
        var refused = await Assert.ThrowsAsync<DeploymentException>(() =>
            _signals.StartAsync(Stack, "greeter", "wave", new JsonObject(), new JsonObject { ["env"] = true }));
        Assert.Contains("'params.env' must be an object", refused.Message);
        Assert.Equal(0, await ExecutionCountAsync());
    }
}
