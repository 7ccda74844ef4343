using System.Linq;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests.Resources;

public class ExternalResourceCheckerTests
{
    [Fact]
    public void Heat_test_template_passes()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: ocata
            resources:
              custom:
                type: OS::Mistral::ExternalResource
                properties:
                  actions:
                    CREATE:
                      workflow: some_workflow
                      params:
                        target: create_my_custom_thing
                    UPDATE:
                      workflow: another_workflow
                    DELETE:
                      workflow: yet_another_workflow
                  input:
                    foo1: 123
                    foo2: 456
                  replace_on_change_inputs:
                    - foo2
            """);
        Assert.Empty(kit.Diagnostics.Items);
    }

    [Fact]
    public void Replace_on_change_input_that_is_not_an_input_is_a_warning_at_the_name()
    {
        var kit = ResourceTestKit.Run("""
            heat_template_version: ocata
            resources:
              custom:
                type: OS::Mistral::ExternalResource
                properties:
                  actions:
                    CREATE: {workflow: some_workflow}
                  input:
                    foo1: 123
                  replace_on_change_inputs: [foo1, foo3]
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.ReplaceOnChangeNotAnInput, 9, 39, 9, 43);
        Assert.False(d.IsError);
        Assert.Contains("keys: 'foo1'", d.Message);
    }

    /// <summary>
    /// A stack whose external resource runs two workflows of its own: create_thing takes size (required)
    /// and label (with a default); delete_thing takes <paramref name="deleteInputs"/>.
    /// </summary>
    private static System.Collections.Generic.IReadOnlyList<TemplateDiagnostic> AnalyzeExternal(string input, string deleteInputs = "[force: false]") =>
        TemplateAnalyzer.Analyze(ResourceTestKit.TemplatePath, $$$"""
            heat_template_version: 2018-08-31
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: |
                    version: '2.0'
                    create_thing:
                      input: [size, label: none]
                      tasks:
                        t: {action: std.noop}
                    delete_thing:
                      input: {{{deleteInputs}}}
                      tasks:
                        t: {action: std.noop}
              thing:
                type: OS::Mistral::ExternalResource
                properties:
                  actions:
                    CREATE: {workflow: {get_attr: [wf, available_workflows, create_thing]}}
                    DELETE:
                      workflow: {get_attr: [wf, available_workflows, delete_thing]}
            {{{input}}}
            """, InMemoryFileProvider.Empty).Diagnostics;

    [Fact]
    public void Input_key_an_action_workflow_does_not_take_is_an_error_at_the_key()
    {
        // Mistral refuses the DELETE execution: "Invalid input [... unexpected=['size']]", so destroy fails.
        var all = AnalyzeExternal("      input: {size: 3}");
        var d = DiagnosticAssert.At(all, DiagnosticCatalog.ExternalInputNotDeclared, 22, 14, 22, 18);
        Assert.True(d.IsError);
        Assert.Contains("The DELETE workflow 'delete_thing' declares no input 'size' (declared: 'force')", d.Message);
        Assert.True(all.Count(x => x.IsError) == 1, string.Join("\n", all));
    }

    [Fact]
    public void Input_key_close_to_a_declared_one_gets_a_suggestion()
    {
        var all = AnalyzeExternal("      input: {sise: 3, id: x}", deleteInputs: "[id, size]");
        var undeclared = all.Where(x => x.Descriptor == DiagnosticCatalog.ExternalInputNotDeclared).ToList();
        Assert.Equal(3, undeclared.Count); // sise for both workflows, id for create_thing
        Assert.Contains(undeclared, x => x.Message.Contains("The CREATE workflow 'create_thing' declares no input 'sise'") && x.Message.Contains("Did you mean 'size'?"));
        Assert.Contains(undeclared, x => x.Message.Contains("The CREATE workflow 'create_thing' declares no input 'id'") && !x.Message.Contains("Did you mean"));
    }

    [Fact]
    public void Required_input_of_an_action_workflow_left_out_of_input_is_an_error()
    {
        var all = AnalyzeExternal("      input: {label: x}");
        var d = DiagnosticAssert.At(all, DiagnosticCatalog.ExternalRequiredInputMissing, 22, 6, 22, 11);
        Assert.Contains("The CREATE workflow 'create_thing' requires the input 'size'", d.Message);
        // The label key is not one delete_thing takes either.
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.ExternalInputNotDeclared && x.Message.Contains("'label'"));
    }

    [Fact]
    public void Required_input_without_any_input_property_is_reported_at_the_action_workflow()
    {
        var all = AnalyzeExternal(string.Empty);
        var d = DiagnosticAssert.At(all, DiagnosticCatalog.ExternalRequiredInputMissing, 19, 27, 19, 78);
        Assert.Contains("requires the input 'size'", d.Message);
    }

    [Fact]
    public void Input_every_action_workflow_takes_passes()
    {
        var all = AnalyzeExternal("      input: {size: 3}", deleteInputs: "[size, force: false]");
        Assert.DoesNotContain(all, x => x.IsError);
    }

    [Fact]
    public void Computed_input_is_not_checked()
    {
        var all = AnalyzeExternal("      input: {get_param: OS::stack_name}");
        Assert.DoesNotContain(all, x => x.Descriptor == DiagnosticCatalog.ExternalInputNotDeclared
                                        || x.Descriptor == DiagnosticCatalog.ExternalRequiredInputMissing);
    }
}

public class AlarmCheckerTests
{
    private static ResourceTestKit Alarm(string properties, string type = "OS::Aodh::Alarm") => ResourceTestKit.Run(AlarmTemplate(properties, type));

    /// <summary>Allowed values come from the schema and are checked by the template's property checks.</summary>
    private static System.Collections.Generic.IReadOnlyList<TemplateDiagnostic> AnalyzeAlarm(string properties, string type = "OS::Aodh::Alarm") =>
        TemplateAnalyzer.Analyze(ResourceTestKit.TemplatePath, AlarmTemplate(properties, type),
            new InMemoryFileProvider(new System.Collections.Generic.Dictionary<string, string> { ["wf.yaml"] = "version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n" })).Diagnostics;

    private static string AlarmTemplate(string properties, string type) => $"""
        heat_template_version: 2013-05-23
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: {"{"} get_file: wf.yaml {"}"}
          alarm:
            type: {type}
            properties:
              meter_name: cpu_util
              threshold: 0

        """ + properties;

    [Theory]
    [InlineData("OS::Aodh::Alarm")]
    [InlineData("OS::Ceilometer::Alarm")]
    public void Use_case_2_alarm_calling_the_workflow_passes(string type)
    {
        var kit = Alarm("""
                  statistic: avg
                  period: 60
                  evaluation_periods: 1
                  alarm_actions:
                    - { get_attr: [workflow, alarm_url] }
                    - https://example.org/hook
                    - workflow
                  comparison_operator: ge
            """, type);
        Assert.DoesNotContain(kit.Own, d => d.Id.StartsWith("MT4"));
    }

    [Fact]
    public void Comparison_operator_outside_the_allowed_values_is_an_error_at_the_value()
    {
        var diagnostics = AnalyzeAlarm("""
                  comparison_operator: ">="
            """);
        var d = DiagnosticAssert.At(diagnostics, DiagnosticCatalog.PropertyValueNotAllowed, 11, 27, 11, 31);
        Assert.Contains("le, ge, eq, lt, gt, ne", d.Message);
    }

    [Fact]
    public void Statistic_outside_the_allowed_values_is_an_error_at_the_value()
    {
        var diagnostics = AnalyzeAlarm("""
                  statistic: average
            """, "OS::Ceilometer::Alarm");
        DiagnosticAssert.At(diagnostics, DiagnosticCatalog.PropertyValueNotAllowed, 11, 17, 11, 24);
    }

    [Fact]
    public void Query_operator_is_checked_inside_the_list()
    {
        var diagnostics = AnalyzeAlarm("""
                  query:
                    - field: metadata.user_metadata.stack
                      op: equals
                      value: abc
            """);
        DiagnosticAssert.At(diagnostics, DiagnosticCatalog.PropertyValueNotAllowed, 13, 14, 13, 20);
    }

    [Fact]
    public void Action_that_is_not_a_url_is_a_warning()
    {
        var kit = Alarm("""
                  alarm_actions: [workflow_url]
            """);
        var d = DiagnosticAssert.At(kit.Own, DiagnosticCatalog.AlarmActionNotUrl, 11, 22, 11, 34);
        Assert.Equal(Severity.Warning, d.Severity);
    }

    [Fact]
    public void Action_reading_another_attribute_is_a_warning()
    {
        var kit = Alarm("""
                  ok_actions:
                    - { get_attr: [workflow, executions] }
            """);
        var d = Assert.Single(kit.Own, x => x.Descriptor == DiagnosticCatalog.AlarmActionNotUrl);
        Assert.Equal((12, 10), (d.Span.Start.Line, d.Span.Start.Column));
        Assert.Contains("'executions' of 'workflow'", d.Message);
    }

    [Fact]
    public void Time_constraint_start_is_a_cron_expression()
    {
        var kit = Alarm("""
                  time_constraints:
                    - name: nights
                      start: "0 25 * * *"
                      duration: 3600
            """);
        DiagnosticAssert.At(kit.Own, DiagnosticCatalog.CronPatternInvalid, 13, 20, 13, 22);
    }
}
