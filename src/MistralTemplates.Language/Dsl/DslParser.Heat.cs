using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

public static partial class DslParser
{
    /// <summary>
    /// Reads the properties of an OS::Mistral::Workflow written in Heat's structured form (no
    /// <c>definition</c>): <c>type</c>, <c>tasks</c> as a list with snake_case keys, <c>input</c>,
    /// <c>output</c>, <c>task_defaults</c>, <c>tags</c>. Returns one workflow named by <c>name</c>, or, as the
    /// runtime registers it when <c>name</c> is left out, by <paramref name="resourceName"/>.
    /// </summary>
    public static DslDocument? ParseHeatStructured(YamlMapping properties, string? resourceName, DiagnosticBag diagnostics) =>
        new HeatWorkflowReader(diagnostics).Read(properties, resourceName);
}
