using System;
using System.IO;
using System.Text;

namespace MistralTemplates.Benchmarks;

/// <summary>The templates the benchmarks measure: the spec's, a generated 100-resource one, and corpus files.</summary>
internal static class BenchmarkInputs
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CorpusFolder => Path.Combine(RepoRoot, "..", "shared", "corpus");

    public static string HelloTemplate => File.ReadAllText(Path.Combine(RepoRoot, "examples", "HelloWorkflow", "hello.yaml"));

    public static string LargestWorkbook => ReadCorpus("openstack__mistral/rally-jobs__extra__scenarios__complex_wf__complex_wf_wb.yaml");

    public static string LargestWorkflowFile => ReadCorpus("openstack__mistral/rally-jobs__extra__scenarios__big_wf__terminate_wf.yaml");

    /// <summary>
    /// A template with <paramref name="workflows"/> workflow resources, each followed by a cron trigger
    /// that starts it through get_attr: 2 × <paramref name="workflows"/> resources.
    /// </summary>
    public static string ManyResources(int workflows, int seed = 0)
    {
        var text = new StringBuilder();
        text.Append("heat_template_version: 2021-04-16\n");
        text.Append($"description: generated template {seed}\n");
        text.Append("parameters:\n  greeting:\n    type: string\n    default: hello\n");
        text.Append("resources:\n");
        for (var i = 0; i < workflows; i++)
        {
            text.Append($"  wf_{i}:\n    type: OS::Mistral::Workflow\n    properties:\n");
            text.Append("      input:\n        who: { get_param: greeting }\n");
            text.Append("      definition: |\n");
            text.Append($"        run_{i}:\n          input:\n            - who\n          tasks:\n");
            text.Append("            first:\n              action: std.echo output=<% $.who %>\n");
            text.Append("              publish:\n                said: <% task(first).result %>\n");
            text.Append("              on-success: [second]\n");
            text.Append("            second:\n              action: std.noop\n");
            text.Append($"  cron_{i}:\n    type: OS::Mistral::CronTrigger\n    properties:\n");
            text.Append($"      pattern: \"{i % 60} * * * *\"\n");
            text.Append($"      workflow: {{ get_attr: [wf_{i}, available_workflows, run_{i}] }}\n");
        }
        text.Append("outputs:\n  first_workflows:\n    value: { get_attr: [wf_0, available_workflows] }\n");
        return text.ToString();
    }

    private static string ReadCorpus(string relative) => File.ReadAllText(Path.Combine(CorpusFolder, relative));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MistralTemplates.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
