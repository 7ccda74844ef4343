using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Alarms;

/// <summary><c>alarm trigger</c> against a stack on the real server, delivering to a receiver over real HTTP.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class AlarmTriggerCommandTests(MistralServer server) : IDisposable
{
    private readonly NotificationReceiver _receiver = new();

    private const string Template = """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                hello:
                  tasks:
                    say:
                      action: std.noop
          alarm:
            type: OS::Aodh::Alarm
            properties:
              meter_name: cpu_util
              threshold: 80
              comparison_operator: gt
              severity: critical
              alarm_actions: [RECEIVER/first, RECEIVER/second]
              ok_actions: [RECEIVER/ok]
        """;

    private sealed class AlarmStack(string name, string text) : Stack(name, new StackTemplate("alarm.yaml", text));

    private async Task<(int Code, string Output, string Error)> RunAsync(string stack, string template, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new AlarmStack(stack, template.Replace("RECEIVER", _receiver.BaseUrl)),
            [.. args, "--endpoint", server.Endpoint.ToString()], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static JsonObject BodyOf(ReceivedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    [MistralFact]
    public async Task Trigger_posts_aodhs_notification_to_the_actions_of_the_new_state_and_records_the_state()
    {
        var stack = MistralServer.UniqueName("alarmtrig");
        Assert.Equal(0, (await RunAsync(stack, Template, "deploy")).Code);
        var shownAlarm = JsonNode.Parse((await RunAsync(stack, Template, "attribute", "alarm", "show")).Output)!;
        var alarmId = shownAlarm["alarm_id"]!.GetValue<string>();

        var fired = await RunAsync(stack, Template, "alarm", "trigger", "alarm");

        Assert.True(fired.Code == 0, fired.Error);
        Assert.Contains($"alarm: insufficient data -> alarm (alarm {alarmId})", fired.Output);
        Assert.Contains($"POST {_receiver.BaseUrl}/first -> 200", fired.Output);
        Assert.Contains($"POST {_receiver.BaseUrl}/second -> 200", fired.Output);
        Assert.Equal(2, _receiver.Received.Count);
        var first = Assert.Single(_receiver.At("/first"));
        Assert.Equal("POST", first.Method);
        Assert.StartsWith("application/json", first.Headers["content-type"]);
        Assert.Matches("^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", first.Headers["x-openstack-request-id"]);
        Assert.NotEqual(first.Headers["x-openstack-request-id"], Assert.Single(_receiver.At("/second")).Headers["x-openstack-request-id"]);
        var body = BodyOf(first);
        Assert.Equal(["alarm_name", "alarm_id", "severity", "previous", "current", "reason", "reason_data"], body.Select(p => p.Key));
        Assert.Equal(alarmId, body["alarm_id"]!.GetValue<string>());
        Assert.Equal($"{stack}.alarm", shownAlarm["name"]!.GetValue<string>());
        Assert.Equal(shownAlarm["name"]!.GetValue<string>(), body["alarm_name"]!.GetValue<string>());
        Assert.Equal("critical", body["severity"]!.GetValue<string>());
        Assert.Equal("insufficient data", body["previous"]!.GetValue<string>());
        Assert.Equal("alarm", body["current"]!.GetValue<string>());
        Assert.Equal("Transition to alarm, set by alarm trigger", body["reason"]!.GetValue<string>());
        Assert.Equal("manual", body["reason_data"]!["type"]!.GetValue<string>());
        Assert.Empty(_receiver.At("/ok"));

        // The state is kept: a second firing says where it came from, and repeats its actions (repeat_actions defaults to true).
        Assert.Equal(0, (await RunAsync(stack, Template, "alarm", "trigger", "alarm")).Code);
        var again = BodyOf(_receiver.At("/first")[1]);
        Assert.Equal("alarm", again["previous"]!.GetValue<string>());
        Assert.Equal("Remaining as alarm, set by alarm trigger", again["reason"]!.GetValue<string>());

        var ok = await RunAsync(stack, Template, "alarm", "trigger", "alarm", "--state", "ok", "--reason", "back to normal");
        Assert.Equal(0, ok.Code);
        var okBody = BodyOf(Assert.Single(_receiver.At("/ok")));
        Assert.Equal("alarm", okBody["previous"]!.GetValue<string>());
        Assert.Equal("ok", okBody["current"]!.GetValue<string>());
        Assert.Equal("back to normal", okBody["reason"]!.GetValue<string>());
        Assert.Equal(2, _receiver.At("/first").Count);
        Assert.Equal("ok", JsonNode.Parse((await RunAsync(stack, Template, "attribute", "alarm", "show")).Output)!["state"]!.GetValue<string>());

        // No insufficient_data_actions: the state changes, nothing is sent.
        var quiet = await RunAsync(stack, Template, "alarm", "trigger", "alarm", "--state", "insufficient_data", "--json");
        Assert.Equal(0, quiet.Code);
        var shown = JsonNode.Parse(quiet.Output)!;
        Assert.Equal("ok", shown["previous"]!.GetValue<string>());
        Assert.Equal("insufficient data", shown["current"]!.GetValue<string>());
        Assert.Empty(shown["deliveries"]!.AsArray());
        Assert.Equal(5, _receiver.Received.Count);

        // A redeploy of the unchanged template keeps the state the trigger set.
        Assert.Equal(0, (await RunAsync(stack, Template, "deploy")).Code);
        Assert.Equal("insufficient data", JsonNode.Parse((await RunAsync(stack, Template, "attribute", "alarm", "show")).Output)!["state"]!.GetValue<string>());

        Assert.Equal(0, (await RunAsync(stack, Template, "destroy")).Code);
    }

    [MistralFact]
    public async Task A_receiver_that_answers_500_fails_the_trigger_and_is_named_while_the_others_still_get_theirs()
    {
        var stack = MistralServer.UniqueName("alarmfail");
        var template = Template.Replace("RECEIVER/second", "RECEIVER/fail");
        Assert.Equal(0, (await RunAsync(stack, template, "deploy")).Code);

        var fired = await RunAsync(stack, template, "alarm", "trigger", "alarm");

        Assert.True(fired.Code == 1, fired.Output + fired.Error);
        Assert.Contains($"POST {_receiver.BaseUrl}/fail -> 500", fired.Output);
        Assert.Contains($"not delivered to {_receiver.BaseUrl}/fail", fired.Error);
        Assert.Single(_receiver.At("/first"));
        Assert.Single(_receiver.At("/fail"));
        // The state changed all the same, as in Aodh, which records the transition before it notifies.
        Assert.Equal("alarm", JsonNode.Parse((await RunAsync(stack, template, "attribute", "alarm", "show")).Output)!["state"]!.GetValue<string>());

        Assert.Equal(0, (await RunAsync(stack, template, "destroy")).Code);
    }

    [MistralFact]
    public async Task Unknown_resources_non_alarms_bad_states_and_missing_stacks_are_refused_with_nothing_sent()
    {
        var stack = MistralServer.UniqueName("alarmbadin");
        var missing = await RunAsync(stack, Template, "alarm", "trigger", "alarm");
        Assert.Equal(1, missing.Code);
        Assert.Contains("there is no such stack; deploy it first.", missing.Error);

        Assert.Equal(0, (await RunAsync(stack, Template, "deploy")).Code);

        var unknown = await RunAsync(stack, Template, "alarm", "trigger", "nosuch");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("the stack has no resource 'nosuch'", unknown.Error);
        Assert.Contains("its alarm resources: alarm", unknown.Error);

        var workflow = await RunAsync(stack, Template, "alarm", "trigger", "workflow");
        Assert.Equal(1, workflow.Code);
        Assert.Contains("'workflow' is a OS::Mistral::Workflow; only alarm resources", workflow.Error);

        var state = await RunAsync(stack, Template, "alarm", "trigger", "alarm", "--state", "firing");
        Assert.Equal(2, state.Code);
        Assert.Contains("--state 'firing' is not alarm, ok or insufficient_data.", state.Error);

        Assert.Empty(_receiver.Received);
        Assert.Equal("insufficient data", JsonNode.Parse((await RunAsync(stack, Template, "attribute", "alarm", "show")).Output)!["state"]!.GetValue<string>());
        Assert.Equal(0, (await RunAsync(stack, Template, "destroy")).Code);
    }

    public void Dispose() => _receiver.Dispose();
}
