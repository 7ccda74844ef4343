using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MistralTemplates.Mistral.Http.Json;

/// <summary>
/// A workflow's <c>interface</c> is an object in create and update answers but a JSON string in GET answers.
/// Input items are a bare name (required) or a one-key object holding the default.
/// </summary>
internal sealed class WorkflowInterfaceConverter : JsonConverter<WorkflowInterface?>
{
    public override bool HandleNull => true;

    public override WorkflowInterface? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var node = reader.TokenType == JsonTokenType.String
            ? EmbeddedJsonConverter.Parse(reader.GetString()!)
            : JsonNode.Parse(ref reader);
        return node is JsonObject shape ? FromJson(shape) : null;
    }

    private static WorkflowInterface FromJson(JsonObject shape)
    {
        var inputs = new List<WorkflowParameter>();
        if (shape["input"] is JsonArray declared)
        {
            foreach (var item in declared)
            {
                if (item is JsonValue value && value.TryGetValue<string>(out var name))
                    inputs.Add(new WorkflowParameter(name, HasDefault: false, Default: null));
                else if (item is JsonObject { Count: 1 } withDefault)
                    foreach (var pair in withDefault)
                        inputs.Add(new WorkflowParameter(pair.Key, HasDefault: true, pair.Value?.DeepClone()));
            }
        }
        var outputs = new List<string>();
        if (shape["output"] is JsonArray declaredOutputs)
            foreach (var item in declaredOutputs)
                if (item is JsonValue value && value.TryGetValue<string>(out var name)) outputs.Add(name);
        return new WorkflowInterface(inputs, outputs);
    }

    public override void Write(Utf8JsonWriter writer, WorkflowInterface? value, JsonSerializerOptions options)
    {
        if (value is null) { writer.WriteNullValue(); return; }
        writer.WriteStartObject();
        writer.WriteStartArray("input");
        foreach (var parameter in value.Input)
        {
            if (!parameter.HasDefault) { writer.WriteStringValue(parameter.Name); continue; }
            writer.WriteStartObject();
            writer.WritePropertyName(parameter.Name);
            if (parameter.Default is null) writer.WriteNullValue(); else parameter.Default.WriteTo(writer, options);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("output");
        foreach (var name in value.Output) writer.WriteStringValue(name);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
