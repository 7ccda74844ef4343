using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Tests.Text;

public class NameSuggestionsTests
{
    [Theory]
    [InlineData("defintion", "definition")] // a letter left out
    [InlineData("defniition", "definition")] // two letters swapped
    [InlineData("Definition", "definition")] // letter case
    [InlineData("task", "tasks")]
    [InlineData("imgae", "image")]
    [InlineData("on_sucess", "on_success")]
    public void A_typo_of_one_name_suggests_it(string typo, string meant)
    {
        var candidates = new[] { "name", "type", "description", "definition", "tasks", "image", "on_success", "on_error" };
        Assert.Equal(meant, NameSuggestions.Closest(typo, candidates));
        Assert.Equal($" Did you mean '{meant}'?", NameSuggestions.Hint(typo, candidates));
    }

    [Theory]
    [InlineData("flavour")] // nothing close enough
    [InlineData("x")] // too short for any guess
    [InlineData("ab")]
    public void A_name_close_to_none_gets_no_suggestion(string name)
    {
        var candidates = new[] { "image", "key_name", "xy", "ac" };
        Assert.Null(NameSuggestions.Closest(name, candidates));
        Assert.Equal(string.Empty, NameSuggestions.Hint(name, candidates));
    }

    [Fact]
    public void Two_equally_close_names_give_no_suggestion()
    {
        Assert.Null(NameSuggestions.Closest("task_b", new[] { "task_a", "task_c" }));
        Assert.Equal("task_a", NameSuggestions.Closest("task_b", new[] { "task_a", "other" }));
    }

    [Fact]
    public void Of_two_spellings_of_one_name_the_one_written_alike_wins()
    {
        Assert.Equal("Retain", NameSuggestions.Closest("Retian", new[] { "Delete", "Retain", "delete", "retain" }));
        Assert.Equal("retain", NameSuggestions.Closest("retian", new[] { "Delete", "Retain", "delete", "retain" }));
    }

    [Fact]
    public void Distance_counts_insertions_deletions_substitutions_and_swaps()
    {
        Assert.Equal(0, NameSuggestions.Distance("Size", "size"));
        Assert.Equal(1, NameSuggestions.Distance("Size", "size", ignoreCase: false));
        Assert.Equal(1, NameSuggestions.Distance("size", "sizes"));
        Assert.Equal(1, NameSuggestions.Distance("size", "sise"));
        Assert.Equal(1, NameSuggestions.Distance("size", "szie"));
        Assert.Equal(3, NameSuggestions.Distance("kitten", "sitting"));
        Assert.Equal(4, NameSuggestions.Distance("", "four"));
    }
}

/// <summary>Every unknown-name diagnostic offers the close name, at the typo.</summary>
public class DidYouMeanTests
{
    private static List<TemplateDiagnostic> Analyze(string template) =>
        TemplateAnalyzer.Analyze("t.yaml", template, InMemoryFileProvider.Empty).Diagnostics.ToList();

    private const string Definition = """
                  definition: |
                    version: '2.0'
                    create_vm:
                      input: [image]
                      tasks:
                        boot:
                          action: std.noop
                          on-success: [report]
                        report:
                          action: std.noop
        """;

    [Fact]
    public void Misspelt_definition_is_one_error_at_the_typo_that_names_definition()
    {
        var all = Analyze("""
            heat_template_version: 2018-08-31
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  defintion: |
                    version: '2.0'
                    w:
                      tasks:
                        t: {action: std.noop}
            """);
        var d = Assert.Single(all, x => x.IsError);
        Assert.Equal(DiagnosticCatalog.UnknownProperty, d.Descriptor);
        Assert.Equal((5, 6, 5, 15), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
        Assert.StartsWith("'defintion' is not a property of OS::Mistral::Workflow (resource 'wf'). Did you mean 'definition'? Its properties are:", d.Message);
    }

    [Fact]
    public void Workflow_with_neither_form_and_no_typo_still_says_so()
    {
        var all = Analyze("""
            heat_template_version: 2018-08-31
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  description: nothing to run
            """);
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.WorkflowWithoutDefinition);
    }

    [Theory]
    [InlineData("{get_param: imgae}", "MT1033", "'imgae' is not a parameter of this template. Did you mean 'image'?")]
    [InlineData("{get_resource: wff}", "MT1034", "'wff' is not a resource of this template. Did you mean 'wf'?")]
    [InlineData("{get_attr: [wf, available_workflow]}", "MT1035", "Did you mean 'available_workflows'?")]
    [InlineData("{get_attr: [wf, available_workflows, create_mv]}", "MT4006", "'create_mv' is not a workflow of the resource 'wf'. Did you mean 'create_vm'?")]
    public void Unknown_reference_suggests_the_close_name(string value, string id, string expected)
    {
        var all = Analyze($$$"""
            heat_template_version: 2018-08-31
            parameters:
              image: {type: string}
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
            {{{Definition}}}
            outputs:
              o: {value: {{{value}}}}
            """);
        var d = Assert.Single(all, x => x.IsError);
        Assert.Equal(id, d.Id);
        Assert.Contains(expected, d.Message);
    }

    [Fact]
    public void Unknown_property_of_a_nested_map_and_unknown_section_suggest_the_close_name()
    {
        var all = Analyze($$$"""
            heat_template_version: 2018-08-31
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
            {{{Definition}}}
              trigger:
                type: OS::Mistral::CronTrigger
                properties:
                  patern: "0 * * * *"
                  workflow: {name: {get_attr: [wf, available_workflows, create_vm]}, input: {imag: cirros}}
            ouputs: {}
            """);
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.UnknownProperty && x.Message.Contains("Did you mean 'pattern'?"));
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.TriggerInputNotDeclared && x.Message.Contains("Did you mean 'image'?"));
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.UnknownSection && x.Message.Contains("Did you mean 'outputs'?"));
    }

    [Fact]
    public void Unknown_task_in_a_transition_and_unknown_dsl_key_suggest_the_close_name()
    {
        var all = TemplateAnalyzer.Analyze("wf.yaml", """
            version: '2.0'
            w:
              tasks:
                boot:
                  action: std.noop
                  on-success: [reprot]
                  timout: 5
                report:
                  action: std.noop
            """, InMemoryFileProvider.Empty).Diagnostics;
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.DslUnknownTransitionTarget && x.Message.Contains("Did you mean 'report'?"));
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.DslUnknownKey && x.Message.Contains("Did you mean 'timeout'?"));
    }

    [Fact]
    public void A_name_close_to_nothing_keeps_the_plain_message()
    {
        var all = Analyze("""
            heat_template_version: 2018-08-31
            resources:
              wf:
                type: OS::Mistral::Workflow
                properties:
                  definition: {version: '2.0', w: {tasks: {t: {action: std.noop}}}}
                  flavour_of_the_day: x
            """);
        var d = Assert.Single(all, x => x.Descriptor == DiagnosticCatalog.UnknownProperty);
        Assert.DoesNotContain("Did you mean", d.Message);
        Assert.Contains("'flavour_of_the_day' is not a property of OS::Mistral::Workflow (resource 'wf'). Its properties are:", d.Message);
    }
}

/// <summary>Misspelt values from a fixed set get the same help as names.</summary>
public class DidYouMeanValueTests
{
    [Fact]
    public void Misspelt_parameter_type_deletion_policy_and_allowed_value_suggest_the_close_one()
    {
        var all = TemplateAnalyzer.Analyze("t.yaml", """
            heat_template_version: 2018-08-31
            parameters:
              size: {type: numbr}
            resources:
              trigger:
                type: OS::Aodh::Alarm
                deletion_policy: Retian
                properties:
                  meter_name: cpu
                  threshold: 1
                  comparison_operator: get
            """, InMemoryFileProvider.Empty).Diagnostics;
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.UnknownParameterType && x.Message.Contains("Did you mean 'number'?"));
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.InvalidDeletionPolicy && x.Message.Contains("Did you mean 'Retain'?"));
        Assert.Contains(all, x => x.Descriptor == DiagnosticCatalog.PropertyValueNotAllowed && x.Message.Contains("'get' is not an allowed value"));
    }

    [Fact]
    public void Misspelt_workflow_type_suggests_direct()
    {
        var all = TemplateAnalyzer.Analyze("wf.yaml", """
            version: '2.0'
            w:
              type: dierct
              tasks:
                t:
                  action: std.noop
            """, InMemoryFileProvider.Empty).Diagnostics;
        var d = Assert.Single(all, x => x.Descriptor == DiagnosticCatalog.DslUnknownWorkflowType);
        Assert.Equal("Workflow type 'dierct' is not known. Did you mean 'direct'? Write 'direct' or 'reverse'.", d.Message);
    }
}
