using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Deployment;

public sealed class ResourceGraphTests
{
    [Fact]
    public void A_resource_waits_for_what_it_refers_to_and_a_trigger_for_the_workflow_it_names_as_a_plain_string()
    {
        var template = new StackTemplate("graph.yaml", """
            heat_template_version: 2018-08-31
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: "w:\n  tasks:\n    t:\n      action: std.noop\n"
              other_wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: "w:\n  tasks:\n    t:\n      action: std.noop\n"
              by_attr:
                type: OS::Mistral::CronTrigger
                properties:
                  pattern: "0 0 1 1 *"
                  workflow: { get_attr: [wf, available_workflows, w] }
              by_name:
                type: OS::Mistral::CronTrigger
                properties:
                  pattern: "0 0 1 1 *"
                  workflow: s.other_wf.w
              after:
                type: OS::Mistral::Workflow
                depends_on: [by_attr]
                properties:
                  definition: "w:\n  tasks:\n    t:\n      action: std.noop\n"
            """);
        var resources = template.Hot!.Resources;

        var graph = ResourceGraph.ForApply("s", resources,
            r => r.Name == "by_name" ? new JsonObject { ["workflow"] = "s.other_wf.w" } : new JsonObject());

        Assert.Empty(graph["wf"]);
        Assert.Equal(["wf"], graph["by_attr"]);
        Assert.Equal(["other_wf"], graph["by_name"]);
        Assert.Equal(["by_attr"], graph["after"]);
    }

    [Fact]
    public void A_workflow_is_deleted_after_every_trigger_that_runs_it_however_the_trigger_named_it()
    {
        var record = Record(
            ("wf", new ResourceRecord { Type = "OS::Mistral::Workflow", Workflows = ["s.wf.w"] }),
            ("wf2", new ResourceRecord { Type = "OS::Mistral::Workflow", Workflows = ["s.wf2.x"] }),
            // Named by a plain string: no dependency was recorded.
            ("plain", Trigger(new JsonObject { ["workflow"] = "s.wf.w" }, [])),
            ("mapped", Trigger(new JsonObject { ["workflow"] = new JsonObject { ["name"] = "s.wf2.x", ["input"] = new JsonObject() } }, ["wf2"])),
            ("unrelated", Trigger(new JsonObject { ["workflow"] = "someone.elses.workflow" }, [])));

        var graph = ResourceGraph.ForDelete(record, record.Resources.Keys.ToList());

        Assert.Equal(["plain"], graph["wf"]);
        Assert.Equal(["mapped"], graph["wf2"]);
        Assert.Empty(graph["plain"]);
        Assert.Empty(graph["unrelated"]);

        // Only what is being deleted is waited for.
        Assert.Empty(ResourceGraph.ForDelete(record, ["wf", "wf2"])["wf"]);
    }

    [Fact]
    public void A_trigger_whose_create_was_never_answered_is_deleted_before_every_workflow_of_the_stack()
    {
        var record = Record(
            ("wf", new ResourceRecord { Type = "OS::Mistral::Workflow", Workflows = ["s.wf.w"] }),
            ("wf2", new ResourceRecord { Type = "OS::Mistral::Workflow", Workflows = ["s.wf2.x"] }),
            // Announced before its create was sent: a name, no properties.
            ("announced", new ResourceRecord { Type = "OS::Mistral::CronTrigger", PhysicalId = "s.announced", Status = LifecycleStatus.CreateInProgress }),
            ("unrelated", Trigger(new JsonObject { ["workflow"] = "someone.elses.workflow" }, [])));

        var graph = ResourceGraph.ForDelete(record, record.Resources.Keys.ToList());

        Assert.Equal(["announced"], graph["wf"]);
        Assert.Equal(["announced"], graph["wf2"]);
        Assert.Empty(graph["announced"]);
    }

    [Fact]
    public async Task The_record_writer_saves_one_version_after_another_and_loses_no_step()
    {
        var saves = 0;
        var stored = Record();
        var writer = new RecordWriter(stored, async (next, previous) =>
        {
            Assert.Same(stored, previous);
            Interlocked.Increment(ref saves);
            await Task.Delay(10);
            return stored = next with { Version = previous.Version + 1 };
        });

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            writer.UpdateAsync(r => r.WithResource("r" + i, new ResourceRecord { Type = "T" })))));

        Assert.Equal(40, writer.Current.Resources.Count);
        Assert.Same(stored, writer.Current);
        Assert.Equal(1 + saves, writer.Current.Version);
        Assert.InRange(saves, 1, 40);
    }

    [Fact]
    public async Task A_change_whose_save_failed_is_still_known_and_goes_out_with_the_next_save()
    {
        var fail = true;
        var writer = new RecordWriter(Record(), (next, previous) =>
            fail ? Task.FromException<StackRecord>(new InvalidOperationException("server down")) : Task.FromResult(next with { Version = previous.Version + 1 }));

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.UpdateAsync(r => r.WithResource("made", new ResourceRecord { Type = "T" })));
        Assert.Empty(writer.Current.Resources);
        Assert.Contains("made", writer.Known.Resources.Keys);

        fail = false;
        await writer.UpdateAsync(r => r.WithResource("next", new ResourceRecord { Type = "T" }));
        Assert.Equal(["made", "next"], writer.Current.Resources.Keys.Order());
    }

    private static ResourceRecord Trigger(JsonObject properties, IReadOnlyList<string> dependsOn) => new()
    {
        Type = "OS::Mistral::CronTrigger",
        Properties = System.Text.Json.JsonSerializer.SerializeToElement(properties),
        DependsOn = dependsOn,
    };

    private static StackRecord Record(params (string Name, ResourceRecord Resource)[] resources) => new()
    {
        StackName = "s",
        StackId = Guid.NewGuid(),
        TemplatePath = "s.yaml",
        TemplateHash = "hash",
        Version = 1,
        Resources = resources.ToDictionary(r => r.Name, r => r.Resource, StringComparer.Ordinal),
    };
}
