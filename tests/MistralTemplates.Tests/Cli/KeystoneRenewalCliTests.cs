using System;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// A stack program keeps working past its token's expiry against the test Keystone's short tokens (60 s in CI): the
/// token is renewed, counted by the proxy in front of Keystone, and no 401 reaches the command. A class of its own
/// so that its two minute-long waits run alongside the other tests.
/// </summary>
public sealed class KeystoneRenewalCliTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly CountedKeystone _keystone = new();

    public Task InitializeAsync() => _keystone.InitializeAsync();

    public Task DisposeAsync() => _keystone.DisposeAsync();

    [KeystoneFact]
    public async Task A_signal_wait_on_a_workflow_that_outlives_its_token_ends_in_success_after_renewing_it()
    {
        var stack = "renew" + Guid.NewGuid().ToString("N")[..8];
        var environment = _keystone.CloudFiles();
        var lifetime = await _keystone.TokenLifetimeAsync();
        var deploy = await CloudProcess.RunCloudStackAsync(environment, "deploy", "--stack", stack, "--os-cloud", "demo");
        Assert.True(deploy.Code == 0, deploy.ToString());
        var before = _keystone.TokenRequests;

        var seconds = (int)lifetime.TotalSeconds + 10;
        var signal = await CloudProcess.RunCloudStackAsync(environment, "signal", "sleeper", "--wait", "--stack", stack, "--os-cloud", "demo",
            "--data", $"{{\"input\": {{\"seconds\": {seconds}}}}}");
        var renewals = _keystone.TokenRequests - before;
        log.WriteLine($"signal --wait of a {seconds} s workflow: exit {signal.Code} in {signal.Elapsed.TotalSeconds:0.0} s, {renewals} token requests");
        Assert.True(signal.Code == 0, signal.ToString());
        Assert.Contains($"SUCCESS {{\"slept\":{seconds}}}", signal.Output);
        Assert.DoesNotContain("401", signal.Output + signal.Error);
        Assert.True(signal.Elapsed > lifetime, $"the signal took {signal.Elapsed}, less than a token's life");
        Assert.True(renewals >= 2, $"{renewals} token request(s): the token was never renewed");

        var destroy = await CloudProcess.RunCloudStackAsync(environment, "destroy", "--delete-executions", "--stack", stack, "--os-cloud", "demo");
        Assert.True(destroy.Code == 0, destroy.ToString());
    }

    [KeystoneFact]
    public async Task A_deploy_then_a_wait_past_the_tokens_expiry_then_a_signal_work_in_one_process()
    {
        var lifetime = await _keystone.TokenLifetimeAsync();
        await using var target = StackTarget.Cloud(_keystone.Password("demo"));
        var stack = await HelloWorkflow.HelloStack.DeployAsync(target, "later" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(1, _keystone.TokenRequests);

        await Task.Delay(lifetime + TimeSpan.FromSeconds(5));
        var run = await stack.Workflow.Test.StartAsync();
        var done = await run.WaitAsync(TimeSpan.FromMinutes(1));
        log.WriteLine($"after {lifetime.TotalSeconds + 5:0} s: {done.State}, {_keystone.TokenRequests} token requests");
        Assert.Equal("Hello", done.GetOutput<string>("result"));
        Assert.True(_keystone.TokenRequests >= 2, $"{_keystone.TokenRequests} token request(s): the token was never renewed");

        await stack.DestroyAsync(new MistralTemplates.Deployment.DeployOptions { DeleteExecutions = true });
    }
}
