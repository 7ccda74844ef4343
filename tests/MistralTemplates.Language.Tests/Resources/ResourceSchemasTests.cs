using System.Linq;
using MistralTemplates.Language.Resources;

namespace MistralTemplates.Language.Tests.Resources;

public class ResourceSchemasTests
{
    [Theory]
    [InlineData("OS::Mistral::Workflow", "available_workflows,executions,alarm_url,data,show")]
    [InlineData("OS::Mistral::CronTrigger", "next_execution_time,remaining_executions,show")]
    [InlineData("OS::Mistral::ExternalResource", "output,show")]
    [InlineData("OS::Aodh::Alarm", "show")]
    [InlineData("OS::Ceilometer::Alarm", "show")]
    public void Every_type_has_a_schema_and_a_checker(string type, string attributes)
    {
        var schema = ResourceSchemas.Find(type);
        Assert.NotNull(schema);
        Assert.Equal(attributes.Split(','), schema!.Attributes.Select(a => a.Name));
        Assert.Equal(type, ResourceCheckers.Find(type)!.ResourceType);
    }

    [Fact]
    public void Workflow_takes_both_forms_so_neither_form_is_required()
    {
        var schema = ResourceSchemas.Find("OS::Mistral::Workflow")!;
        Assert.DoesNotContain(schema.Properties, p => p.Required);
        var tasks = schema.Properties.Single(p => p.Name == "tasks");
        Assert.Contains(tasks.ListItemSchema!.MapSchema!, p => p.Name == "with_items");
        Assert.Equal(PropertyType.Any, schema.Properties.Single(p => p.Name == "definition").Type);
    }

    [Fact]
    public void Cron_trigger_workflow_accepts_a_name_or_a_map()
    {
        var workflow = ResourceSchemas.Find("OS::Mistral::CronTrigger")!.Properties.Single(p => p.Name == "workflow");
        Assert.Equal(PropertyType.Any, workflow.Type);
        Assert.True(workflow.Required);
    }

    [Fact]
    public void Workflow_checker_runs_before_the_others()
    {
        var workflow = ResourceCheckers.Find("OS::Mistral::Workflow")!;
        Assert.All(ResourceCheckers.All.Where(c => c != workflow), c => Assert.True(c.Order > workflow.Order));
    }

    [Fact]
    public void Property_names_are_unique_in_every_schema()
    {
        foreach (var schema in ResourceSchemas.All)
            Assert.Equal(schema.Properties.Count, schema.Properties.Select(p => p.Name).Distinct().Count());
    }
}
