using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using HelloWorkflow;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;

namespace MistralTemplates.Tests.Embedded;

/// <summary>The generated class of examples/HelloWorkflow against the embedded engine, as a program with no Mistral would use it.</summary>
public sealed class EmbeddedTypedApiTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Deploy_start_wait_and_destroy_through_the_generated_class()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var stack = await HelloStack.DeployAsync(target, "typed");
        Assert.Equal("typed.workflow.test", stack.Workflow.AvailableWorkflows.Test);

        var run = await stack.Workflow.Test.StartAsync();
        var done = await run.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(ExecutionState.Success, done.State);
        Assert.Equal("Hello", done.GetOutput<string>("result"));
        Assert.Equal(done.Id, Assert.Single(await stack.Workflow.GetExecutionsAsync()).Id);

        // A second target on the same folder (another process, in real use) sees the stack.
        await using (var again = StackTarget.Embedded(_folder.Path))
        {
            var connected = await HelloStack.ConnectAsync(again, "typed");
            Assert.Single(await connected.Workflow.GetExecutionsAsync());
        }

        await stack.DestroyAsync(new DeployOptions { DeleteExecutions = true });
        Assert.Empty(await target.State.ListAsync());
    }

    [Fact]
    public async Task Output_and_attribute_references_read_the_deployed_stack()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var unbound = new HelloStack("refs");
        var notBound = await Assert.ThrowsAsync<InvalidOperationException>(() => unbound.Outputs.Workflows.GetValueAsync());
        Assert.Contains("deploy it or connect to it first", notBound.Message);

        var stack = await HelloStack.DeployAsync(target, "refs");

        IReadOnlyDictionary<string, string> workflows = await stack.Outputs.Workflows.GetValueAsync();
        Assert.Equal("refs.workflow.test", workflows["test"]);
        Assert.Equal("refs.workflow.test", await stack.Workflow.Attribute<string>("available_workflows", "test").GetValueAsync());
        var done = await (await stack.Workflow.Test.StartAsync()).WaitAsync(TimeSpan.FromMinutes(1));
        var executions = await stack.Workflow.Executions.GetValueAsync();
        Assert.Equal(done.Id, Assert.Single(executions).Id);
        // A reference made by names reads the same stack on a target given.
        var byName = new OutputReference<IReadOnlyDictionary<string, string>>("refs", "workflows");
        Assert.Equal(workflows, await byName.GetValueAsync(target));

        var mismatch = await Assert.ThrowsAsync<DeploymentException>(() => stack.Workflow.Attribute<int>("available_workflows").GetValueAsync());
        Assert.Contains("attribute get_attr: [workflow, available_workflows]", mismatch.Message);
        Assert.Contains("which does not convert to Int32", mismatch.Message);
        var missing = await Assert.ThrowsAsync<DeploymentException>(() => new OutputReference<string>(stack, "nope").GetValueAsync());
        Assert.Contains("its outputs: executions, workflows", missing.Message);

        await stack.DestroyAsync(new DeployOptions { DeleteExecutions = true });
    }
}
