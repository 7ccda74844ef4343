using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Engine.Tests.Actions;

public sealed class HostActionTests
{
    public sealed record CreateServer(string Name, string FlavorRef, int Count = 1);

    public sealed record Server(string Id, string Name, string Status);

    private static EngineOptions Nova(List<CreateServer> calls) => new EngineOptions()
        .AddAction<CreateServer, Server>("nova.servers_create", async (input, cancellationToken) =>
        {
            await Task.Yield();
            calls.Add(input);
            return new Server("id-" + input.Name, input.Name, input.Count > 1 ? "BUILDING" : "ACTIVE");
        })
        .AddAction<CreateServer, Server>("nova.servers_broken", input => throw new InvalidOperationException("quota exceeded for " + input.Name));

    [Fact]
    public async Task A_host_action_gets_typed_input_in_snake_case_and_gives_its_result()
    {
        var calls = new List<CreateServer>();
        using var catalog = new TempCatalog(Nova(calls));
        Assert.True(await catalog.ExistsAsync("nova.servers_create", "any"));
        var outcome = await catalog.RunAsync("nova.servers_create", """{"name": "web", "flavor_ref": "m1.small"}""");
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(new CreateServer("web", "m1.small"), Assert.Single(calls));
        Assert.Equal(new Dictionary<string, object?> { ["id"] = "id-web", ["name"] = "web", ["status"] = "ACTIVE" }, outcome.Result);
    }

    [Fact]
    public async Task Input_the_type_does_not_declare_or_lacks_is_refused_before_the_action_runs()
    {
        var calls = new List<CreateServer>();
        using var catalog = new TempCatalog(Nova(calls));
        var outcome = await catalog.RunAsync("nova.servers_create", """{"name": "web", "flavour": "m1.small"}""");
        Assert.True(outcome.InputRefused);
        Assert.Equal(
            "Invalid input [name=nova.servers_create, class=MistralTemplates.Engine.Tests.Actions.HostActionTests+CreateServer, missing=['flavor_ref'], unexpected=['flavour']]",
            outcome.Error);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task An_exception_fails_the_action_naming_it_and_the_exception()
    {
        using var catalog = new TempCatalog(Nova(new List<CreateServer>()));
        var outcome = await catalog.RunAsync("nova.servers_broken", """{"name": "db", "flavor_ref": "m1"}""");
        Assert.False(outcome.Succeeded);
        Assert.Equal(
            "The action raised an exception [action=nova.servers_broken, action_ex_id=action-1, msg='InvalidOperationException: quota exceeded for db']",
            outcome.Error);

        var wrongType = await catalog.RunAsync("nova.servers_create", """{"name": "db", "flavor_ref": "m1", "count": "many"}""");
        Assert.False(wrongType.Succeeded);
        Assert.Contains("the input does not fit", wrongType.Error);
    }

    [Fact]
    public void Bad_names_are_refused_when_added()
    {
        var options = new EngineOptions().AddAction<CreateServer, Server>("nova.a", _ => throw new NotImplementedException());
        Assert.Contains("already added", Assert.Throws<ArgumentException>(() => options.AddAction<CreateServer, Server>("nova.a", _ => throw new NotImplementedException())).Message);
        Assert.Contains("'std.' namespace", Assert.Throws<ArgumentException>(() => options.AddAction<CreateServer, Server>("std.echo", _ => throw new NotImplementedException())).Message);
        Assert.Throws<ArgumentException>(() => options.AddAction<CreateServer, Server>(" ", _ => throw new NotImplementedException()));
    }

    [Fact]
    public async Task Cancellation_reaches_a_host_action()
    {
        var options = new EngineOptions().AddAction<Dictionary<string, object>, string>("host.wait", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        using var catalog = new TempCatalog(options);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => catalog.RunAsync("host.wait", """{"anything": 1}""", cancellationToken: cancel.Token));
    }
}
