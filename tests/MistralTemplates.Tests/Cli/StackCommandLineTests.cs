using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Cli;

[Collection(MistralServerCollection.Name)]
public sealed class StackCommandLineTests(MistralServer server)
{
    private sealed class GreetingStack(string name) : Stack(name, new StackTemplate("greeting.yaml", Template))
    {
        public const string Template = """
            heat_template_version: 2016-10-14
            parameters:
              greeting:
                type: string
                default: Hello
                constraints:
                  - length: { min: 1, max: 20 }
            resources:
              workflow:
                type: OS::Mistral::Workflow
                properties:
                  input: { name: world }
                  definition:
                    str_replace:
                      template: |
                        greet:
                          input: [name]
                          output: {greeting: <% $.greeting %>}
                          tasks:
                            say:
                              action: std.echo output="GREETING <% $.name %>"
                              publish: {greeting: <% task().result %>}
                      params:
                        GREETING: { get_param: greeting }
            outputs:
              workflows:
                value: { get_attr: [workflow, available_workflows] }
            """;
    }

    /// <summary>The same template, with a parameter value given in code, as a generated class's parameters record gives it.</summary>
    private sealed class GreetingWithValueStack(string name, string greeting) : Stack(name, new StackTemplate("greeting.yaml", GreetingStack.Template))
    {
        protected override System.Collections.Generic.IReadOnlyDictionary<string, string> TemplateParameterValues() =>
            new System.Collections.Generic.Dictionary<string, string> { ["greeting"] = greeting };
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string stack, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new GreetingStack(stack), [.. args, "--endpoint", server.Endpoint.ToString()], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [MistralFact]
    public async Task Deploy_signal_executions_plan_and_destroy_through_the_command_line()
    {
        var stack = MistralServer.UniqueName("cli");

        var deploy = await RunAsync(stack, "deploy", "--param", "greeting=Howdy");
        Assert.Equal(0, deploy.Code);
        Assert.Contains("ok workflow (OS::Mistral::Workflow) Create", deploy.Output);
        Assert.Contains($"{stack}: CREATE_COMPLETE", deploy.Output);

        var signal = await RunAsync(stack, "signal", "workflow", "-D", """{"input": {"name": "cli"}}""", "--wait", "--json");
        Assert.Equal(0, signal.Code);
        var execution = JsonNode.Parse(signal.Output)!;
        Assert.Equal("SUCCESS", execution["state"]!.GetValue<string>());
        Assert.Equal("Howdy cli", execution["output"]!["greeting"]!.GetValue<string>());

        var executions = await RunAsync(stack, "executions", "workflow", "--json");
        var listed = Assert.Single(JsonNode.Parse(executions.Output)!.AsArray())!;
        foreach (var field in new[] { "id", "workflow_name", "state", "input", "output", "created_at", "updated_at" })
            Assert.True(listed.AsObject().ContainsKey(field), field);
        Assert.Equal("cli", listed["input"]!["name"]!.GetValue<string>());
        Assert.EndsWith("Z", listed["created_at"]!.GetValue<string>());

        var attribute = await RunAsync(stack, "attribute", "workflow", "available_workflows");
        Assert.Equal($"{stack}.workflow.greet", JsonNode.Parse(attribute.Output)!["greet"]!.GetValue<string>());
        Assert.Equal($"{stack}.workflow.greet", JsonNode.Parse((await RunAsync(stack, "outputs")).Output)!["workflows"]!["greet"]!.GetValue<string>());
        Assert.Contains(stack, (await RunAsync(stack, "state", "list")).Output);
        Assert.Equal("CREATE_COMPLETE", JsonNode.Parse((await RunAsync(stack, "state", "show")).Output)!["status"]!.GetValue<string>());

        var unchanged = await RunAsync(stack, "plan", "--param", "greeting=Howdy");
        Assert.Contains("No changes.", unchanged.Output);
        var changed = await RunAsync(stack, "plan", "--param", "greeting=Hi");
        Assert.Contains("~ workflow (OS::Mistral::Workflow): Update — 'definition' changed", changed.Output);

        var destroy = await RunAsync(stack, "destroy", "--delete-executions");
        Assert.Equal(0, destroy.Code);
        Assert.DoesNotContain(stack, (await RunAsync(stack, "state", "list")).Output);
    }

    [MistralFact]
    public async Task Mistakes_give_a_message_and_the_exit_code_that_says_whose_they_are()
    {
        var stack = MistralServer.UniqueName("cli_bad");

        var usage = await RunAsync(stack, "signal");
        Assert.Equal(2, usage.Code);
        var badJson = await RunAsync(stack, "signal", "workflow", "-D", "{oops");
        Assert.Equal(2, badJson.Code);
        Assert.Contains("--data is not valid JSON", badJson.Error);
        var badParam = await RunAsync(stack, "deploy", "--param", "greeting");
        Assert.Equal(2, badParam.Code);
        Assert.Contains("is not KEY=VALUE", badParam.Error);

        var constraint = await RunAsync(stack, "deploy", "--param", "greeting=" + new string('x', 30));
        Assert.Equal(1, constraint.Code);
        Assert.Contains("parameters are not valid", constraint.Error);
        var unknownParameter = await RunAsync(stack, "deploy", "--param", "colour=blue");
        Assert.Equal(1, unknownParameter.Code);
        Assert.Contains("colour", unknownParameter.Error);

        var noStack = await RunAsync(stack, "signal", "workflow");
        Assert.Equal(1, noStack.Code);
        Assert.Contains("deploy it first", noStack.Error);
        Assert.DoesNotContain(stack, (await RunAsync(stack, "state", "list")).Output);
    }

    [MistralFact]
    public async Task The_stacks_own_parameter_values_apply_and_param_overrides_them()
    {
        var stack = MistralServer.UniqueName("cli_values");
        var tooLong = new GreetingWithValueStack(stack, new string('x', 30));
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(tooLong, ["plan", "--endpoint", server.Endpoint.ToString()], new StringWriter(), error);
        Assert.Equal(1, code);
        Assert.Contains("parameters are not valid", error.ToString());

        var output = new StringWriter();
        code = await StackCommandLine.RunAsync(tooLong, ["plan", "--param", "greeting=Hi", "--endpoint", server.Endpoint.ToString()], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("workflow", output.ToString());
    }

    [Fact]
    public async Task A_stack_name_heat_would_refuse_is_a_usage_error()
    {
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new GreetingStack("s"), ["plan", "--stack", "9 lives", "--endpoint", "http://127.0.0.1:1"], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("--stack: The stack name '9 lives' is invalid", error.ToString());
    }

    [Fact]
    public async Task Without_a_target_a_verb_uses_the_embedded_engine()
    {
        var previous = Environment.GetEnvironmentVariable("MISTRAL_URL");
        var folder = Path.Combine(Path.GetTempPath(), "mt-cli-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable("MISTRAL_URL", null);
            var code = await StackCommandLine.RunAsync(new GreetingStack("s"), ["deploy", "--state-dir", folder], output, error);
            Assert.True(code == 0, error.ToString());
            Assert.Contains("s: CREATE_COMPLETE", output.ToString());
            Assert.True(File.Exists(Path.Combine(folder, "engine.db")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MISTRAL_URL", previous);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
