using System;
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
}
