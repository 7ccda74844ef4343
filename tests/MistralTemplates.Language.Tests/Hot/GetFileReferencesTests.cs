using MistralTemplates.Language.Hot;

namespace MistralTemplates.Language.Tests.Hot;

public class GetFileReferencesTests
{
    [Fact]
    public void Finds_every_get_file_target_resolved_against_the_template_folder()
    {
        const string text = "heat_template_version: 2021-04-16\nresources:\n  wf:\n    type: OS::Mistral::Workflow\n" +
                            "    properties:\n      definition: {get_file: defs/wf.yaml}\n      input: {script: {get_file: ../run.sh}}\n";
        Assert.Equal(new[] { "/p/defs/wf.yaml", "/run.sh" }, GetFileReferences.Find("/p/t.yaml", text));
    }

    [Theory]
    [InlineData("heat_template_version: 2021-04-16\n")]
    [InlineData("a: {get_file: [x\n")]
    [InlineData("a: {get_file: x, other: y}\n")]
    public void Finds_nothing_without_a_readable_get_file_call(string text)
    {
        Assert.Empty(GetFileReferences.Find("/p/t.yaml", text));
    }
}
