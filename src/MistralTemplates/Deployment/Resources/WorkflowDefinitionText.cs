using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MistralTemplates.Deployment.Resources;

/// <summary>
/// The Mistral DSL text an <c>OS::Mistral::Workflow</c> resource registers, from either of its forms: a
/// <c>definition</c> (text, or a mapping) or Heat's structured properties (type, input, output, tasks...), which
/// Heat turns into a one-workflow definition with task keys spelled the DSL's way (<c>on_success</c> → <c>on-success</c>).
/// JSON is valid YAML, so generated definitions are written as JSON.
/// </summary>
internal static class WorkflowDefinitionText
{
    private static readonly string[] StructuredTaskKeysKeptAsIs = ["workflow"];

    /// <summary>
    /// The definition as given (text, or a mapping written as JSON), else built from the structured form. A missing
    /// version line is fine: the renamer accepts it and writes one into every workflow it cuts out.
    /// </summary>
    public static string From(string resourceName, JsonObject properties) => properties["definition"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject map => map.ToJsonString(),
        _ => Structured(resourceName, properties),
    };

    private static string Structured(string resourceName, JsonObject properties)
    {
        var name = properties["name"]?.GetValue<string>() ?? resourceName;
        var workflow = new JsonObject();
        foreach (var key in new[] { "type", "description", "tags", "output" })
            if (properties[key] is { } v) workflow[key] = v.DeepClone();
        if (properties["input"] is JsonObject input)
            workflow["input"] = new JsonArray(input.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());
        var tasks = new JsonObject();
        if (properties["tasks"] is JsonArray list)
        {
            foreach (var task in list.OfType<JsonObject>())
            {
                var body = new JsonObject();
                // Kilo-era templates nest policies; Heat lifts them to the task.
                var flat = (JsonObject)task.DeepClone();
                if (flat["policies"] is JsonObject policies)
                    foreach (var (key, policy) in policies) flat[key] = policy?.DeepClone();
                foreach (var (key, item) in flat)
                {
                    if (key is "name" or "policies" || item is null) continue;
                    body[StructuredTaskKeysKeptAsIs.Contains(key) ? key : key.Replace('_', '-')] = item.DeepClone();
                }
                tasks[task["name"]?.GetValue<string>() ?? ""] = body;
            }
        }
        workflow["tasks"] = tasks;
        if (properties["task_defaults"] is JsonObject defaults)
        {
            var dslDefaults = new JsonObject();
            foreach (var (key, item) in defaults)
                if (item is not null) dslDefaults[key.Replace('_', '-')] = item.DeepClone();
            workflow["task-defaults"] = dslDefaults;
        }
        return new JsonObject { ["version"] = "2.0", [name] = workflow }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
