using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace MistralTemplates.Engine.Tests.Actions;

public sealed class AdHocActionTests
{
    private const string Greet = """
        version: '2.0'
        greet:
          base: std.echo
          base-input:
            output: "{{ _.first }} and {{ _.second }}"
          input:
            - first
            - second: two
          output:
            said: <% $ %>
        """;

    [Fact]
    public async Task An_ad_hoc_action_runs_its_base_with_evaluated_input_and_defaults()
    {
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync("plain_greet", """
            version: '2.0'
            plain_greet:
              base: std.echo
              base-input:
                output: "<% $.first %> and <% $.second %>"
              input:
                - first
                - second: two
            """);
        Assert.True(await catalog.ExistsAsync("plain_greet", ""));
        var outcome = await catalog.RunAsync("plain_greet", """{"first": "one"}""");
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("one and two", outcome.Result);
    }

    [Fact]
    public async Task A_lookup_inside_a_transaction_reads_in_that_transaction_and_does_not_wait_on_the_database()
    {
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync("greet", Greet, "team");

        // A step holds the database while it looks actions up; bounded, so a lookup waiting on itself fails here.
        var bound = TimeSpan.FromSeconds(10);
        Assert.True(await catalog.ExistsInTransactionAsync("greet", "team").WaitAsync(bound));
        Assert.False(await catalog.ExistsInTransactionAsync("greet", "").WaitAsync(bound));
        Assert.False(await catalog.ExistsInTransactionAsync("nova.servers_create", "team").WaitAsync(bound));
        Assert.True(await catalog.ExistsInTransactionAsync("std.echo", "team").WaitAsync(bound));
    }

    [Fact]
    public async Task Output_transforms_a_mapping_result()
    {
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync("pair", """
            version: '2.0'
            pair:
              base: std.echo
              base-input:
                output:
                  left: <% $.a %>
                  right: 2
              input:
                - a
              output:
                total: <% $.left + $.right %>
            """);
        var outcome = await catalog.RunAsync("pair", """{"a": 40}""");
        Assert.Equal(new Dictionary<string, object?> { ["total"] = 42L }, outcome.Result);
    }

    [Fact]
    public async Task Bad_input_gets_the_servers_message_and_a_chain_of_ad_hoc_actions_runs()
    {
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync("greet", Greet);
        await catalog.AddAdHocAsync("greet_ann", """
            version: '2.0'
            greet_ann:
              base: greet first='Ann'
            """, "team");
        var missing = await catalog.RunAsync("greet", """{"x": 1}""");
        Assert.True(missing.InputRefused);
        Assert.Equal("Invalid input [name=greet, class=mistral.actions.adhoc.AdHocAction, missing=['first'], unexpected=['x']]", missing.Error);

        Assert.False(await catalog.ExistsAsync("greet_ann", ""));
        Assert.True(await catalog.ExistsAsync("greet", "team"));
        var parsed = await catalog.ExistsAsync("greet_ann", "team");
        Assert.True(parsed);
        var chained = await catalog.RunAsync("greet_ann", "{}", "team");
        Assert.True(chained.Succeeded, chained.Error);
        // greet's output reads the echo's text as `$`.
        Assert.Equal(new Dictionary<string, object?> { ["said"] = "Ann and two" }, chained.Result);
    }

    [Fact]
    public async Task Output_reads_a_text_or_list_result_in_yaql_and_jinja()
    {
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync("listed", """
            version: '2.0'
            listed:
              base: std.echo
              base-input:
                output: <% [$.a, 2, 3] %>
              input:
                - a
              output:
                count: <% $.len() %>
                first: "{{ _[0] }}"
                text: "first <% $[0] %>"
            """);
        var outcome = await catalog.RunAsync("listed", """{"a": 1}""");
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(new Dictionary<string, object?> { ["count"] = 3L, ["first"] = 1L, ["text"] = "first 1" }, outcome.Result);
    }

    [Fact]
    public async Task An_action_whose_base_is_itself_ends_as_not_found()
    {
        using var catalog = new TempCatalog();
        await catalog.AddAdHocAsync("loop", """
            version: '2.0'
            loop:
              base: loop
            """);
        var outcome = await catalog.RunAsync("loop", "{}");
        Assert.Equal("Failed to find action [action_name=loop, namespace=]", outcome.Error);
    }
}
