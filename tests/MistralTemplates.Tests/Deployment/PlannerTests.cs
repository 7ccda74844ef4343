using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Deployment;

namespace MistralTemplates.Tests.Deployment;

public class PlannerTests
{
    private static JsonObject Props(string json) => JsonNode.Parse(json)!.AsObject();

    private const string Workflow = "OS::Mistral::Workflow";
    private const string CronTrigger = "OS::Mistral::CronTrigger";

    [Fact]
    public void An_empty_stack_creates_every_resource()
    {
        var plan = Planner.Plan("s", [new("wf", Workflow, Props("""{"definition": "x"}""")), new("cron", CronTrigger, Props("{}"))], []);

        Assert.Equal([ChangeKind.Create, ChangeKind.Create], plan.Changes.Select(c => c.Kind));
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public void Unchanged_properties_plan_nothing()
    {
        var properties = """{"definition": "version: '2.0'", "input": {"a": 1}}""";
        var plan = Planner.Plan("s", [new("wf", Workflow, Props(properties))], [new("wf", Workflow, Props(properties))]);

        Assert.False(plan.HasChanges);
        Assert.Equal(ChangeKind.NoChange, Assert.Single(plan.Changes).Kind);
    }

    [Fact]
    public void A_changed_workflow_definition_is_updated_in_place()
    {
        var plan = Planner.Plan("s", [new("wf", Workflow, Props("""{"definition": "new"}"""))], [new("wf", Workflow, Props("""{"definition": "old"}"""))]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("'definition' changed", change.Reason);
        var difference = Assert.Single(change.Differences);
        Assert.Equal("old", difference.Before!.GetValue<string>());
        Assert.Equal("new", difference.After!.GetValue<string>());
        Assert.False(difference.ForcesReplacement);
    }

    [Fact]
    public void A_changed_cron_pattern_replaces_the_trigger_and_says_which_property_forced_it()
    {
        var plan = Planner.Plan("s",
            [new("cron", CronTrigger, Props("""{"pattern": "0 * * * *", "count": 3}"""))],
            [new("cron", CronTrigger, Props("""{"pattern": "* * * * *", "count": 3}"""))]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Replace, change.Kind);
        Assert.Equal("'pattern' changed and cannot be updated in place", change.Reason);
        Assert.True(Assert.Single(change.Differences).ForcesReplacement);
    }

    [Fact]
    public void A_property_added_or_removed_counts_as_a_difference()
    {
        var plan = Planner.Plan("s",
            [new("wf", Workflow, Props("""{"definition": "d", "input": {"a": 1}}"""))],
            [new("wf", Workflow, Props("""{"definition": "d", "params": {"x": 1}}"""))]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal(["input", "params"], change.Differences.Select(d => d.Property).Order());
        Assert.Equal("'params' and 'input' changed", change.Reason);
    }

    [Fact]
    public void A_resource_left_out_of_the_template_is_deleted_and_a_type_change_replaces()
    {
        var plan = Planner.Plan("s",
            [new("a", CronTrigger, Props("{}"))],
            [new("a", Workflow, Props("{}")), new("b", Workflow, Props("{}"))]);

        Assert.Equal(ChangeKind.Replace, plan.Changes.Single(c => c.Resource == "a").Kind);
        Assert.Contains("type changed", plan.Changes.Single(c => c.Resource == "a").Reason);
        Assert.Equal(ChangeKind.Delete, plan.Changes.Single(c => c.Resource == "b").Kind);
    }

    [Fact]
    public void A_property_the_schema_does_not_know_replaces_rather_than_guessing()
    {
        var plan = Planner.Plan("s",
            [new("x", "Custom::Thing", Props("""{"size": 2}"""))],
            [new("x", "Custom::Thing", Props("""{"size": 1}"""))]);

        Assert.Equal(ChangeKind.Replace, Assert.Single(plan.Changes).Kind);
    }
}
