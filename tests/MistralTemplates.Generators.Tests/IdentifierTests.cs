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

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("cron_vm", "cron_vm")]
    [InlineData("kitchen-sink.v2", "kitchen-sink.v2")]
    [InlineData("my template", "my_template")]
    [InlineData("2nd", "stack_2nd")]
    [InlineData("_x", "stack__x")]
    [InlineData("", "stack")]
    [InlineData("café", "caf_")]
    public void Stack_names_are_valid_heat_stack_names(string stem, string expected) => Assert.Equal(expected, Identifiers.ToStackName(stem));
}
