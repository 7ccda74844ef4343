using MistralTemplates.Language.Dsl;

namespace MistralTemplates.Language.Tests.Dsl;

public class WorkflowRenamerTests
{
    private static string Prefixed(string name) => "st.wf." + name;

    [Fact]
    public void Workflows_and_calls_between_them_are_renamed_and_the_rest_stays_as_written()
    {
        const string text = """
            version: '2.0'
            # the parent calls the child twice
            parent:
              tasks:
                first:
                  workflow: child x=1
                  on-success: second
                second:
                  workflow: "child"
                dynamic:
                  workflow: <% $.which %>
                outside:
                  workflow: some.other.workflow
            'child':
              input: [x]
              tasks:
                echo:
                  action: std.echo output=<% $.x %>
            """;

        var renamed = WorkflowRenamer.Rename("wf.yaml", text, Prefixed);

        Assert.Empty(renamed.Diagnostics);
        Assert.Equal("""
            version: '2.0'
            # the parent calls the child twice
            st.wf.parent:
              tasks:
                first:
                  workflow: st.wf.child x=1
                  on-success: second
                second:
                  workflow: "st.wf.child"
                dynamic:
                  workflow: <% $.which %>
                outside:
                  workflow: some.other.workflow
            'st.wf.child':
              input: [x]
              tasks:
                echo:
                  action: std.echo output=<% $.x %>
            """, renamed.Text);
        Assert.Equal("st.wf.parent", renamed.Names["parent"]);
        Assert.Equal("st.wf.child", renamed.Names["child"]);
        Assert.Equal("""
            version: '2.0'
            'st.wf.child':
              input: [x]
              tasks:
                echo:
                  action: std.echo output=<% $.x %>

            """, renamed.Documents["st.wf.child"]);
        Assert.StartsWith("version: '2.0'\nst.wf.parent:\n  tasks:\n", renamed.Documents["st.wf.parent"]);
        Assert.EndsWith("workflow: some.other.workflow\n", renamed.Documents["st.wf.parent"]);
    }

    [Fact]
    public void The_rewritten_text_is_a_valid_definition_with_the_new_names()
    {
        const string text = "version: '2.0'\na:\n  tasks:\n    t:\n      workflow: b\nb:\n  tasks:\n    t:\n      action: std.noop\n";

        var renamed = WorkflowRenamer.Rename("wf.yaml", text, Prefixed);
        var again = WorkflowRenamer.Rename("wf.yaml", renamed.Text!, n => n);

        Assert.Empty(again.Diagnostics);
        Assert.Equal(new[] { "st.wf.a", "st.wf.b" }, again.Names.Keys);
        Assert.Contains("workflow: st.wf.b\n", renamed.Text);
    }

    [Fact]
    public void A_definition_with_errors_is_not_rewritten()
    {
        var renamed = WorkflowRenamer.Rename("wf.yaml", "version: '2.0'\nwf: [unclosed\n", Prefixed);

        Assert.Null(renamed.Text);
        Assert.Contains(renamed.Diagnostics, d => d.IsError);
        Assert.Empty(renamed.Names);
    }
}
