using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Deployment.Resources;

namespace MistralTemplates.Tests.Deployment;

/// <summary>What needs no server: the local alarm's record, and the external resource's planning rules.</summary>
public class LocalAlarmAndExternalPlanTests
{
    private const string External = "OS::Mistral::ExternalResource";
    private static readonly ResourceContext Context = new(null!, "s", "alarm");

    private static JsonObject Props(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task A_local_alarm_holds_what_Aodh_would_and_keeps_unresolved_actions_pending()
    {
        var provider = new LocalAlarmResourceProvider("OS::Ceilometer::Alarm");
        var properties = Props("""
            {"meter_name": "cpu_util", "threshold": 70, "comparison_operator": "gt",
             "matching_metadata": {"metadata.user_metadata.stack": "s1"},
             "alarm_actions": ["http://hooks.example/a", "(known after deploy): get_attr workflow alarm_url", "scaler"],
             "ok_queues": ["calm"]}
            """);

        var state = await provider.CreateAsync(Context, properties, CancellationToken.None);
        var alarm = (await provider.GetAttributeAsync(Context, state, "show", CancellationToken.None))!;

        Assert.True(Guid.TryParse(state.PhysicalId, out _));
        Assert.Equal(state.PhysicalId, alarm["alarm_id"]!.GetValue<string>());
        Assert.Equal("s.alarm", alarm["name"]!.GetValue<string>());
        Assert.Equal("insufficient data", alarm["state"]!.GetValue<string>());
        Assert.Equal(["http://hooks.example/a"], alarm["alarm_actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["trust+zaqar://?queue_name=calm"], alarm["ok_actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var rule = alarm["threshold_rule"]!;
        Assert.Equal("avg", rule["statistic"]!.GetValue<string>()); // Aodh's default
        Assert.Equal(70, rule["threshold"]!.GetValue<int>());
        var factor = Assert.Single(rule["query"]!.AsArray())!;
        Assert.Equal("metadata.user_metadata.stack", factor["field"]!.GetValue<string>()); // cpu_util is a Nova meter
        Assert.Equal("s1", factor["value"]!.GetValue<string>());
        var pending = state.Data[LocalAlarmResourceProvider.PendingActionsKey]!.AsArray();
        Assert.Equal(["get_attr workflow alarm_url", "get_attr scaler alarm_url"], pending.Select(p => p!["waits_for"]!.GetValue<string>()));
        Assert.Contains("alarm_actions waits for get_attr workflow alarm_url", LocalAlarmResourceProvider.PendingNote(state));

        properties["alarm_actions"] = new JsonArray("http://hooks.example/b");
        var updated = await provider.UpdateAsync(Context, state, properties, CancellationToken.None);
        Assert.Equal(state.PhysicalId, updated.PhysicalId);
        Assert.Null(LocalAlarmResourceProvider.PendingNote(updated));
        await Assert.ThrowsAsync<ResourceException>(() => provider.GetAttributeAsync(Context, updated, "alarm_url", CancellationToken.None));
    }

    [Fact]
    public void Only_alarm_types_have_a_local_alarm_provider() =>
        Assert.Throws<ArgumentException>(() => new LocalAlarmResourceProvider(External));

    [Fact]
    public void A_change_to_an_input_named_in_replace_on_change_inputs_replaces_an_external_resource()
    {
        const string before = """{"actions": {}, "input": {"size": 1, "label": "a"}, "replace_on_change_inputs": ["label"]}""";

        var update = Planner.Plan("s", [new("thing", External, Props(before.Replace("\"size\": 1", "\"size\": 2")))], [new("thing", External, Props(before))]);
        var replace = Planner.Plan("s", [new("thing", External, Props(before.Replace("\"a\"", "\"b\"")))], [new("thing", External, Props(before))]);

        Assert.Equal(ChangeKind.Update, Assert.Single(update.Changes).Kind);
        var change = Assert.Single(replace.Changes);
        Assert.Equal(ChangeKind.Replace, change.Kind);
        Assert.Equal("input 'label' changed and is listed in replace_on_change_inputs", change.Reason);
        Assert.True(Assert.Single(change.Differences).ForcesReplacement);
    }

    [Fact]
    public void Always_update_plans_an_update_of_an_unchanged_external_resource_and_nothing_else()
    {
        const string always = """{"actions": {}, "input": {"size": 1}, "always_update": true}""";

        var plan = Planner.Plan("s", [new("thing", External, Props(always))], [new("thing", External, Props(always))]);
        var off = Planner.Plan("s", [new("thing", External, Props(always.Replace("true", "false")))],
            [new("thing", External, Props(always.Replace("true", "false")))]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Empty(change.Differences);
        Assert.Equal("always_update is set: its UPDATE workflow runs on every deploy", change.Reason);
        Assert.False(off.HasChanges);
    }
}
