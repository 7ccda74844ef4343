using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MistralTemplates.State;

/// <summary>
/// The SHA-256 of a template and the files it reads with get_file, as lower-case hex. Two deploys of the same
/// text and files give the same hash, so an unchanged stack is recognised without comparing texts.
/// </summary>
public static class TemplateHash
{
    public static string Of(StackTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Of(template.Text, template.Files);
    }

    /// <param name="templateText">The template's text.</param>
    /// <param name="files">get_file references mapped to their text; their order does not matter.</param>
    public static string Of(string templateText, IReadOnlyDictionary<string, string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(templateText);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendPart(hash, templateText);
        foreach (var (reference, text) in (files ?? new Dictionary<string, string>()).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            AppendPart(hash, reference);
            AppendPart(hash, text);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Each part is length-prefixed, so moving text from one part to the next changes the hash.
    private static void AppendPart(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
