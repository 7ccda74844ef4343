using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;

namespace MistralTemplates.Language.Tests.Resources;

public class CronTriggerCheckerTests
{
    private static ResourceTestKit Trigger(string properties) => ResourceTestKit.Run("""
        heat_template_version: 2013-05-23
        resources:
          trigger:
            type: OS::Mistral::CronTrigger
            properties:

        """ + properties);

    [Fact]
    public void Heat_test_template_passes()
    {
        var kit = Trigger("""
                  name: my_cron_trigger
                  pattern: "* * 1 * *"
                  workflow: {'name': 'get_first_glance_image', 'input': {} }
                  count: 3
                  first_time: "2015-04-08 06:20"
            """);
        Assert.Empty(kit.Diagnostics.Items);
    }

    [Fact]
    public void Bad_pattern_field_is_reported_at_that_field()
    {
        var kit = Trigger("""
                  pattern: "1 0 * 13 *"
                  workflow: my_workflow
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronPatternInvalid, 5, 22, 5, 24);
        Assert.Contains("month field '13'", d.Message);
    }

    [Fact]
    public void Pattern_with_four_fields_is_reported_over_the_whole_pattern()
    {
        var kit = Trigger("""
                  pattern: 1 0 * *
                  workflow: my_workflow
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronPatternInvalid, 5, 15, 5, 22);
        Assert.Contains("4 field(s)", d.Message);
    }

    [Fact]
    public void Unknown_macro_is_an_error()
    {
        var kit = Trigger("""
                  pattern: "@fortnightly"
                  workflow: my_workflow
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronPatternInvalid, 5, 16, 5, 28);
    }

    [Theory]
    [InlineData("\"2015-02-30 06:20\"", 36)]
    [InlineData("\"2015-04-08T06:20\"", 36)]
    [InlineData("\"2015-04-08 06:20:00\"", 39)]
    public void First_time_not_in_heats_format_is_an_error_at_the_value(string value, int end)
    {
        var kit = Trigger($"""
                  first_time: {value}
                  workflow: my_workflow
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronFirstTimeFormat, 5, 18, 5, end);
    }

    [Fact]
    public void First_time_with_one_digit_parts_is_accepted_like_strptime()
    {
        var kit = Trigger("""
                  first_time: "2030-4-8 6:05"
                  workflow: my_workflow
            """);
        Assert.Empty(kit.Diagnostics.Items);
    }

    [Fact]
    public void Count_below_one_is_an_error_at_the_value()
    {
        var kit = Trigger("""
                  pattern: 0 * * * *
                  count: 0
                  workflow: my_workflow
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronCountTooSmall, 6, 13, 6, 14);
    }

    [Fact]
    public void Count_above_one_without_pattern_is_an_error_at_the_value()
    {
        var kit = Trigger("""
                  first_time: "2030-01-01 00:00"
                  count: 3
                  workflow: my_workflow
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronCountNeedsPattern, 6, 13, 6, 14);
    }

    [Fact]
    public void Neither_pattern_nor_first_time_is_an_error_at_the_resource()
    {
        var kit = Trigger("""
                  name: lonely
                  workflow: my_workflow
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronNoSchedule, 2, 2, 2, 9);
    }

    [Fact]
    public void Workflow_as_a_list_is_an_error_at_the_value()
    {
        var kit = Trigger("""
                  pattern: 0 * * * *
                  workflow: [my_workflow]
            """);
        var d = Assert.Single(kit.Own);
        Assert.Equal(DiagnosticCatalog.CronWorkflowShape, d.Descriptor);
        Assert.Equal((6, 16), (d.Span.Start.Line, d.Span.Start.Column));
    }

    [Fact]
    public void Workflow_map_with_unknown_key_is_an_error_at_the_key()
    {
        var kit = Trigger("""
                  pattern: 0 * * * *
                  workflow:
                    name: my_workflow
                    inputs: {a: 1}
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronWorkflowUnknownKey, 8, 8, 8, 14);
    }

    [Fact]
    public void Workflow_map_without_name_is_an_error_at_the_map()
    {
        var kit = Trigger("""
                  pattern: 0 * * * *
                  workflow: {input: {a: 1}}
            """);
        var d = Assert.Single(kit.Own);
        Assert.Equal(DiagnosticCatalog.CronWorkflowNameMissing, d.Descriptor);
        Assert.Equal((6, 16), (d.Span.Start.Line, d.Span.Start.Column));
    }

    // The blueprint's use case 3, with wfdef.yaml's indentation fixed.
    private const string WfDef = """
        version: 2.0
        create_vm:
          type: direct
          input:
            - vm_name
            - image_ref
            - flavor_ref
          output:
            vm_id: $.vm_id
          tasks:
            create_server:
              action: >
                nova.servers_create name={$.vm_name} image={$.image_ref}
                flavor={$.flavor_ref}
              publish:
                vm_id: $.id
        """;

    private static ResourceTestKit UseCase3(string workflowInput, string triggerWorkflow) => ResourceTestKit.Run("""
        heat_template_version: 2013-05-23
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: { get_file: wfdef.yaml }
              input:

        """ + workflowInput + """


          cron_trigger:
            type: OS::Mistral::CronTrigger
            properties:
              name: test_trigger
              pattern: 1 0 * * *

        """ + triggerWorkflow,
        new Dictionary<string, string> { ["wfdef.yaml"] = WfDef },
        new Dictionary<string, DslDocument> { ["workflow"] = SimpleDefinition.Read(WfDef) });

    private const string AllInputs = """
                vm_name: test
                image_ref: some_image_id
                flavor_ref: some_flavor_id
        """;

    [Fact]
    public void Use_case_3_passes_when_the_workflow_resource_supplies_every_input()
    {
        var kit = UseCase3(AllInputs, """
                  workflow: { get_attr: [workflow, available_workflows, create_vm]}
            """);
        Assert.Empty(kit.Own);
    }

    [Fact]
    public void Required_input_supplied_nowhere_is_an_error_at_the_workflow_reference()
    {
        var kit = UseCase3("""
                    vm_name: test
            """, """
                  workflow: { get_attr: [workflow, available_workflows, create_vm]}
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.TriggerRequiredInputMissing, 14, 16, 14, 71);
        Assert.Contains("the inputs 'image_ref', 'flavor_ref'", d.Message);
    }

    [Fact]
    public void Trigger_input_completes_the_workflow_resource_input()
    {
        var kit = UseCase3("""
                    vm_name: test
            """, """
                  workflow:
                    name: create_vm
                    input:
                      image_ref: cirros
                      flavor_ref: m1.tiny
            """);
        Assert.Empty(kit.Own);
    }

    [Fact]
    public void Required_input_missing_with_a_trigger_input_is_reported_at_its_key()
    {
        var kit = UseCase3("""
                    vm_name: test
            """, """
                  workflow:
                    name: { get_attr: [workflow, available_workflows, create_vm] }
                    input:
                      image_ref: cirros
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.TriggerRequiredInputMissing, 16, 8, 16, 13);
        Assert.Contains("the input 'flavor_ref'", d.Message);
    }

    [Fact]
    public void Trigger_input_the_workflow_does_not_declare_is_an_error_at_the_key()
    {
        var kit = UseCase3(AllInputs, """
                  workflow:
                    name: stack.workflow.create_vm
                    input:
                      vm_nmae: typo
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.TriggerInputNotDeclared, 19, 10, 19, 17);
        Assert.Contains("declared: 'vm_name', 'image_ref', 'flavor_ref'", d.Message);
    }

    [Fact]
    public void Workflow_outside_the_stack_is_not_checked_for_inputs()
    {
        var kit = UseCase3(AllInputs, """
                  workflow:
                    name: somebody_elses_workflow
                    input: {anything: 1}
            """);
        Assert.Empty(kit.Own);
    }

    [Fact]
    public void Trigger_attributes_are_single_values_without_path()
    {
        var kit = Trigger("""
                  pattern: 0 * * * *
                  workflow: my_workflow
            """);
        var d = DiagnosticAssert.At(kit.CheckPath("trigger", "remaining_executions", "x"), DiagnosticCatalog.AttributeHasNoPath,
            0, 0, 0, 1, "p.yaml");
        Assert.Contains("is a number", d.Message);
        Assert.Single(kit.CheckPath("trigger", "next_execution_time", "x"));
        Assert.Empty(kit.CheckPath("trigger", "show", "name"));
    }
}
