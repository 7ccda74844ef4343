using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.State;
using MistralTemplates.Tests.Embedded;

namespace MistralTemplates.Tests.Deployment;

/// <summary>A deploy whose only change is a parameter, seen by an output and by no resource, on the embedded engine.</summary>
public sealed class OutputAndParameterChangeTests : System.IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly StackTemplate Template = new("tagged.yaml", """
        heat_template_version: 2018-08-31
        parameters:
          tag:
            type: string
            default: first
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: "w:\n  tasks:\n    t:\n      action: std.noop\n"
        outputs:
          tag:
            value: { get_param: tag }
          workflows:
            value: { get_attr: [workflow, available_workflows] }
        """);

    private static Dictionary<string, string> Tag(string value) => new() { ["tag"] = value };

    [Fact]
    public async Task A_changed_output_is_planned_and_written_with_the_parameters_and_an_unchanged_deploy_writes_nothing()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var deployer = new StackDeployer(target.Service, target.State);
        var first = await deployer.DeployAsync(Template, "tagged", Tag("xyz"));
        Assert.Equal("xyz", first.Record.Outputs["tag"].GetString());

        var plan = await deployer.PlanAsync(Template, "tagged", Tag("abc"));
        Assert.False(plan.HasResourceChanges);
        Assert.True(plan.HasChanges);
        var change = Assert.Single(plan.OutputChanges);
        Assert.Equal(("tag", "\"xyz\"", "\"abc\""), (change.Output, change.Before?.ToJsonString(), change.After?.ToJsonString()));
        Assert.Equal(["tag"], plan.ChangedParameters);

        var second = await deployer.DeployAsync(Template, "tagged", Tag("abc"));
        Assert.True(second.Plan.HasChanges);
        var stored = await target.State.GetAsync("tagged");
        Assert.Equal("abc", stored!.Outputs["tag"].GetString());
        Assert.Equal("abc", stored.Parameters["tag"].GetString());
        Assert.Equal("tagged.workflow.w", stored.Outputs["workflows"].GetProperty("w").GetString());
        Assert.Equal(LifecycleStatus.UpdateComplete, stored.Status);

        // Unchanged now: not one write, not even the lock.
        var counting = new CountingStateStore(target.State);
        var third = await new StackDeployer(target.Service, counting).DeployAsync(Template, "tagged", Tag("abc"));
        Assert.False(third.Plan.HasChanges);
        Assert.Empty(third.Plan.OutputChanges);
        Assert.Equal(0, counting.Writes);
        Assert.Equal(stored.Version, third.Record.Version);
    }

    private sealed class TaggedStack() : Stack("tagged", Template);

    private async Task<string> RunAsync(params string[] args)
    {
        var output = new System.IO.StringWriter();
        var error = new System.IO.StringWriter();
        var code = await MistralTemplates.Cli.StackCommandLine.RunAsync(new TaggedStack(), [.. args, "--state-dir", _folder.Path], output, error);
        Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}\n{output}{error}");
        return output.ToString();
    }

    [Fact]
    public async Task The_command_line_plans_an_output_change_and_says_what_the_deploy_wrote()
    {
        Assert.Contains("tagged: CREATE_COMPLETE", await RunAsync("deploy", "--param", "tag=xyz"));

        var plan = await RunAsync("plan", "--param", "tag=abc");
        Assert.Contains("~ output tag: \"xyz\" → \"abc\"", plan);
        Assert.Contains("parameters changed: tag", plan);
        Assert.Contains("1 change(s).", plan);

        Assert.Contains("tagged: UPDATE_COMPLETE (outputs changed: tag; parameters changed: tag)", await RunAsync("deploy", "--param", "tag=abc"));
        Assert.Contains("tagged: up to date, nothing to do.", await RunAsync("deploy", "--param", "tag=abc"));
        Assert.Equal("abc", System.Text.Json.Nodes.JsonNode.Parse(await RunAsync("outputs"))!["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_output_taken_out_of_the_template_is_planned_as_removed()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var deployer = new StackDeployer(target.Service, target.State);
        await deployer.DeployAsync(Template, "tagged", Tag("xyz"));
        var without = new StackTemplate(Template.Path, Template.Text.Replace("  tag:\n    value: { get_param: tag }\n", ""));
        Assert.DoesNotContain("get_param: tag", without.Text);

        var plan = await deployer.PlanAsync(without, "tagged", Tag("xyz"));

        var change = Assert.Single(plan.OutputChanges);
        Assert.Equal(("tag", "\"xyz\"", true), (change.Output, change.Before?.ToJsonString(), change.After is null));
        Assert.Empty(plan.ChangedParameters);
        var result = await deployer.DeployAsync(without, "tagged", Tag("xyz"));
        Assert.Equal(["workflows"], result.Record.Outputs.Keys.ToList());
    }
}
