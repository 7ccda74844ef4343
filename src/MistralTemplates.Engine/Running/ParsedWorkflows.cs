using System.Collections.Concurrent;
using MistralTemplates.Language.Dsl;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// Parsed workflows by their definition text and name. Every execution of a workflow stores the same text, and
/// parsing its YAML again for each start and each runner costs more than the rest of a short execution; the parsed
/// model is read-only, so one copy serves every run.
/// </summary>
internal static class ParsedWorkflows
{
    // Bounded so that a process starting many distinct definitions does not keep them all.
    private const int Capacity = 256;
    private static readonly ConcurrentDictionary<(string Text, string Name), DslWorkflow> Cache = new();

    /// <summary>Whether the workflow <paramref name="name"/> of <paramref name="text"/> has been parsed and kept.</summary>
    public static bool IsKept(string text, string name) => Cache.ContainsKey((text, name));

    /// <summary>The workflow <paramref name="name"/> of a stored definition text, or null when it does not parse.</summary>
    public static DslWorkflow? Read(string text, string name)
    {
        if (Cache.TryGetValue((text, name), out var cached)) return cached;
        var parsed = WorkflowDefinitionReader.ReadWorkflow(text, name);
        if (parsed is null) return null;
        if (Cache.Count >= Capacity) Cache.Clear();
        Cache[(text, name)] = parsed;
        return parsed;
    }
}
