using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using static MistralTemplates.Language.Tests.Dsl.DslTestHelper;

namespace MistralTemplates.Language.Tests.Dsl;

/// <summary>One test per MT2xxx diagnostic, each asserting the id and the exact line and column.</summary>
public class DslDiagnosticTests
{
    private const string Header = "version: '2.0'\nwf:\n  tasks:\n";

    [Fact]
    public void Missing_version_is_reported_at_the_document_start()
    {
        var (_, d) = Parse("wf:\n  tasks:\n    t1:\n      action: std.noop\n", new DslParseOptions(ExpectedKind: DslDocumentKind.Workflows));
        AssertOnly(d, DiagnosticCatalog.DslVersionMissing, 1, 1);
    }

    [Fact]
    public void Version_is_optional_in_a_heat_definition()
    {
        var (doc, d) = Parse("wf:\n  tasks:\n    t1:\n      action: std.noop\n", DslParseOptions.HeatDefinition);
        Assert.Empty(d);
        Assert.Equal("wf", Assert.Single(doc!.Workflows).Name);
    }

    [Theory]
    [InlineData("'1.0'")]
    [InlineData("'v2'")]
    [InlineData("3")]
    public void Unsupported_version_is_reported_at_the_value(string version)
    {
        var (_, d) = Parse($"version: {version}\nwf:\n  tasks:\n    t1:\n      action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslVersionUnsupported, 1, 10);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("'2.0'")]
    [InlineData("2")]
    public void Version_two_is_accepted_in_every_spelling_mistral_accepts(string version)
    {
        var (_, d) = Parse($"version: {version}\nwf:\n  tasks:\n    t1:\n      action: std.noop\n");
        Assert.Empty(d);
    }

    [Fact]
    public void Unknown_task_key_is_an_error_at_the_key()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      retries: 3\n");
        var diagnostic = AssertOnly(d, DiagnosticCatalog.DslUnknownKey, 6, 7, endColumn: 14);
        Assert.Contains("'retries'", diagnostic.Message);
        Assert.Contains("wait-before", diagnostic.Message);
    }

    [Fact]
    public void Unknown_workflow_key_is_a_warning_because_mistral_ignores_it()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  descrption: x\n  tasks:\n    t1:\n      action: std.noop\n");
        var diagnostic = AssertOnly(d, DiagnosticCatalog.DslIgnoredWorkflowKey, 3, 3);
        Assert.Equal(Severity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Wrong_value_type_is_reported_at_the_value()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      wait-before: soon\n");
        AssertOnly(d, DiagnosticCatalog.DslWrongType, 6, 20, endColumn: 24);
    }

    [Fact]
    public void Unknown_workflow_type_is_reported_at_the_value()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  type: circular\n  tasks:\n    t1:\n      action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslUnknownWorkflowType, 3, 9);
    }

    [Fact]
    public void Workflow_without_tasks_is_reported_at_its_name()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  description: nothing to do\n");
        AssertOnly(d, DiagnosticCatalog.DslNoTasks, 2, 1);
    }

    [Fact]
    public void Task_with_action_and_workflow_is_reported_at_the_second_key()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.echo output=\"Hi\"\n      workflow: wf1\n");
        AssertOnly(d, DiagnosticCatalog.DslActionAndWorkflow, 6, 7);
    }

    [Fact]
    public void Task_with_neither_action_nor_workflow_is_accepted_as_mistral_does()
    {
        var (_, d) = Parse(Header + "    t1:\n      on-complete: t2\n    t2:\n      action: std.noop\n");
        Assert.Empty(d);
    }

    [Fact]
    public void Transition_to_an_unknown_task_is_reported_at_the_name()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      on-success:\n        - t2\n        - missing: <% $.ok %>\n    t2:\n      action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslUnknownTransitionTarget, 8, 11, endColumn: 18);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("fail msg='Boom'")]
    [InlineData("succeed(msg='done <% $.x %>')")]
    [InlineData("{next: noop, publish: {branch: {a: 1}}}")]
    public void Engine_commands_are_valid_transitions(string target)
    {
        var (_, d) = Parse(Header + $"    t1:\n      action: std.noop\n      on-error: {target}\n");
        Assert.Empty(d);
    }

    [Fact]
    public void Requires_in_a_direct_workflow_is_reported_at_the_key()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n    t2:\n      action: std.noop\n      requires: [t1]\n");
        AssertOnly(d, DiagnosticCatalog.DslRequiresInDirectWorkflow, 8, 7);
    }

    [Fact]
    public void Requires_of_an_unknown_task_is_reported_at_the_name()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n      requires: [t0, nope]\n    t0:\n      action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslUnknownRequiredTask, 7, 22, endColumn: 26);
    }

    [Fact]
    public void Requires_cycle_is_reported_once()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    a:\n      requires: b\n    b:\n      requires: [c]\n    c:\n      requires: [a]\n");
        var diagnostic = AssertOnly(d, DiagnosticCatalog.DslRequiresCycle, 10, 18);
        Assert.Contains("a requires b requires c requires a", diagnostic.Message);
    }

    [Fact]
    public void Concurrency_without_with_items_is_a_warning()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      concurrency: 3\n");
        var diagnostic = AssertOnly(d, DiagnosticCatalog.DslConcurrencyWithoutWithItems, 6, 7);
        Assert.Equal(Severity.Warning, diagnostic.Severity);
    }

    [Theory]
    [InlineData("some")]
    [InlineData("-1")]
    public void Bad_join_value_is_reported_at_the_value(string join)
    {
        var (_, d) = Parse(Header + $"    t1:\n      action: std.noop\n      on-success: t2\n    t2:\n      join: {join}\n");
        AssertOnly(d, DiagnosticCatalog.DslJoinValue, 8, 13);
    }

    [Fact]
    public void Join_needing_more_inbound_tasks_than_exist_is_reported_at_the_value()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      on-success: t2\n    t2:\n      join: 2\n");
        AssertOnly(d, DiagnosticCatalog.DslJoinInboundTasks, 8, 13);
    }

    [Fact]
    public void Bad_with_items_clause_is_reported_at_the_clause()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.echo output=<% $.x %>\n      with-items:\n        - x in <% $.xs %>\n        - y of <% $.ys %>\n");
        AssertOnly(d, DiagnosticCatalog.DslWithItemsSyntax, 8, 11);
    }

    [Fact]
    public void Retry_without_delay_is_reported_at_the_retry_key()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      retry:\n        count: 3\n");
        AssertOnly(d, DiagnosticCatalog.DslRetryIncomplete, 6, 7);
    }

    [Fact]
    public void Retry_one_line_form_is_read()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      retry: count=3 delay=<% $.d %>\n");
        Assert.Empty(d);
    }

    [Fact]
    public void Bad_input_item_is_reported_at_the_item()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  input:\n    - a\n    - {b: 1, c: 2}\n  tasks:\n    t1:\n      action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslBadInputItem, 5, 7);
    }

    [Fact]
    public void Duplicate_input_is_reported_at_the_second_name()
    {
        var (_, d) = Parse("version: '2.0'\nwf:\n  input:\n    - a\n    - a: 1\n  tasks:\n    t1:\n      action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslDuplicateName, 5, 7);
    }

    [Fact]
    public void Action_string_not_starting_with_a_name_is_an_error()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: \"=std.echo output='x'\"\n");
        AssertOnly(d, DiagnosticCatalog.DslInvalidCommand, 5, 16);
    }

    [Fact]
    public void Unquoted_inline_value_is_reported_at_the_pair()
    {
        var (doc, d) = Parse(Header + "    t1:\n      action: std.echo output=Hello count=2\n");
        AssertOnly(d, DiagnosticCatalog.DslIgnoredInlineParameter, 5, 24, endColumn: 36);
        var task = Assert.Single(Assert.Single(doc!.Workflows).Tasks);
        Assert.Equal("std.echo", task.Action);
        var count = Assert.Single(task.InlineParameters);
        Assert.Equal(("count", "2"), (count.Name, count.Value));
    }

    [Fact]
    public void Inline_parameters_are_read_like_mistral()
    {
        var (doc, d) = Parse(Header + "    t1:\n      action: std.http url=\"http://a b\" timeout=10 body=<% $.b %> flags=[1, 2] on=true\n");
        Assert.Empty(d);
        var task = Assert.Single(Assert.Single(doc!.Workflows).Tasks);
        Assert.Equal(new[] { "url", "timeout", "body", "flags", "on" }, task.InlineParameters.Select(p => p.Name));
        Assert.Equal("http://a b", task.InlineParameters[0].Value);
        Assert.True(task.InlineParameters[0].IsQuoted);
        Assert.Equal("<% $.b %>", task.InlineParameters[2].Value);
        Assert.Equal(5 - 1, task.InlineParameters[2].ValueSpan.Start.Line);
        Assert.Equal(57 - 1, task.InlineParameters[2].ValueSpan.Start.Column);
    }

    [Fact]
    public void Legacy_policies_block_is_reported_at_the_key()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      policies:\n        retry: {count: 1, delay: 1}\n");
        AssertOnly(d, DiagnosticCatalog.DslLegacyPolicies, 6, 7);
    }

    [Fact]
    public void Workbook_without_name_is_reported_at_its_start()
    {
        var (_, d) = Parse("version: '2.0'\nworkflows:\n  wf:\n    tasks:\n      t1:\n        action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslWorkbookNameMissing, 1, 1);
    }

    [Fact]
    public void Action_without_base_is_reported_at_its_name()
    {
        var (_, d) = Parse("version: '2.0'\ngreet:\n  input: [name]\n", new DslParseOptions(ExpectedKind: DslDocumentKind.Actions));
        AssertOnly(d, DiagnosticCatalog.DslActionBaseMissing, 2, 1);
    }

    [Fact]
    public void Direct_workflow_where_every_task_is_a_target_has_no_start_task()
    {
        var (_, d) = Parse(Header + "    t1:\n      on-complete: t2\n    t2:\n      on-complete: t1\n");
        AssertOnly(d, DiagnosticCatalog.DslNoStartTask, 2, 1);
    }

    [Fact]
    public void Document_with_only_a_version_is_empty()
    {
        var (_, d) = Parse("version: '2.0'\n", new DslParseOptions(ExpectedKind: DslDocumentKind.Workflows));
        AssertOnly(d, DiagnosticCatalog.DslEmptyDocument, 1, 1);
    }

    [Fact]
    public void Workbook_workflow_name_with_a_dot_is_invalid()
    {
        var (_, d) = Parse("version: '2.0'\nname: wb\nworkflows:\n  my.wf:\n    tasks:\n      t1:\n        action: std.noop\n");
        AssertOnly(d, DiagnosticCatalog.DslInvalidName, 4, 3);
    }

    [Fact]
    public void Juno_publish_value_is_a_warning_with_the_modern_form()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: std.noop\n      publish:\n        result: $\n");
        var diagnostic = AssertOnly(d, DiagnosticCatalog.JunoExpression, 7, 17);
        Assert.Contains("<% $ %>", diagnostic.Message);
    }

    [Fact]
    public void Juno_inline_parameter_is_a_warning_at_the_value()
    {
        var (_, d) = Parse(Header + "    t1:\n      action: nova.servers_get server={$.vm_id}\n");
        var diagnostic = AssertOnly(d, DiagnosticCatalog.JunoExpression, 5, 39, endColumn: 48);
        Assert.Contains("<% $.vm_id %>", diagnostic.Message);
    }
}
