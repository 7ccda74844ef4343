using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

public sealed class EnvironmentAndWorkbookTests(MistralServer server) : IntegrationTest(server)
{
    [MistralFact]
    public async Task An_environment_is_created_read_listed_updated_and_deleted()
    {
        var name = Unique("env");
        var created = await Client.Environments.CreateAsync(new EnvironmentRequest(name, new JsonObject { ["a"] = 1, ["b"] = "x" }) { Description = "d" });
        Assert.Equal(1, created.Variables!["a"]!.GetValue<int>());
        Assert.Equal("d", created.Description);

        await Assert.ThrowsAsync<MistralConflictException>(() => Client.Environments.CreateAsync(new EnvironmentRequest(name, new JsonObject())));
        Assert.Equal("x", (await Client.Environments.GetAsync(name)).Variables!["b"]!.GetValue<string>());
        Assert.Contains(await ToListAsync(Client.Environments.ListAsync()), e => e.Name == name);

        var updated = await Client.Environments.UpdateAsync(new EnvironmentRequest(name, new JsonObject { ["a"] = 3 }));
        Assert.Equal(3, updated.Variables!["a"]!.GetValue<int>());
        Assert.NotNull(updated.UpdatedAt);

        await Client.Environments.DeleteAsync(name);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Environments.GetAsync(name));
    }

    private static string WorkbookDefinition(string name, string echo, string action = "std.echo output") => $$"""
        version: '2.0'
        name: {{name}}
        workflows:
          inner:
            tasks:
              t:
                action: {{action}}={{echo}}
        actions:
          act1:
            base: std.noop
        """;

    [MistralFact]
    public async Task A_workbook_registers_its_workflows_under_its_name()
    {
        var name = Unique("wb");
        var created = await Client.Workbooks.CreateAsync(WorkbookDefinition(name, "wb"));
        Assert.Equal(name, created.Name);

        var inner = await Client.Workflows.GetAsync(name + ".inner");
        Assert.Contains("std.echo output=wb", inner.Definition);
        Assert.Equal(created.Id, (await Client.Workbooks.GetAsync(name)).Id);
        Assert.Contains(await ToListAsync(Client.Workbooks.ListAsync(new ListQuery { Fields = ["name", "tags"] })), w => w.Name == name);

        var invalid = await Client.Workbooks.ValidateAsync($"version: '2.0'\nname: {name}\nworkflows:\n  inner:\n    tasks:\n      t:\n        action: \n");
        Assert.False(invalid.IsValid);
        Assert.Contains("None is not of type 'string'", invalid.Error);

        var updated = await Client.Workbooks.UpdateAsync(WorkbookDefinition(name, "wb2"));
        Assert.Contains("output=wb2", updated.Definition);
        Assert.Contains("output=wb2", (await Client.Workflows.GetAsync(name + ".inner")).Definition);

        await Client.Workbooks.DeleteAsync(name);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Workbooks.GetAsync(name));
        // Mistral 15 keeps a deleted workbook's workflows: whoever deletes a workbook deletes them too.
        await Client.Workflows.DeleteAsync(name + ".inner");
    }
}
