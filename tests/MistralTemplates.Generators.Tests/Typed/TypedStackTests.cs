using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Generators.Tests.Typed;

/// <summary>
/// The typed API on a stack class this project generates from Typed/greetings.yaml, against the real Mistral server:
/// deploy, typed starts, waiting, executions, connect and destroy.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class TypedStackTests(MistralServer server)
{
    private sealed record GreetOutput(string Greeting, int Times);

    [MistralFact]
    public async Task Deploy_start_wait_list_connect_and_destroy_through_the_generated_class()
    {
        await using var target = StackTarget.Mistral(server.Endpoint);
        var name = MistralServer.UniqueName("typed");
        var stack = await GreetingsStack.DeployAsync(target, name, new GreetingsParameters { Punctuation = "?" });
        try
        {
            Assert.Same(target, stack.Target);
            string fullName = stack.Workflow.AvailableWorkflows.Greet;
            Assert.Equal($"{name}.workflow.greet", fullName);

            // times is left unset, so the DSL default (1) applies; punctuation comes from the resource's input (the parameter).
            var run = await stack.Workflow.Greet.StartAsync(new() { Name = "typed" });
            Assert.Equal(fullName, run.Started.WorkflowName);
            var done = await run.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(ExecutionState.Success, done.State);
            Assert.Equal(run.Id, done.Id);
            Assert.Equal("Hello typed?", done.GetOutput<string>("greeting"));
            Assert.Equal(new GreetOutput("Hello typed?", 1), done.GetOutput<GreetOutput>());
            Assert.NotNull(done.CreatedAt);

            var thrice = await (await stack.Workflow.Greet.StartAsync(new() { Name = "again", Times = 3, Punctuation = "." })).WaitAsync();
            Assert.Equal(new GreetOutput("Hello again.", 3), thrice.GetOutput<GreetOutput>());

            var failed = await (await stack.Workflow.Fail.StartAsync()).WaitAsync();
            Assert.Equal(ExecutionState.Error, failed.State);
            Assert.False(string.IsNullOrEmpty(failed.StateInfo));
            var missing = Assert.Throws<KeyNotFoundException>(() => thrice.GetOutput<string>("nope"));
            Assert.Contains("it has: greeting, times", missing.Message);

            IReadOnlyList<WorkflowExecution> all = await stack.Workflow.GetExecutionsAsync();
            Assert.Equal(new[] { done.Id, thrice.Id, failed.Id }.Order(), all.Select(e => e.Id).Order());
            var listed = all.Single(e => e.Id == done.Id);
            Assert.Equal(ExecutionState.Success, listed.State);
            Assert.Equal("Hello typed?", listed.Output!["greeting"]!.GetValue<string>());
            Assert.Equal("typed", listed.Input!["name"]!.GetValue<string>());
            Assert.Equal(2, (await stack.Workflow.Greet.GetExecutionsAsync()).Count);

            var connected = await GreetingsStack.ConnectAsync(target, name);
            Assert.Equal("?", connected.Parameters.Punctuation);
            Assert.Equal(3, (await connected.Workflow.GetExecutionsAsync()).Count);

            await stack.DestroyAsync(new DeployOptions { DeleteExecutions = true });
            Assert.Null(stack.Target);
            Assert.Null(await target.Service.Workflows.GetAsync(fullName).OrNullIfNotFound());
            Assert.Null(await target.Service.Executions.GetAsync(done.Id).OrNullIfNotFound());
            var gone = await Assert.ThrowsAsync<DeploymentException>(() => GreetingsStack.ConnectAsync(target, name));
            Assert.Contains("there is no such stack", gone.Message);
        }
        finally
        {
            if (stack.Target is not null) await stack.DestroyAsync(new DeployOptions { DeleteExecutions = true });
        }
    }

    [MistralFact]
    public async Task Unknown_input_through_the_untyped_signal_is_refused_and_nothing_starts()
    {
        await using var target = StackTarget.Mistral(server.Endpoint);
        var stack = await GreetingsStack.DeployAsync(target, MistralServer.UniqueName("typed_bad"));
        try
        {
            var refused = await Assert.ThrowsAsync<DeploymentException>(() =>
                stack.Workflow.SignalAsync(JsonNode.Parse("""{"input": {"name": "a", "nmae": "typo"}}"""), "greet"));
            Assert.Contains("unknown: nmae", refused.Message);
            Assert.Contains("it takes: name, punctuation, times", refused.Message);

            var signalled = await (await stack.Workflow.SignalAsync(JsonNode.Parse("""{"input": {"name": "untyped"}}"""), "greet")).WaitAsync();
            Assert.Equal("Hello untyped!", signalled.GetOutput<string>("greeting"));
            Assert.Equal([signalled.Id], (await stack.Workflow.GetExecutionsAsync()).Select(e => e.Id));
        }
        finally
        {
            await stack.DestroyAsync(new DeployOptions { DeleteExecutions = true });
        }
    }

    [MistralFact]
    public async Task Connecting_to_a_stack_that_is_not_deployed_says_so()
    {
        await using var target = StackTarget.Mistral(server.Endpoint);
        var name = MistralServer.UniqueName("typed_none");

        var error = await Assert.ThrowsAsync<DeploymentException>(() => GreetingsStack.ConnectAsync(target, name));

        Assert.Equal(name, error.StackName);
        Assert.Contains("there is no such stack on Mistral at", error.Message);
        Assert.Contains("deploy it first", error.Message);
    }

    [Fact]
    public async Task A_stack_that_is_not_deployed_or_connected_refuses_typed_use()
    {
        var stack = new GreetingsStack("unbound");

        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => stack.Workflow.Greet.StartAsync(new() { Name = "a" }));
        Assert.Contains("The stack 'unbound' (GreetingsStack) is not bound to a target: deploy it or connect to it first", start.Message);
        Assert.Contains("GreetingsStack.DeployAsync(target, ...)", start.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stack.Workflow.GetExecutionsAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => stack.Workflow.SignalAsync(null, "greet"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stack.DestroyAsync());
    }

    [Fact]
    public void Input_records_leave_an_unset_optional_input_out_so_its_default_applies()
    {
        Assert.Equal("""{"name":"a"}""", new GreetingsStack.WorkflowResource.GreetInput { Name = "a" }.ToMistralInput().ToJsonString());
        Assert.Equal("""{"name":"a","punctuation":null,"times":3}""",
            new GreetingsStack.WorkflowResource.GreetInput { Name = "a", Punctuation = null, Times = 3 }.ToMistralInput().ToJsonString());
        Assert.Equal("""{"name":{"first":"b"}}""",
            new GreetingsStack.WorkflowResource.GreetInput { Name = new JsonObject { ["first"] = "b" } }.ToMistralInput().ToJsonString());
    }

    [Fact]
    public void Parameters_become_the_text_heat_takes_and_the_default_stack_name_is_the_file_name()
    {
        Assert.Equal(new Dictionary<string, string> { ["punctuation"] = "!" }, new GreetingsParameters().ToTemplateValues());
        Assert.Equal(new Dictionary<string, string> { ["punctuation"] = "?!" }, new GreetingsParameters { Punctuation = "?!" }.ToTemplateValues());
        Assert.Throws<ArgumentException>(() => new GreetingsParameters { Punctuation = "????" });
        Assert.Equal("greetings", GreetingsStack.DefaultStackName);
        Assert.Equal("greetings.workflow.greet", new GreetingsStack(GreetingsStack.DefaultStackName).Workflow.Greet.FullName);
    }

    [Fact]
    public void A_target_address_that_is_not_http_is_refused()
    {
        var error = Assert.Throws<StackTargetException>(() => StackTarget.FromEnvironment("ftp://127.0.0.1:8989"));

        Assert.Contains("is not an http(s) address of a Mistral API", error.Message);
    }
}
