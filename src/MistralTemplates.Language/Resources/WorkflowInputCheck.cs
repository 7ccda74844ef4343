using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// What Mistral checks when it starts an execution with a given input: it refuses names the workflow does not
/// declare, and a run that leaves a required input (one without default) unset. Shared by every resource that
/// starts one of the stack's workflows with an input written in the template.
/// </summary>
internal static class WorkflowInputCheck
{
    /// <summary>
    /// Reports each key of <paramref name="entries"/> that <paramref name="workflow"/> does not declare, at the key,
    /// with <paramref name="undeclared"/>'s arguments (key, workflow, declared, hint, then <paramref name="context"/>),
    /// and adds every key to <paramref name="supplied"/>.
    /// </summary>
    public static void CheckKeys(DslWorkflow workflow, IEnumerable<YamlEntry> entries, ISet<string> supplied,
        DiagnosticDescriptor undeclared, DiagnosticBag diagnostics, params object[] context)
    {
        var declared = workflow.Inputs.Select(i => i.Name).ToList();
        foreach (var entry in entries)
        {
            if (entry.KeyText is not { } key) continue;
            supplied.Add(key);
            if (!declared.Contains(key))
                diagnostics.Add(undeclared, entry.Key.Span,
                    new object[] { key, workflow.Name, TemplateValues.List(declared), NameSuggestions.Hint(key, declared) }.Concat(context).ToArray());
        }
    }

    /// <summary>
    /// Reports the required inputs of <paramref name="workflow"/> not in <paramref name="supplied"/>, once, at
    /// <paramref name="at"/>, with <paramref name="missing"/>'s arguments (workflow, "the input(s) …", "it"/"them",
    /// then <paramref name="context"/>).
    /// </summary>
    public static void CheckRequired(DslWorkflow workflow, ISet<string> supplied, SourceSpan at,
        DiagnosticDescriptor missing, DiagnosticBag diagnostics, params object[] context)
    {
        var unset = workflow.Inputs.Where(i => !i.HasDefault && !supplied.Contains(i.Name)).Select(i => i.Name).ToList();
        if (unset.Count == 0) return;
        var names = (unset.Count == 1 ? "the input " : "the inputs ") + TemplateValues.List(unset);
        diagnostics.Add(missing, at,
            new object[] { workflow.Name, names, unset.Count == 1 ? "it" : "them" }.Concat(context).ToArray());
    }
}
