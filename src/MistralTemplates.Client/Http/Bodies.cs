using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MistralTemplates.Mistral.Http;

/// <summary>Request bodies, buffered so that a retry can send them again and they carry a Content-Length.</summary>
internal static class Bodies
{
    private static readonly MediaTypeHeaderValue PlainText = new("text/plain") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// A definition (workflow, action, workbook) as raw YAML. No <c>Accept: application/json</c> goes with it:
    /// the server answers 406 to that on text/plain posts.
    /// </summary>
    public static HttpContent Definition(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = PlainText;
        return content;
    }

    public static HttpContent JsonOf<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = Json;
        return content;
    }
}
