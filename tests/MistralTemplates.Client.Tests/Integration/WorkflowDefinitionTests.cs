using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

public sealed class WorkflowDefinitionTests(MistralServer server) : IntegrationTest(server)
{
    [MistralFact]
    public async Task Create_get_list_update_and_delete_a_workflow()
    {
        var name = Unique("hello");
        var created = Assert.Single(await Client.Workflows.CreateAsync(HelloDefinition(name)));
        Assert.Equal(name, created.Name);
        Assert.Equal("", created.Namespace);
        Assert.NotNull(created.CreatedAt);

        var fetched = await Client.Workflows.GetAsync(name);
        Assert.Equal(created.Id, fetched.Id);
        // The GET answer carries the interface as a JSON string; the client gives the same typed value as the create.
        Assert.Equal(["name"], fetched.Interface!.Input.Select(p => p.Name));
        Assert.True(fetched.Interface.Input[0].IsRequired);
        Assert.Equal(["greeting"], fetched.Interface.Output);
        Assert.Equal(HelloDefinition(name), fetched.Definition);

        var listed = await ToListAsync(Client.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.In, name, "no-such-workflow")));
        Assert.Equal(created.Id, Assert.Single(listed).Id);

        var updated = Assert.Single(await Client.Workflows.UpdateAsync(HelloDefinition(name, "Hi")));
        Assert.Contains("Hi <% $.name %>", updated.Definition);
        Assert.NotNull(updated.UpdatedAt);

        await Client.Workflows.DeleteAsync(name);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Workflows.GetAsync(name));
        Assert.Null(await Client.Workflows.GetAsync(name).OrNullIfNotFound());
    }

    [MistralFact]
    public async Task A_definition_with_two_workflows_in_a_namespace_creates_both_there()
    {
        var ns = Unique("ns");
        var (a, b) = (Unique("wf_a"), Unique("wf_b"));
        var definition = $$"""
            version: '2.0'
            {{a}}:
              tasks:
                t1:
                  action: std.noop
            {{b}}:
              input:
                - x: 1
              tasks:
                t1:
                  action: std.echo output=<% $.x %>
                  publish: {y: <% task().result %>}
              output:
                y: <% $.y %>
            """;
        var created = await Client.Workflows.CreateAsync(definition, ns);
        Assert.Equal([a, b], created.Select(w => w.Name));
        Assert.All(created, w => Assert.Equal(ns, w.Namespace));

        var withDefault = await Client.Workflows.GetAsync(b, ns);
        var x = Assert.Single(withDefault.Interface!.Input);
        Assert.True(x.HasDefault);
        Assert.Equal(1, x.Default!.GetValue<int>());

        // Names are looked up in one namespace only.
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Workflows.GetAsync(b));
        var inNamespace = await ToListAsync(Client.Workflows.ListAsync(new ListQuery().Where("namespace", FilterOperator.Eq, ns)));
        Assert.Equal([a, b], inNamespace.Select(w => w.Name).Order());

        Assert.Equal(2, (await Client.Workflows.UpdateAsync(definition, ns)).Count);
        await Client.Workflows.DeleteAsync(a, ns);
        await Client.Workflows.DeleteAsync(b, ns);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Workflows.DeleteAsync(a, ns));
    }

    [MistralFact]
    public async Task A_duplicate_create_on_the_first_attempt_is_a_conflict()
    {
        var name = Unique("dup");
        await Client.Workflows.CreateAsync(NoopDefinition(name));
        var conflict = await Assert.ThrowsAsync<MistralConflictException>(() => Client.Workflows.CreateAsync(NoopDefinition(name)));
        Assert.Equal(1, conflict.Attempts);
        Assert.Contains("Duplicate entry", conflict.ServerMessage);
        Assert.Equal("POST", conflict.Method.Method);
        Assert.Equal("/v2/workflows", conflict.Path);
        await Client.Workflows.DeleteAsync(name);
    }

    [MistralFact]
    public async Task An_invalid_definition_is_refused_with_a_short_readable_message()
    {
        var name = Unique("broken");
        var definition = $$"""
            version: '2.0'
            {{name}}:
              tasks:
                t1:
                  action: std.echo output=1
                  bogus_key: 1
            """;
        var refused = await Assert.ThrowsAsync<MistralBadRequestException>(() => Client.Workflows.CreateAsync(definition));
        Assert.Contains("Additional properties are not allowed ('bogus_key' was unexpected)", refused.Message);
        // The server's answer embeds its whole JSON schema; the client keeps what says what and where.
        Assert.True(refused.Message.Length < 3000, $"message is {refused.Message.Length} characters");
        Assert.DoesNotContain("Failed validating", refused.ServerMessage);
    }

    [MistralFact]
    public async Task Validate_gives_the_servers_verdict_without_creating_anything()
    {
        var name = Unique("v");
        Assert.Equal(new DefinitionValidation(true, null), await Client.Workflows.ValidateAsync(HelloDefinition(name)));

        var badYaql = HelloDefinition(name).Replace("$.greeting", "$.greeting +*");
        var verdict = await Client.Workflows.ValidateAsync(badYaql);
        Assert.False(verdict.IsValid);
        Assert.Contains("unexpected '*'", verdict.Error);

        var badYaml = await Client.Workflows.ValidateAsync("version: '2.0'\nfoo: [unclosed");
        Assert.False(badYaml.IsValid);
        Assert.Contains("could not be parsed", badYaml.Error);

        Assert.Null(await Client.Workflows.GetAsync(name).OrNullIfNotFound());
    }

    [MistralFact]
    public async Task Updating_a_workflow_that_does_not_exist_is_not_found()
    {
        var error = await Assert.ThrowsAsync<MistralNotFoundException>(() => Client.Workflows.UpdateAsync(NoopDefinition(Unique("never"))));
        Assert.Equal("PUT", error.Method.Method);
    }

    [MistralFact]
    public async Task An_unknown_sort_key_is_the_servers_own_error()
    {
        var error = await Assert.ThrowsAsync<MistralServerException>(() =>
            ToListAsync(Client.Workflows.ListAsync(new ListQuery { Sort = [new ListSort("no_such_column")] })));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("Sort key supplied is invalid", error.ServerMessage);
    }
}
