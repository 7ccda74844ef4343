using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Engine.Tests.Actions;

public sealed class StandardActionTests
{
    [Fact]
    public async Task Echo_gives_back_its_output()
    {
        using var catalog = new TempCatalog();
        var outcome = await catalog.RunAsync("std.echo", """{"output": {"a": [1, "two"]}}""");
        Assert.True(outcome.Succeeded);
        var map = Assert.IsType<Dictionary<string, object?>>(outcome.Result);
        Assert.Equal(new List<object?> { 1L, "two" }, map["a"]);
    }

    [Fact]
    public async Task Missing_and_unexpected_input_is_refused_with_the_servers_message()
    {
        using var catalog = new TempCatalog();
        var missing = await catalog.RunAsync("std.echo", "{}");
        Assert.True(missing.InputRefused);
        Assert.Equal("Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output']]", missing.Error);

        var both = await catalog.RunAsync("std.http", """{"b": 1, "a": 2}""");
        Assert.Equal("Invalid input [name=std.http, class=mistral.actions.std_actions.HTTPAction, missing=['url'], unexpected=['b', 'a']]", both.Error);

        var noop = await catalog.RunAsync("std.noop", """{"x": 1}""");
        Assert.Equal("Invalid input [name=std.noop, class=mistral.actions.std_actions.NoOpAction, unexpected=['x']]", noop.Error);
    }

    [Fact]
    public async Task Fail_without_data_raises_and_with_data_fails_with_that_data()
    {
        using var catalog = new TempCatalog();
        var raised = await catalog.RunAsync("std.fail", "{}");
        Assert.False(raised.Succeeded);
        Assert.Equal("The action raised an exception [action=Fail action, action_ex_id=action-1, msg='Fail action expected exception.']", raised.Error);

        var withData = await catalog.RunAsync("std.fail", """{"error_data": {"a": 1}}""");
        Assert.False(withData.Succeeded);
        Assert.False(withData.InputRefused);
        Assert.Equal("{'a': 1}", withData.Error);
    }

    [Fact]
    public async Task Noop_async_noop_and_test_dict()
    {
        using var catalog = new TempCatalog();
        Assert.Equal(ActionOutcomeKind.Ok, Kind(await catalog.RunAsync("std.noop", "{}")));
        var later = await catalog.RunAsync("std.async_noop", "{}");
        Assert.True(later.Pending);
        var dict = await catalog.RunAsync("std.test_dict", """{"size": 2, "key_prefix": "k", "val": "v"}""");
        Assert.Equal(new Dictionary<string, object?> { ["k0"] = "v", ["k1"] = "v" }, dict.Result);
    }

    [Fact]
    public async Task Sleep_waits_and_reads_bad_seconds_as_zero()
    {
        using var catalog = new TempCatalog();
        var clock = Stopwatch.StartNew();
        Assert.True((await catalog.RunAsync("std.sleep", """{"seconds": 1}""")).Succeeded);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"slept {clock.Elapsed}");

        clock.Restart();
        var bad = await catalog.RunAsync("std.sleep", """{"seconds": "x"}""");
        Assert.True(bad.Succeeded);
        Assert.Null(bad.Result);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"slept {clock.Elapsed}");
    }

    [Fact]
    public async Task Sleep_stops_when_cancelled()
    {
        using var catalog = new TempCatalog();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => catalog.RunAsync("std.sleep", """{"seconds": 60}""", cancellationToken: cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_unknown_action_is_not_found()
    {
        using var catalog = new TempCatalog();
        Assert.False(await catalog.ExistsAsync("nova.servers_create", ""));
        Assert.True(await catalog.ExistsAsync("std.javascript", ""));
        var outcome = await catalog.RunAsync("nova.servers_create", "{}", "ns1");
        Assert.Equal("Failed to find action [action_name=nova.servers_create, namespace=ns1]", outcome.Error);
    }

    [Fact]
    public async Task Javascript_reads_its_context_as_dollar_and_returns_json_values()
    {
        using var catalog = new TempCatalog();
        var outcome = await catalog.RunAsync("std.javascript", """{"script": "return {sum: $.a + $.b, names: $.names.map(function (n) { return n.toUpperCase(); })};", "context": {"a": 1, "b": 2.5, "names": ["x"]}}""");
        Assert.True(outcome.Succeeded, outcome.Error);
        var map = Assert.IsType<Dictionary<string, object?>>(outcome.Result);
        Assert.Equal(3.5, map["sum"]);
        Assert.Equal(new List<object?> { "X" }, map["names"]);

        var nothing = await catalog.RunAsync("std.javascript", """{"script": "var a = 1;"}""");
        Assert.True(nothing.Succeeded);
        Assert.Null(nothing.Result);
    }

    [Fact]
    public async Task Javascript_errors_fail_the_action_naming_the_error()
    {
        using var catalog = new TempCatalog();
        var thrown = await catalog.RunAsync("std.javascript", """{"script": "throw new Error('boom');"}""");
        Assert.False(thrown.Succeeded);
        Assert.StartsWith("The action raised an exception [action=<mistral.actions.std_actions.JavaScriptAction object>, action_ex_id=action-1, msg='JavaScriptAction failed: ", thrown.Error);
        Assert.Contains("boom", thrown.Error);

        var syntax = await catalog.RunAsync("std.javascript", """{"script": "return (;"}""");
        Assert.False(syntax.Succeeded);
        Assert.Contains("JavaScriptAction failed", syntax.Error);
    }

    private enum ActionOutcomeKind { Ok, Failed, Pending }

    private static ActionOutcomeKind Kind(MistralTemplates.Engine.Actions.ActionOutcome outcome) =>
        outcome.Pending ? ActionOutcomeKind.Pending : outcome.Succeeded ? ActionOutcomeKind.Ok : ActionOutcomeKind.Failed;
}
