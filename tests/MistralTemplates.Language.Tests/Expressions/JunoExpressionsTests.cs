using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Expressions;

public class JunoExpressionsTests
{
    [Theory]
    [InlineData("$", "<% $ %>")]
    [InlineData("$.vm_id", "<% $.vm_id %>")]
    [InlineData("$.id", "<% $.id %>")]
    [InlineData("nova.servers_create name={$.vm_name} image={$.image_ref}",
        "nova.servers_create name=<% $.vm_name %> image=<% $.image_ref %>")]
    [InlineData("nova.servers_find id={$.vm_id} status='ACTIVE'", "nova.servers_find id=<% $.vm_id %> status='ACTIVE'")]
    [InlineData("x={$.a.where($.b = 'c}')}", "x=<% $.a.where($.b = 'c}') %>")]
    public void Detects_juno_forms_and_gives_the_modern_one(string value, string expected)
    {
        Assert.True(JunoExpressions.TryGetModernForm(value, out var modern));
        Assert.Equal(expected, modern);
    }

    [Theory]
    [InlineData("<% $.vm_id %>")]
    [InlineData("{{ _.vm_id }}")]
    [InlineData("name=<% $.a %> other={$.b}")]
    [InlineData("price: $5")]
    [InlineData("a $.b")]
    [InlineData("{not yaql}")]
    [InlineData("")]
    [InlineData("$.")]
    public void Leaves_other_strings_alone(string value)
    {
        Assert.False(JunoExpressions.TryGetModernForm(value, out var modern));
        Assert.Equal(value, modern);
    }

    [Fact]
    public void Reports_a_warning_at_each_placeholder()
    {
        const string text =
            "wf:\n" +
            "  tasks:\n" +
            "    create:\n" +
            "      action: >\n" +
            "        nova.servers_create name={$.vm_name} image={$.image_ref}\n" +
            "      publish:\n" +
            "        vm_id: $.id\n";
        var root = (YamlMapping)YamlLoader.Load("wf.yaml", text).Root!;
        var task = (YamlMapping)((YamlMapping)((YamlMapping)root["wf"]!)["tasks"]!)["create"]!;
        var diagnostics = new DiagnosticBag();

        Assert.True(JunoExpressions.Report((YamlScalar)task["action"]!, diagnostics));
        Assert.True(JunoExpressions.Report((YamlScalar)((YamlMapping)task["publish"]!)["vm_id"]!, diagnostics));

        Assert.All(diagnostics.Items, d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.Equal(
            new[]
            {
                "MT3003 (4,33)-(4,44) '{$.vm_name}' is a Juno-era expression that modern Mistral reads as a plain string; write <% $.vm_name %>",
                "MT3003 (4,51)-(4,64) '{$.image_ref}' is a Juno-era expression that modern Mistral reads as a plain string; write <% $.image_ref %>",
                "MT3003 (6,15)-(6,19) '$.id' is a Juno-era expression that modern Mistral reads as a plain string; write <% $.id %>",
            },
            diagnostics.Items.Select(d => $"{d.Id} ({d.Span.Start.Line},{d.Span.Start.Column})-({d.Span.End.Line},{d.Span.End.Column}) {d.Message}"));
    }
}
