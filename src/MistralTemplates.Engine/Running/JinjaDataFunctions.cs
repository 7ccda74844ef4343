using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Language.Expressions.Jinja.Evaluation;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Engine.Running;

/// <summary>
/// Mistral's expression functions that read no execution, as its Jinja offers them: <c>json_parse</c>,
/// <c>json_dump</c>, <c>json_pp</c> (the deprecated name of json_dump), <c>yaml_parse</c>, <c>yaml_dump</c> and <c>uuid</c>.
/// </summary>
internal static class JinjaDataFunctions
{
    public static void Register(JinjaContext context) => context
        .RegisterFunction("json_parse", (arguments, keywords) => JsonParse(Text(Data(arguments, keywords, "json_parse"), "json_parse")))
        // Mistral's json_dump is json.dumps(data, indent=4), keys in their own order.
        .RegisterFunction("json_dump", (arguments, keywords) => PythonJson.Dumps(Data(arguments, keywords, "json_dump"), indent: 4))
        .RegisterFunction("json_pp", (arguments, keywords) => PythonJson.Dumps(Data(arguments, keywords, "json_pp"), indent: 4))
        // Mistral's yaml_dump is PyYAML's safe_dump(data, default_flow_style=False).
        .RegisterFunction("yaml_dump", (arguments, keywords) => PythonYaml.Dump(Data(arguments, keywords, "yaml_dump")))
        .RegisterFunction("yaml_parse", (arguments, keywords) => YamlParse(Text(Data(arguments, keywords, "yaml_parse"), "yaml_parse")))
        .RegisterFunction("uuid", (_, _) => Guid.NewGuid().ToString());

    /// <summary>The one argument, <c>data</c>, as Python binds it by position or by name.</summary>
    private static object? Data(IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> keywords, string function)
    {
        if (arguments.Count + keywords.Count > 1) throw new JinjaFunctionException($"{function}() takes 1 argument, data");
        if (arguments.Count == 1) return arguments[0];
        return keywords.TryGetValue("data", out var data) ? data : throw new JinjaFunctionException($"{function}() missing 1 required positional argument: 'data'");
    }

    private static string Text(object? value, string function) =>
        value as string ?? throw new JinjaFunctionException($"{function}() needs a string, not {value?.GetType().Name ?? "None"}");

    private static object? JsonParse(string text)
    {
        try
        {
            return ExpressionValues.FromJson(JsonNode.Parse(text));
        }
        catch (JsonException e)
        {
            throw new JinjaFunctionException("json_parse(): the text is not JSON: " + e.Message);
        }
    }

    private static object? YamlParse(string text)
    {
        var loaded = YamlLoader.Load("yaml_parse", text);
        if (loaded.HasErrors) throw new JinjaFunctionException("yaml_parse(): the text is not YAML: " + loaded.Diagnostics[0].Message);
        return ExpressionValues.FromYaml(loaded.Root);
    }
}
