using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Dsl;

public class DslClassifyTests
{
    private static DslDocumentKind? Classify(string text) => DslParser.Classify(YamlLoader.Load("f.yaml", text).Root!);

    [Theory]
    [InlineData("version: '2.0'\nwf:\n  tasks:\n    t: {action: std.noop}\n", DslDocumentKind.Workflows)]
    [InlineData("version: 2.0\nwf:\n  type: reverse\n  tasks:\n    t: {action: std.noop}\n", DslDocumentKind.Workflows)]
    [InlineData("version: '2.0'\ngreet:\n  base: std.echo\n", DslDocumentKind.Actions)]
    [InlineData("version: '2.0'\nname: wb\nworkflows:\n  wf:\n    tasks:\n      t: {action: std.noop}\n", DslDocumentKind.Workbook)]
    [InlineData("version: '2.0'\nname: wb\nactions:\n  a:\n    base: std.noop\n", DslDocumentKind.Workbook)]
    public void Dsl_documents_classify_by_their_content(string text, DslDocumentKind expected) =>
        Assert.Equal(expected, Classify(text));

    [Theory]
    [InlineData("heat_template_version: 2013-05-23\nresources: {}\n")]
    [InlineData("parameters:\n  key_name: k\nresource_registry:\n  My::Server: server.yaml\n")]
    [InlineData("version: '2.0'\nvariables:\n  a: 1\n")]
    [InlineData("version: '1.0'\nwf:\n  tasks:\n    t: {action: std.noop}\n")]
    [InlineData("Namespaces:\n  Greetings: {}\nWorkflow:\n  tasks: {}\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    public void Other_yaml_is_not_dsl(string text) => Assert.Null(Classify(text));
}
