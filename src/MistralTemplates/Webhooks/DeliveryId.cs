using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MistralTemplates.Webhooks;

/// <summary>
/// The execution id a delivery starts with, derived from the request: the same body to the same stack and resource
/// within one window of the clock (aligned to multiples of the window since the unix epoch) gives the same id, so
/// Mistral returns the execution a retried delivery already started instead of starting a second one.
/// </summary>
public static class DeliveryId
{
    /// <param name="stackId">The stack's id: a stack made again under the same name gets ids of its own.</param>
    public static string Of(Guid stackId, string stack, string resource, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan window)
    {
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive.");
        var bucket = now.ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"delivery-v1\n{stackId:N}\n{stack.Length}:{stack}\n{resource.Length}:{resource}\n{bucket}\n")));
        hash.AppendData(body);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        var id = digest[..16];
        id[6] = (byte)((id[6] & 0x0F) | 0x80);   // RFC 9562 version 8: a name-derived id of our own layout
        id[8] = (byte)((id[8] & 0x3F) | 0x80);   // RFC 4122 variant
        return new Guid(id, bigEndian: true).ToString();
    }
}
