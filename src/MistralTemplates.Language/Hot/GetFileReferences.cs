using System.Collections.Generic;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// The files a template names with <c>{get_file: path}</c>, found by loading its YAML only — no validation —
/// so that a build can hand each template exactly the files it reads before analysing it once.
/// </summary>
public static class GetFileReferences
{
    /// <summary>The resolved paths of every get_file target; empty when the YAML cannot be read.</summary>
    public static IReadOnlyCollection<string> Find(string path, string text)
    {
        var found = new SortedSet<string>(System.StringComparer.Ordinal);
        if (text.IndexOf("get_file", System.StringComparison.Ordinal) < 0) return found;
        var root = YamlLoader.Load(path, text).Root;
        if (root is null) return found;

        // The loader bounds depth and size; aliases may share nodes, so each is visited once.
        var visited = new HashSet<YamlNode>();
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node)) continue;
            switch (node)
            {
                case YamlMapping { Count: 1 } call when call["get_file"] is YamlScalar target:
                    found.Add(PathUtil.Resolve(path, target.Value));
                    break;
                case YamlMapping mapping:
                    foreach (var entry in mapping.Entries) pending.Push(entry.Value);
                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items) pending.Push(item);
                    break;
            }
        }
        return found;
    }
}
