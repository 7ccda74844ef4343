using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators.Tests;

public class ParserTests
{
    private static readonly GeneratorOptions Options = new("Consumer", "/project");

    private static FileResult Parse(string relativePath, TemplateAnalysis analysis, string text) =>
        Parser.FromAnalysis(new TemplateFile("/project/" + relativePath, text), analysis, Options);

    private static FileResult ParseHot(string relativePath, string text) =>
        Parse(relativePath, HandModel.Hot("/project/" + relativePath, text), text);

    [Fact]
    public void Stack_class_is_named_from_the_file_stem_in_the_root_namespace()
    {
        const string text = "heat_template_version: 2021-04-16\nresources: {}\n";

        var result = ParseHot("stacks/vm_cron.yaml", text);

        Assert.NotNull(result.Stack);
        Assert.Equal("VmCronStack", result.Stack!.ClassName);
        Assert.Equal("VmCronParameters", result.Stack.ParametersClassName);
        Assert.Equal("Consumer", result.Stack.Namespace);
        Assert.Equal("stacks/vm_cron.yaml", result.Stack.TemplateFile);
        Assert.Equal("stacks.VmCronStack.g.cs", result.HintName);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Parameters_map_types_and_defaults()
    {
        const string text = """
            heat_template_version: 2021-04-16
            parameters:
              flavor: {type: string, default: m1.small, description: The flavor.}
              count: {type: number, default: "3"}
              enabled: {type: boolean, default: "yes"}
              zones: {type: comma_delimited_list, default: "a, b,c"}
              config: {type: json, default: {k: [1, true, x]}}
              key_name: {type: string}
            """;

        var parameters = ParseHot("p.yaml", text).Stack!.Parameters;

        Assert.Equal(new[] { "Flavor", "Count", "Enabled", "Zones", "Config", "KeyName" }, parameters.Select(p => p.PropertyName));
        Assert.Equal(new ParameterSpec("flavor", "Flavor", ParameterKind.String, true, "m1.small", EquatableArray<string>.Empty, null, "The flavor.", false, false), parameters[0]);
        Assert.Equal("3", parameters[1].DefaultText);
        Assert.Equal("true", parameters[2].DefaultText);
        Assert.Equal(new[] { "a", "b", "c" }, parameters[3].DefaultItems);
        Assert.Equal("{\"k\":[1,true,\"x\"]}", parameters[4].DefaultText);
        Assert.False(parameters[5].HasDefault);
    }

    [Fact]
    public void Resources_get_kinds_and_outputs_get_types_from_direct_get_attr()
    {
        const string text = """
            heat_template_version: 2021-04-16
            resources:
              workflow: {type: OS::Mistral::Workflow}
              cron: {type: OS::Mistral::CronTrigger}
              alarm: {type: OS::Aodh::Alarm}
              server: {type: OS::Nova::Server}
            outputs:
              runs: {value: {get_attr: [workflow, executions]}}
              url: {value: {get_attr: [workflow, alarm_url]}}
              names: {value: {get_attr: [workflow, available_workflows]}}
              one_name: {value: {get_attr: [workflow, available_workflows, create_vm]}}
              next: {value: {get_attr: [cron, next_execution_time]}}
              left: {value: {get_attr: [cron, remaining_executions]}}
              id: {value: {get_resource: server}}
              other: {value: {list_join: [",", [a]]}}
              server_ip: {value: {get_attr: [server, first_address]}}
            """;

        var stack = ParseHot("r.yaml", text).Stack!;

        Assert.Equal(new[] { ResourceKind.Workflow, ResourceKind.CronTrigger, ResourceKind.Alarm, ResourceKind.Generic }, stack.Resources.Select(r => r.Kind));
        Assert.Equal(
            new[] { ValueKind.Executions, ValueKind.Uri, ValueKind.WorkflowNames, ValueKind.String, ValueKind.Timestamp, ValueKind.Integer, ValueKind.String, ValueKind.Json, ValueKind.Json },
            stack.Outputs.Select(o => o.Kind));
    }

    [Fact]
    public void Clashing_names_get_a_suffix_and_a_warning_at_the_name()
    {
        const string text = """
            heat_template_version: 2021-04-16
            resources:
              my-server: {type: OS::Nova::Server}
              my_server: {type: OS::Nova::Server}
              template: {type: OS::Nova::Server}
            """;

        var result = ParseHot("c.yaml", text);

        Assert.Equal(new[] { "MyServer", "MyServer2", "Template2" }, result.Stack!.Resources.Select(r => r.PropertyName));
        Assert.Equal(new[] { "MyServerResource", "MyServer2Resource", "Template2Resource" }, result.Stack.Resources.Select(r => r.ClassName));
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.Equal("MT5002", d.Id));
        // my_server: line 4, columns 3-12 (1-based); 0-based here.
        Assert.Equal((3, 2, 3, 11), (result.Diagnostics[0].StartLine, result.Diagnostics[0].StartColumn, result.Diagnostics[0].EndLine, result.Diagnostics[0].EndColumn));
        Assert.Equal("/project/c.yaml", result.Diagnostics[0].FilePath);
        Assert.Contains("'my_server' becomes the C# identifier 'MyServer'", result.Diagnostics[0].Message);
        Assert.Contains("generated as 'MyServer2'", result.Diagnostics[0].Message);
        Assert.Equal((4, 2), (result.Diagnostics[1].StartLine, result.Diagnostics[1].StartColumn));
    }

    [Fact]
    public void Keywords_are_escaped_and_leading_digits_prefixed()
    {
        const string text = """
            heat_template_version: 2021-04-16
            parameters:
              class: {type: string, default: a}
              2nd: {type: string, default: b}
              "---": {type: string, default: c}
            """;

        var result = ParseHot("k.yaml", text);

        Assert.Equal(new[] { "Class", "_2nd", "Item" }, result.Stack!.Parameters.Select(p => p.PropertyName));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("MT5003", warning.Id);
        Assert.Equal((4, 2), (warning.StartLine, warning.StartColumn));
    }

    [Fact]
    public void Template_with_errors_keeps_its_shape_its_diagnostics_and_the_errors_its_class_throws()
    {
        const string text = "heat_template_version: 2021-04-16\n";
        var error = new TemplateDiagnostic(DiagnosticCatalog.YamlSyntax, new SourceSpan("/project/e.yaml", new SourcePosition(0, 0, 0), new SourcePosition(5, 0, 5)), "bad");

        var result = Parse("e.yaml", HandModel.Hot("/project/e.yaml", text, error), text);

        Assert.Equal("EStack", result.Stack!.ClassName);
        Assert.Equal(new[] { "e.yaml(1,1): MT0001 bad" }, result.Stack.Errors);
        Assert.True(result.Stack.HasErrors);
        Assert.Equal(new DiagnosticInfo("MT0001", "bad", "/project/e.yaml", 0, 5, 0, 0, 0, 5), Assert.Single(result.Diagnostics));
    }

    [Fact]
    public void Dsl_file_gives_a_workflows_class_with_inputs()
    {
        const string text = """
            version: '2.0'
            create_vm:
              input:
                - vm_name
                - flavor: m1.small
              tasks: {}
            """;

        var result = Parse("wfdef.yaml", HandModel.Workflows("/project/wfdef.yaml", text), text);

        Assert.Null(result.Stack);
        Assert.Equal("WfdefWorkflows", result.Dsl!.ClassName);
        var workflow = Assert.Single(result.Dsl.Workflows);
        Assert.Equal(("create_vm", "CreateVm", "CreateVmInput"), (workflow.Name, workflow.PropertyName, workflow.InputClassName));
        Assert.Equal(new[] { new InputSpec("vm_name", "VmName", false, null), new InputSpec("flavor", "Flavor", true, "\"m1.small\"", InputType.String) }, workflow.Inputs);
    }

    [Fact]
    public void An_input_named_like_its_record_is_renamed_with_a_warning()
    {
        const string text = "version: '2.0'\nwf:\n  input:\n    - wf_input\n";

        var result = Parse("w.yaml", HandModel.Workflows("/project/w.yaml", text), text);

        Assert.Equal("WfInput", result.Dsl!.Workflows[0].InputClassName);
        Assert.Equal("WfInput2", result.Dsl.Workflows[0].Inputs[0].PropertyName);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("MT5002", 3, 6), (warning.Id, warning.StartLine, warning.StartColumn));
    }

    [Fact]
    public void Files_that_are_neither_template_nor_dsl_give_nothing()
    {
        var analysis = new TemplateAnalysis("/project/x.yaml", TemplateFileKind.None, null, null, new List<TemplateDiagnostic>(), new Dictionary<string, string>());

        var result = Parse("x.yaml", analysis, "a: 1\n");

        Assert.False(result.HasSource);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void An_internal_failure_becomes_MT5001_at_the_file()
    {
        var file = new TemplateFile("/project/boom.yaml", "heat_template_version: 2021-04-16\n");

        var result = Parser.Parse(file, TemplateFileSet.Empty, Options,
            (_, _, _) => throw new InvalidOperationException("broken model"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("MT5001", diagnostic.Id);
        Assert.Equal("/project/boom.yaml", diagnostic.FilePath);
        Assert.Contains("InvalidOperationException: broken model", diagnostic.Message);
        Assert.False(result.HasSource);
    }

    [Fact]
    public void Get_file_targets_come_from_the_file_set_by_resolved_path()
    {
        var files = new TemplateFileSet(new[] { new TemplateFile("/project/sub/wfdef.yaml", "x: 1") }.ToEquatableArray());
        string? seen = null;

        Parser.Parse(new TemplateFile("/project/main.yaml", "a: 1"), files, Options, (path, _, provider) =>
        {
            seen = provider.TryRead(path, "sub/./wfdef.yaml", out var resolved, out var content) ? resolved + "=" + content : "missing";
            return new TemplateAnalysis(path, TemplateFileKind.None, null, null, new List<TemplateDiagnostic>(), new Dictionary<string, string>());
        });

        Assert.Equal("/project/sub/wfdef.yaml=x: 1", seen);
    }
}
