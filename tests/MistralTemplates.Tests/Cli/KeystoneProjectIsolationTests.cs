using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.Mistral.Tests.Integration;
using MistralTemplates.State;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// Two Keystone projects (demo and alt) on one authenticated Mistral, each running HelloWorkflow's command line: a
/// stack is its project's alone.
/// </summary>
public sealed class KeystoneProjectIsolationTests
{
    private static KeystoneServer Keystone => KeystoneServer.FromEnvironment();

    private static Task<CloudRun> RunAsync(string cloud, params string[] arguments) =>
        CloudProcess.RunAsync(CloudProcess.Dll("HelloWorkflow"), [.. arguments, "--os-cloud", cloud], CloudProcess.CloudFiles());

    [KeystoneFact]
    public async Task Demo_and_alt_keep_same_named_stacks_apart_and_alt_cannot_read_signal_or_destroy_a_stack_only_demo_has()
    {
        var shared = "both" + Guid.NewGuid().ToString("N")[..8];
        var demoOnly = "demoonly" + Guid.NewGuid().ToString("N")[..8];
        using var demo = new MistralClient(MistralClientOptions.ForCloud(KeystoneClouds.Password(Keystone, "demo")));
        try
        {
            // The same stack name in both projects: two stacks, neither deploy sees the other's record or lock.
            foreach (var (cloud, stack) in new[] { ("demo", shared), ("alt", shared), ("demo", demoOnly) })
            {
                var deploy = await RunAsync(cloud, "deploy", "--stack", stack);
                Assert.True(deploy.Code == 0, deploy.ToString());
                Assert.Contains($"{stack}: CREATE_COMPLETE", deploy.Output);
            }

            var demoList = await RunAsync("demo", "state", "list");
            var altList = await RunAsync("alt", "state", "list");
            Assert.True(demoList.Code == 0 && altList.Code == 0, demoList + "\n" + altList);
            Assert.Contains(shared, demoList.Output);
            Assert.Contains(demoOnly, demoList.Output);
            Assert.Contains(shared, altList.Output);
            Assert.DoesNotContain(demoOnly, altList.Output);

            var before = await CountAsync(demo, demoOnly);
            Assert.True(before is { Workflows: > 0, Environments: 1 }, $"demo's stack {demoOnly} has {before}");
            foreach (var verb in new[] { new[] { "outputs" }, ["signal", "workflow", "--wait"], ["executions", "workflow"], ["destroy", "--delete-executions"] })
            {
                var refused = await RunAsync("alt", [.. verb, "--stack", demoOnly]);
                Assert.True(refused.Code != 0, $"alt {verb[0]}: {refused}");
                Assert.Contains($"no such stack '{demoOnly}' in project alt", refused.Error);
            }
            Assert.Equal(before, await CountAsync(demo, demoOnly));

            // alt destroying its own stack of the shared name leaves demo's whole: demo's still runs.
            var sharedBefore = await CountAsync(demo, shared);
            var altDestroy = await RunAsync("alt", "destroy", "--delete-executions", "--stack", shared);
            Assert.True(altDestroy.Code == 0, altDestroy.ToString());
            Assert.Contains($"{shared}: DELETE_COMPLETE", altDestroy.Output);
            Assert.Equal(sharedBefore, await CountAsync(demo, shared));
            var signal = await RunAsync("demo", "signal", "workflow", "--wait", "--stack", shared);
            Assert.True(signal.Code == 0, signal.ToString());
            Assert.Contains("SUCCESS {\"result\":\"Hello\"}", signal.Output);
            Assert.DoesNotContain(shared, (await RunAsync("alt", "state", "list")).Output);
        }
        finally
        {
            foreach (var stack in new[] { shared, demoOnly })
                await RunAsync("demo", "destroy", "--delete-executions", "--stack", stack);
            await RunAsync("alt", "destroy", "--delete-executions", "--stack", shared);
        }
    }

    [KeystoneFact]
    public async Task Another_projects_public_environment_named_like_a_stacks_record_is_not_read_as_it_and_is_never_written()
    {
        var stack = "public" + Guid.NewGuid().ToString("N")[..8];
        await using var demo = StackTarget.Cloud(KeystoneClouds.Password(Keystone, "demo"));
        var recordName = ((MistralEnvironmentStateStore)demo.State).RecordEnvironmentName(stack);
        var deploy = await RunAsync("demo", "deploy", "--stack", stack);
        Assert.True(deploy.Code == 0, deploy.ToString());

        // The client makes private environments only. Mistral lets administrators publish one (to share variables):
        // the admin project's public environment is visible to every project, under the name of demo's record.
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Add("X-Auth-Token", await KeystoneClouds.RawTokenAsync(Keystone, "admin"));
        var environments = Keystone.Accounts.GetProperty("mistral_url").GetString()!.TrimEnd('/') + "/environments";
        var planted = new JsonObject { ["name"] = recordName, ["scope"] = "public", ["variables"] = new JsonObject { ["planted"] = true } };
        using (var created = await admin.PostAsync(environments, new StringContent(planted.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        try
        {
            var record = await demo.State.GetAsync(stack);
            Assert.NotNull(record);
            Assert.Contains("workflow", record.Resources.Keys);
            Assert.Single(await demo.State.ListEachAsync(), listing => listing.StackName == stack && listing.Record is not null);

            // Mistral's update and delete by name would reach the admin's environment: the run stops before any write.
            var destroy = await RunAsync("demo", "destroy", "--stack", stack);
            Assert.True(destroy.Code != 0, destroy.ToString());
            Assert.Contains($"'{recordName}' is public", destroy.Error);
            var adminsOwn = JsonNode.Parse(await admin.GetStringAsync(environments + "/" + recordName))!;
            Assert.Contains("planted", adminsOwn["variables"]!.GetValue<string>());
            Assert.NotNull(await demo.State.GetAsync(stack));
        }
        finally
        {
            (await admin.DeleteAsync(environments + "/" + recordName)).Dispose();
            await RunAsync("demo", "destroy", "--delete-executions", "--stack", stack);
        }
        Assert.Null(await demo.State.GetAsync(stack));
    }

    [KeystoneFact]
    public async Task A_stack_named_like_another_projects_public_environment_is_not_deployed_over_it()
    {
        var stack = "public" + Guid.NewGuid().ToString("N")[..8];
        await using var demo = StackTarget.Cloud(KeystoneClouds.Password(Keystone, "demo"));
        var recordName = ((MistralEnvironmentStateStore)demo.State).RecordEnvironmentName(stack);
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Add("X-Auth-Token", await KeystoneClouds.RawTokenAsync(Keystone, "admin"));
        var environments = Keystone.Accounts.GetProperty("mistral_url").GetString()!.TrimEnd('/') + "/environments";
        var planted = new JsonObject { ["name"] = recordName, ["scope"] = "public", ["variables"] = new JsonObject { ["planted"] = true } };
        using (var created = await admin.PostAsync(environments, new StringContent(planted.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        try
        {
            Assert.DoesNotContain(await demo.State.ListEachAsync(), listing => listing.StackName == stack);
            Assert.Null(await demo.State.GetAsync(stack));

            var deploy = await RunAsync("demo", "deploy", "--stack", stack);
            Assert.True(deploy.Code != 0, deploy.ToString());
            Assert.Contains($"'{recordName}' is public", deploy.Error);
            var adminsOwn = JsonNode.Parse(await admin.GetStringAsync(environments + "/" + recordName))!;
            Assert.Contains("planted", adminsOwn["variables"]!.GetValue<string>());
            using var client = new MistralClient(MistralClientOptions.ForCloud(KeystoneClouds.Password(Keystone, "demo")));
            Assert.Equal(new ProjectResources(0, 0, 0), await CountAsync(client, stack));
        }
        finally
        {
            (await admin.DeleteAsync(environments + "/" + recordName)).Dispose();
        }
    }

    private sealed record ProjectResources(int Workflows, int CronTriggers, int Environments);

    /// <summary>What the project has of <paramref name="stack"/>: its workflows, cron triggers and environments (record and lock).</summary>
    private static async Task<ProjectResources> CountAsync(MistralClient project, string stack)
    {
        var workflows = await project.Workflows.ListAsync().CountAsync(w => w.Name.Contains(stack, StringComparison.Ordinal));
        var triggers = await project.CronTriggers.ListAsync().CountAsync(t => t.Name.Contains(stack, StringComparison.Ordinal));
        // Mistral lists other projects' public environments too: they are not the project's.
        var environments = await project.Environments.ListAsync().CountAsync(e => e.Name.Contains(stack, StringComparison.Ordinal) && e.Scope != "public");
        return new ProjectResources(workflows, triggers, environments);
    }
}
