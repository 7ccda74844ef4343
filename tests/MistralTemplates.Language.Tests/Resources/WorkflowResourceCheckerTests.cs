using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Resources;

namespace MistralTemplates.Language.Tests.Resources;

public class WorkflowResourceCheckerTests
{
    private const string CreateVm = """
        version: '2.0'
        create_vm:
          input:
            - vm_name
            - image_ref
            - flavor_ref: m1.small
          tasks:
            create_server:
              action: nova.servers_create name=<% $.vm_name %>
        delete_vm:
          input:
            - vm_id
          tasks:
            delete_server:
              action: nova.servers_delete server=<% $.vm_id %>
        """;

    [Fact]
    public void Definition_with_structured_properties_is_an_error_at_each_of_them()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    test:
                      tasks:
                        hello:
                          action: std.noop
                  tasks:
                    - name: hello
                      action: std.noop
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.WorkflowDefinitionConflict, 10, 6, 10, 11);
    }

    [Fact]
    public void Workflow_without_definition_or_tasks_is_an_error_at_the_resource()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  input: {a: 1}
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.WorkflowWithoutDefinition, 2, 2, 2, 4);
    }

    [Fact]
    public void Definition_as_a_list_is_an_error_at_the_value()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: [a, b]
            """);
        var d = Assert.Single(kit.Own);
        Assert.Equal(DiagnosticCatalog.WorkflowDefinitionWrongType, d.Descriptor);
        Assert.Equal((5, 18), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Contains("not a list", d.Message);
    }

    [Fact]
    public void Empty_definition_is_reported_at_its_key()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition:
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.EmptyTemplate, 5, 6, 5, 16);
    }

    [Fact]
    public void Definition_through_get_file_reports_yaml_errors_inside_that_file()
    {
        // The blueprint's use case 3 wfdef.yaml, verbatim: the workflow is indented under 'version'.
        const string wfdef = """
            version: 2.0
              create_vm:
                type: direct
            """;
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  definition: { get_file: wfdef.yaml }
            """, new Dictionary<string, string> { ["wfdef.yaml"] = wfdef });
        var d = Assert.Single(kit.Own);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.Equal("wfdef.yaml", d.Span.Path);
        Assert.Equal((1, 11), (d.Span.Start.Line, d.Span.Start.Column));
    }

    [Fact]
    public void Yaml_error_inside_a_definition_block_points_at_the_template_line()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    version: 2.0
                      create_vm:
                        type: direct
            """);
        var d = Assert.Single(kit.Own);
        Assert.Equal(DiagnosticCatalog.YamlSyntax, d.Descriptor);
        Assert.Equal(ResourceTestKit.TemplatePath, d.Span.Path);
        Assert.Equal((7, 19), (d.Span.Start.Line, d.Span.Start.Column));
    }

    [Fact]
    public void Missing_get_file_target_goes_to_the_resolver()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  definition: { get_file: nowhere.yaml }
            """);
        Assert.Equal(new[] { "nowhere.yaml" }, kit.Files.Missing);
        Assert.Empty(kit.Own);
    }

    [Fact]
    public void Input_key_that_no_workflow_declares_is_an_error_at_the_key()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: {get_param: text}
                  input:
                    vm_name: test
                    vm_nmae: typo
            """);
        var bag = new DiagnosticBag();
        WorkflowResourceChecker.CheckInputKeys(kit.Resources["wf"].Properties!, SimpleDefinition.Read(CreateVm), bag);
        var d = DiagnosticAssert.At(bag.Items, DiagnosticCatalog.WorkflowInputNotDeclared, 8, 8, 8, 15);
        Assert.Contains("'vm_name', 'image_ref', 'flavor_ref', 'vm_id'", d.Message);
    }

    [Fact]
    public void Input_key_not_declared_in_a_definition_block_is_an_error_at_the_key()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    test:
                      input: [vm_name]
                      tasks:
                        hello:
                          action: std.echo output=<% $.vm_name %>
                  input:
                    vm_name: test
                    extra: 1
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.WorkflowInputNotDeclared, 13, 8, 13, 13);
    }

    [Fact]
    public void Dsl_error_inside_a_definition_block_points_at_the_yaml_line()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    test:
                      tasks:
                        hello:
                          action: std.noop
                          on-success: [missing_task]
            """);
        var d = Assert.Single(kit.Diagnostics.Items, x => x.Id.StartsWith("MT2") && x.IsError);
        Assert.Equal(ResourceTestKit.TemplatePath, d.Span.Path);
        Assert.Equal((10, 27, 10, 39), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
    }

    [Fact]
    public void Reverse_structured_workflow_without_params_is_an_error_at_the_resource()
    {
        // Heat's own test template workflow_template_bad_reverse.
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  type: reverse
                  tasks:
                    - name: second_task
                      action: std.noop
                      requires: [first_task]
                    - name: first_task
                      action: std.noop
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.ReverseWorkflowNeedsTaskName, 2, 2, 2, 10);
    }

    [Fact]
    public void Reverse_structured_workflow_with_params_but_no_task_name_is_an_error_at_params()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  type: reverse
                  params: {task_nam: first_task}
                  tasks:
                    - name: first_task
                      action: std.noop
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.ReverseWorkflowNeedsTaskName, 6, 6, 6, 12);
        Assert.Contains("'workflow'", d.Message);
    }

    [Fact]
    public void Structured_workflow_without_type_is_an_error_at_the_resource()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              hello:
                type: OS::Mistral::Workflow
                properties:
                  tasks:
                    - name: greet
                      action: std.echo output='Hello'
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.StructuredWorkflowNeedsType, 2, 2, 2, 7);
    }

    [Fact]
    public void Reverse_structured_workflow_with_task_name_passes()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  type: reverse
                  params: {task_name: first_task}
                  tasks:
                    - name: first_task
                      action: std.noop
            """);
        Assert.Empty(kit.Own);
    }

    [Fact]
    public void Reverse_workflow_in_a_definition_needs_task_name()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: 2013-05-23
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    build:
                      type: reverse
                      tasks:
                        first:
                          action: std.noop
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.ReverseWorkflowNeedsTaskName, 2, 2, 2, 4);
    }

    [Fact]
    public void Available_workflows_path_must_name_a_workflow_of_the_definition()
    {
        var kit = WithCreateVm();
        var d = DiagnosticAssert.At(kit.CheckPath("wf", "available_workflows", "create_wm"), DiagnosticCatalog.UnknownAvailableWorkflow,
            0, 0, 0, 9, "p.yaml");
        Assert.Contains("defines: 'create_vm', 'delete_vm'", d.Message);
        Assert.Empty(kit.CheckPath("wf", "available_workflows", "delete_vm"));
    }

    [Fact]
    public void Available_workflows_entry_has_nothing_inside()
    {
        var kit = WithCreateVm();
        DiagnosticAssert.At(kit.CheckPath("wf", "available_workflows", "create_vm", "name"), DiagnosticCatalog.AttributeHasNoPath,
            0, 10, 0, 14, "p.yaml");
    }

    [Fact]
    public void String_attributes_take_no_path_but_lists_and_maps_do()
    {
        var kit = WithCreateVm();
        DiagnosticAssert.At(kit.CheckPath("wf", "alarm_url", "x"), DiagnosticCatalog.AttributeHasNoPath, 0, 0, 0, 1, "p.yaml");
        Assert.Empty(kit.CheckPath("wf", "executions", "0", "state"));
        Assert.Empty(kit.CheckPath("wf", "data", "input"));
        Assert.Empty(kit.CheckPath("wf", "show", "anything"));
    }

    private static ResourceTestKit WithCreateVm() => ResourceTestKit.Run("""
        heat_template_version: 2013-05-23
        resources:
          wf:
            type: OS::Mistral::Workflow
            properties:
              definition: {get_file: wf.yaml}
        """, new Dictionary<string, string> { ["wf.yaml"] = CreateVm },
        new Dictionary<string, MistralTemplates.Language.Dsl.DslDocument> { ["wf"] = SimpleDefinition.Read(CreateVm) });
}
