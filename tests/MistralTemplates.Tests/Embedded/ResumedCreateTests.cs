using System.Linq;
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Embedded;

/// <summary>A deploy that stopped half way is finished by the next one, under the status of what it was doing.</summary>
public sealed class ResumedCreateTests : IDisposable
{
    private static readonly Dictionary<string, string> NoParameters = new();
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Three workflows, each made after the one before (depends_on), so a stop after the first leaves two to make.</summary>
    private static StackTemplate Chain(string greeting) => new("chain.yaml", $$"""
        heat_template_version: 2016-10-14
        resources:
          first:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                one:
                  tasks:
                    t:
                      action: std.echo output="{{greeting}}"
          second:
            type: OS::Mistral::Workflow
            depends_on: first
            properties:
              definition: |
                two:
                  tasks:
                    t:
                      action: std.noop
          third:
            type: OS::Mistral::Workflow
            depends_on: second
            properties:
              definition: |
                three:
                  tasks:
                    t:
                      action: std.noop
        """);

    private static async Task StopAfterFirstResourceAsync(StackDeployer deployer, StackTemplate template, string stack)
    {
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deployer.DeployAsync(template, stack, NoParameters,
            new DeployOptions { MaxParallelism = 1 }, new CancelOnFirstCompleted(cancel), cancel.Token));
    }

    [Fact]
    public async Task A_first_deploy_finished_after_it_stopped_ends_create_complete()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var deployer = new StackDeployer(target.Service, target.State);

        await StopAfterFirstResourceAsync(deployer, Chain("hello"), "resumed");
        var stopped = await target.State.GetAsync("resumed");
        Assert.Equal(LifecycleStatus.CreateInProgress, stopped!.Status);
        // Every resource is listed before its create is sent; only those made before the stop have their properties.
        Assert.Equal(3, stopped.Resources.Count);
        Assert.InRange(stopped.Resources.Values.Count(r => r.Properties is not null), 1, 2);

        var finished = await deployer.DeployAsync(Chain("hello"), "resumed", NoParameters);
        Assert.Equal(LifecycleStatus.CreateComplete, finished.Record.Status);
        Assert.Equal(3, finished.Record.Resources.Count);
    }

    [Fact]
    public async Task An_update_finished_after_it_stopped_ends_update_complete()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var deployer = new StackDeployer(target.Service, target.State);
        await deployer.DeployAsync(Chain("hello"), "updated", NoParameters);

        await StopAfterFirstResourceAsync(deployer, Chain("bonjour"), "updated");
        Assert.Equal(LifecycleStatus.UpdateInProgress, (await target.State.GetAsync("updated"))!.Status);

        var finished = await deployer.DeployAsync(Chain("bonjour"), "updated", NoParameters);
        Assert.Equal(LifecycleStatus.UpdateComplete, finished.Record.Status);
    }

    private sealed class CancelOnFirstCompleted(CancellationTokenSource cancel) : IProgress<ResourceEvent>
    {
        public void Report(ResourceEvent value)
        {
            if (value.Phase == ResourceEventPhase.Completed) cancel.Cancel();
        }
    }
}
