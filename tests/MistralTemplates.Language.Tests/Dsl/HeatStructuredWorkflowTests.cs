using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using static MistralTemplates.Language.Tests.Dsl.DslTestHelper;

namespace MistralTemplates.Language.Tests.Dsl;

/// <summary>Heat's structured OS::Mistral::Workflow form: tasks as a list with snake_case keys.</summary>
public class HeatStructuredWorkflowTests
{
    private static (DslDocument? Document, IReadOnlyList<TemplateDiagnostic> Diagnostics) ParseResource(string path, string text, string resource = "workflow")
    {
        var loaded = YamlLoader.Load(path, text);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var resources = (YamlMapping)((YamlMapping)loaded.Root!)["resources"]!;
        var properties = (YamlMapping)((YamlMapping)resources[resource]!)["properties"]!;
        var bag = new DiagnosticBag();
        var document = DslParser.ParseHeatStructured(properties, resource, bag);
        return (document, bag.Items);
    }

    private const string Template = "heat_template_version: 2013-05-23\nresources:\n  workflow:\n    type: OS::Mistral::Workflow\n    properties:\n";

    [Fact]
    public void Full_heat_fixture_gives_the_model_and_no_error()
    {
        var file = Path.Combine(RepositoryPaths.Corpus, "openstack__heat", "heat__tests__openstack__mistral__test_workflow.py__workflow_template_full.yaml");
        var (document, diagnostics) = ParseResource(file, File.ReadAllText(file), "create_vm");
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        var workflow = Assert.Single(document!.Workflows);
        Assert.Equal("create_vm", workflow.Name);
        Assert.Equal(WorkflowType.Direct, workflow.Type);
        Assert.Equal(new[] { "name", "image", "flavor" }, workflow.Inputs.Select(i => i.Name));
        Assert.Equal(new[] { "create_server", "check_server_exists", "wait_instance", "list_machines", "on_error", "external_workflow" },
            workflow.Tasks.Select(t => t.Name));
        Assert.Equal("nova.servers_create", workflow.Tasks[0].Action);
        Assert.Equal("external_workflow_name", workflow.Tasks[5].Workflow);
        Assert.Equal("vm_id_new", Assert.Single(workflow.Tasks[2].WithItems).Variable);
        Assert.Equal("on_error", Assert.Single(workflow.TaskDefaults!.OnError).Target);
    }

    [Theory]
    [InlineData("workflow_template.yaml")]
    [InlineData("workflow_template_with_tags.yaml")]
    [InlineData("workflow_template_with_params.yaml")]
    [InlineData("workflow_template_with_params_override.yaml")]
    [InlineData("workflow_updating_request_body_property.yaml")]
    [InlineData("workflow_template_backward_support.yaml")]
    [InlineData("workflow_template_update_replace.yaml")]
    [InlineData("workflow_template_update.yaml")]
    [InlineData("workflow_template_policies_translation.yaml")]
    [InlineData("workflow_template_bad_reverse.yaml")] // invalid only for params.task_name, a resource-level rule
    public void Valid_heat_fixtures_give_no_workflow_error(string name)
    {
        var file = Path.Combine(RepositoryPaths.Corpus, "openstack__heat", "heat__tests__openstack__mistral__test_workflow.py__" + name);
        var loaded = YamlLoader.Load(file, File.ReadAllText(file));
        var resources = (YamlMapping)((YamlMapping)loaded.Root!)["resources"]!;
        var bag = new DiagnosticBag();
        foreach (var entry in resources.Entries)
        {
            var resource = (YamlMapping)entry.Value;
            if (resource["type"] is YamlScalar { Value: "OS::Mistral::Workflow" } && resource["properties"] is YamlMapping p && !p.ContainsKey("definition"))
                Assert.NotNull(DslParser.ParseHeatStructured(p, entry.KeyText, bag));
        }
        Assert.DoesNotContain(bag.Items, d => d.IsError);
    }

    [Fact]
    public void Requires_in_a_direct_heat_workflow_is_reported_at_the_key()
    {
        var file = Path.Combine(RepositoryPaths.Corpus, "openstack__heat", "heat__tests__openstack__mistral__test_workflow.py__workflow_template_bad.yaml");
        var (_, d) = ParseResource(file, File.ReadAllText(file));
        AssertOnly(d, DiagnosticCatalog.DslRequiresInDirectWorkflow, 10, 11);
    }

    [Fact]
    public void Concurrency_without_with_items_is_an_error_in_heat()
    {
        var file = Path.Combine(RepositoryPaths.Corpus, "openstack__heat", "heat__tests__openstack__mistral__test_workflow.py__workflow_template_concurrency_no_with_items.yaml");
        var (_, d) = ParseResource(file, File.ReadAllText(file));
        var diagnostic = Assert.Single(d, x => x.Id == DiagnosticCatalog.HeatWorkflowConcurrencyWithoutWithItems.Id);
        Assert.True(diagnostic.IsError);
    }

    [Fact]
    public void Policy_set_twice_is_reported_at_the_policies_entry()
    {
        var file = Path.Combine(RepositoryPaths.Corpus, "openstack__heat", "heat__tests__openstack__mistral__test_workflow.py__workflow_template_duplicate_polices.yaml");
        var (_, d) = ParseResource(file, File.ReadAllText(file));
        AssertOnly(d, DiagnosticCatalog.HeatWorkflowPolicyConflict, 12, 12);
    }

    [Fact]
    public void Heat_task_without_action_or_workflow_is_reported_at_its_name()
    {
        var (_, d) = ParseResource("t.yaml", Template + "      type: direct\n      tasks:\n        - name: idle\n");
        AssertOnly(d, DiagnosticCatalog.HeatWorkflowTaskWithoutCommand, 8, 17);
    }

    [Fact]
    public void Heat_transition_to_an_unknown_task_is_reported()
    {
        var (_, d) = ParseResource("t.yaml", Template + "      type: direct\n      tasks:\n        - name: a\n          action: std.noop\n          on_success: [b]\n");
        AssertOnly(d, DiagnosticCatalog.DslUnknownTransitionTarget, 10, 24);
    }

    [Fact]
    public void Heat_workflow_without_tasks_is_reported()
    {
        var (_, d) = ParseResource("t.yaml", Template + "      type: direct\n      tasks: []\n");
        AssertOnly(d, DiagnosticCatalog.DslNoTasks, 7, 7);
    }

    [Fact]
    public void Heat_unknown_task_key_is_reported()
    {
        var (_, d) = ParseResource("t.yaml", Template + "      type: reverse\n      tasks:\n        - name: a\n          action: std.noop\n          publish_on_error: {x: 1}\n");
        AssertOnly(d, DiagnosticCatalog.DslUnknownKey, 10, 11);
    }

    [Fact]
    public void Heat_intrinsic_functions_are_not_type_checked()
    {
        var (doc, d) = ParseResource("t.yaml", Template +
            "      type: direct\n      tasks:\n        - name: a\n          workflow: {get_resource: other}\n          wait_before: {get_param: delay}\n");
        Assert.Empty(d);
        Assert.Null(Assert.Single(doc!.Workflows[0].Tasks).Workflow);
    }
}
