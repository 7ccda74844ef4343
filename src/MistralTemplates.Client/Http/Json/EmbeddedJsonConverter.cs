using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MistralTemplates.Mistral.Http.Json;

/// <summary>
/// Mistral accepts JSON-typed fields (input, output, params, variables, published, ...) as objects but answers with
/// them serialised into strings. This reads either form into a <see cref="JsonNode"/>; a string that is not JSON
/// stays a string.
/// </summary>
internal sealed class EmbeddedJsonConverter : JsonConverter<JsonNode?>
{
    public override bool HandleNull => true;

    public override JsonNode? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) return JsonNode.Parse(ref reader);
        var text = reader.GetString()!;
        return Parse(text);
    }

    /// <summary>The JSON inside <paramref name="text"/>, or the text itself when it is not JSON.</summary>
    public static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    public override void Write(Utf8JsonWriter writer, JsonNode? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer, options);
    }
}
