namespace MistralTemplates.Generators.Tests;

public class IdentifierTests
{
    [Theory]
    [InlineData("hello", "Hello")]
    [InlineData("vm_cron", "VmCron")]
    [InlineData("create-vm", "CreateVm")]
    [InlineData("my.workbook.wf1", "MyWorkbookWf1")]
    [InlineData("alreadyPascal", "AlreadyPascal")]
    [InlineData("2nd_try", "_2ndTry")]
    [InlineData("__", "")]
    [InlineData("café_au_lait", "CaféAuLait")]
    public void PascalCase(string name, string expected) => Assert.Equal(expected, Identifiers.ToPascalCase(name));

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("Class", "Class")]
    [InlineData("event", "@event")]
    [InlineData("Test", "Test")]
    public void Keywords(string identifier, string expected) => Assert.Equal(expected, Identifiers.EscapeKeyword(identifier));

    [Theory]
    [InlineData("My.App", "My.App")]
    [InlineData("my-app.2", "my_app._2")]
    [InlineData("", "MistralTemplates.Generated")]
    public void Namespaces(string root, string expected) => Assert.Equal(expected, Identifiers.ToNamespace(root));
}
