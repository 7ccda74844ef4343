using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using static MistralTemplates.Language.Tests.Dsl.DslTestHelper;

namespace MistralTemplates.Language.Tests.Dsl;

/// <summary>A DSL held in a Heat <c>definition: |</c> block reports at the line and column of the .yaml file.</summary>
public class DslDefinitionBlockTests
{
    private static (DslDocument? Document, System.Collections.Generic.IReadOnlyList<TemplateDiagnostic> Diagnostics) ParseDefinition(string template)
    {
        var loaded = YamlLoader.Load("hello.yaml", template);
        Assert.False(loaded.HasErrors);
        var properties = (YamlMapping)((YamlMapping)((YamlMapping)((YamlMapping)loaded.Root!)["resources"]!)["workflow"]!)["properties"]!;
        var definition = (YamlScalar)properties["definition"]!;
        var inner = YamlLoader.Load(definition.Value, definition.ContentMap);
        Assert.False(inner.HasErrors);
        var bag = new DiagnosticBag();
        var document = DslParser.Parse(inner.Root!, bag, DslParseOptions.HeatDefinition);
        return (document, bag.Items);
    }

    private const string UseCaseOne =
        "heat_template_version: 2013-05-23\n" +
        "resources:\n" +
        "  workflow:\n" +
        "    type: OS::Mistral::Workflow\n" +
        "    properties:\n" +
        "      definition: |\n" +
        "        test:\n" +
        "          type: direct\n" +
        "          tasks:\n" +
        "            hello:\n" +
        "              action: std.echo output='Hello'\n" +
        "              publish:\n" +
        "                result: $\n";

    [Fact]
    public void Spec_use_case_one_warns_about_its_juno_expression_in_the_template_file()
    {
        var (document, diagnostics) = ParseDefinition(UseCaseOne);
        var d = AssertOnly(diagnostics, DiagnosticCatalog.JunoExpression, 13, 25, endColumn: 26);
        Assert.Equal("hello.yaml", d.Span.Path);
        var task = Assert.Single(Assert.Single(document!.Workflows).Tasks);
        Assert.Equal("std.echo", task.Action);
        Assert.Equal("Hello", Assert.Single(task.InlineParameters).Value);
    }

    [Fact]
    public void Unknown_transition_inside_a_definition_is_reported_in_the_template_file()
    {
        var template = UseCaseOne.Replace("                result: $\n", "                result: <% $ %>\n              on-success: [goodbye]\n");
        var (_, diagnostics) = ParseDefinition(template);
        AssertOnly(diagnostics, DiagnosticCatalog.DslUnknownTransitionTarget, 14, 28, endColumn: 35);
    }

    [Fact]
    public void Bad_inline_parameter_inside_a_definition_is_reported_at_its_characters()
    {
        var template = UseCaseOne.Replace("output='Hello'", "output='Hello' 42");
        var (_, diagnostics) = ParseDefinition(template);
        Assert.Contains(diagnostics, d => d.Id == DiagnosticCatalog.DslIgnoredInlineParameter.Id
            && d.Span.Start.Line == 10 && d.Span.Start.Column == 46 && d.Span.End.Column == 48);
    }

    [Fact]
    public void Juno_placeholders_in_a_folded_action_point_at_each_placeholder_line()
    {
        const string wfdef =
            "version: 2.0\n" +
            "create_vm:\n" +
            "  type: direct\n" +
            "  input:\n" +
            "    - vm_name\n" +
            "    - flavor_ref\n" +
            "  tasks:\n" +
            "    create_server:\n" +
            "      action: >\n" +
            "        nova.servers_create name={$.vm_name}\n" +
            "        flavor={$.flavor_ref}\n";
        var (_, diagnostics) = Parse(wfdef);
        var warnings = diagnostics.Where(d => d.Id == DiagnosticCatalog.JunoExpression.Id).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Equal((10, 34), (warnings[0].Span.Start.Line + 1, warnings[0].Span.Start.Column + 1));
        Assert.Equal((11, 16), (warnings[1].Span.Start.Line + 1, warnings[1].Span.Start.Column + 1));
        Assert.Equal(2, diagnostics.Count);
    }
}
