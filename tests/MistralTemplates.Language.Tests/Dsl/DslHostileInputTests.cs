using System.Diagnostics;
using System.Linq;
using System.Text;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using static MistralTemplates.Language.Tests.Dsl.DslTestHelper;

namespace MistralTemplates.Language.Tests.Dsl;

public class DslHostileInputTests
{
    [Fact]
    public void Duplicate_task_names_do_not_crash_the_graph_checks()
    {
        var loaded = YamlLoader.Load("wf.yaml", "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n      on-success: t2\n    t2:\n      join: all\n    t2:\n      join: all\n");
        var bag = new DiagnosticBag();
        var document = DslParser.Parse(loaded.Root!, bag);
        Assert.Single(loaded.Diagnostics, d => d.Id == DiagnosticCatalog.DuplicateKey.Id);
        Assert.NotNull(document);
        Assert.DoesNotContain(bag.Items, d => d.IsError);
    }

    [Fact]
    public void Long_chains_and_deep_values_finish_fast()
    {
        var text = new StringBuilder("version: '2.0'\nwf:\n  type: reverse\n  tasks:\n");
        for (var i = 0; i < 3000; i++)
            text.Append("    t").Append(i).Append(":\n      action: std.echo output='<% $.x %>'\n      requires: [t").Append((i + 1) % 3000).Append("]\n");
        text.Append("    deep:\n      publish:\n        v: ").Append(new string('[', 200)).Append(new string(']', 200)).Append('\n');
        var loaded = YamlLoader.Load("wf.yaml", text.ToString());
        Assert.False(loaded.HasErrors);
        var watch = Stopwatch.StartNew();
        var bag = new DiagnosticBag();
        DslParser.Parse(loaded.Root!, bag);
        Assert.True(watch.ElapsedMilliseconds < 2000, watch.ElapsedMilliseconds + " ms");
        var cycle = Assert.Single(bag.Items);
        Assert.Equal(DiagnosticCatalog.DslRequiresCycle.Id, cycle.Id);
    }

    [Theory]
    [InlineData("version: '2.0'\nwf: 3\n")]
    [InlineData("version: '2.0'\nwf:\n  tasks: [a, b]\n")]
    [InlineData("version: '2.0'\nwf:\n  tasks:\n    t: 1\n")]
    [InlineData("version: '2.0'\nwf:\n  tasks:\n    t:\n      on-success: {a: 1, b: 2}\n      with-items: 5\n      retry: 7\n")]
    [InlineData("version: '2.0'\nwf:\n  tasks:\n    t:\n      action: \"std.echo x='unclosed y=[1 z=<% $.a\"\n")]
    public void Malformed_documents_give_errors_not_exceptions(string text)
    {
        var (_, diagnostics) = Parse(text);
        Assert.Contains(diagnostics, d => d.Severity >= Severity.Warning);
    }
}
