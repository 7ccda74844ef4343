using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// Compares definition texts by meaning, not by characters: the service stores each workflow of a multi-workflow
/// definition re-printed on its own (flow mappings become blocks), so text equality would call equal things different.
/// Reads YAML with the template-language library, as the generator does.
/// </summary>
internal static class DefinitionComparison
{
    /// <summary>The document as JSON, or null when it is not valid YAML.</summary>
    public static JsonObject? Read(string? text)
    {
        if (text is null) return null;
        var loaded = YamlLoader.Load("definition.yaml", text);
        if (loaded.HasErrors || loaded.Root is null) return null;
        try
        {
            return JsonNode.Parse(YamlJson.ToJson(loaded.Root)) as JsonObject;
        }
        catch (System.Exception e) when (e is System.Text.Json.JsonException or System.ArgumentException)
        {
            return null; // duplicate keys and the like: not comparable, so treated as different
        }
    }

    /// <summary>The names a workflow or action definition declares (every top-level key but <c>version</c>).</summary>
    public static IReadOnlyList<string> DeclaredNames(JsonObject document) =>
        document.Select(p => p.Key).Where(k => k != "version").ToList();

    /// <summary>True when <paramref name="stored"/> declares <paramref name="name"/> exactly as <paramref name="asked"/> does.</summary>
    public static bool SameDeclaration(JsonObject asked, string name, string? stored) =>
        Read(stored) is { } storedDocument && JsonNode.DeepEquals(asked[name], storedDocument[name]);
}
