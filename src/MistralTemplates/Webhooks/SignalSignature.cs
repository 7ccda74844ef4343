using System;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MistralTemplates.Webhooks;

/// <summary>Why a signal URL was refused (all of them answer 403; the gateway's log says which).</summary>
public enum SignatureCheck
{
    /// <summary>Signed with the secret for these parts, and not expired (or, from <c>CheckForm</c>, of the right form).</summary>
    Valid,
    /// <summary>No signature was given.</summary>
    Missing,
    /// <summary>Not exactly the 43 characters of base64url without padding that a signature is.</summary>
    Malformed,
    /// <summary>Well formed, but not what the secret gives these parts.</summary>
    Mismatch,
    /// <summary>Signed, but its expiry has passed.</summary>
    Expired,
}

/// <summary>
/// The signature of a signal URL: HMAC-SHA256, keyed with the stack's secret, over the stack name, the resource name
/// and the optional expiry (unix seconds), encoded base64url. Each part is length-prefixed, so no two different
/// triples sign the same bytes. Verification compares in constant time.
/// </summary>
public static class SignalSignature
{
    /// <summary>Bytes of a stack's secret.</summary>
    public const int SecretBytes = 32;

    private const int MacBytes = 32;

    /// <summary>Characters of a signature: base64url of <see cref="MacBytes"/> bytes, without padding.</summary>
    private const int SignatureChars = 43;

    private static readonly System.Text.RegularExpressions.Regex SignatureInQuery =
        new("(?<=[?&]signature=)[^&#]*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A URL fit to print: a signature in its query becomes <c>(hidden)</c>, since the URL is the credential.</summary>
    public static string Redact(string url) => SignatureInQuery.Replace(url, "(hidden)");

    /// <summary>A new random secret, base64url, as the stack's record keeps it.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The signature, base64url without padding, of the URL for <paramref name="resource"/> of <paramref name="stack"/> with the optional expiry (unix seconds).</summary>
    public static string Compute(string secret, string stack, string resource, long? expires) =>
        Base64Url.EncodeToString(Mac(secret, stack, resource, expires));

    /// <summary>
    /// Whether <paramref name="signature"/> is the one <paramref name="secret"/> gives the other parts, and the URL
    /// has not expired at <paramref name="now"/>. The expiry is checked after the signature, so a forged expiry
    /// reads as a mismatch.
    /// </summary>
    public static SignatureCheck Verify(string secret, string stack, string resource, long? expires, string? signature, DateTimeOffset now)
    {
        Span<byte> given = stackalloc byte[MacBytes];
        var form = Decode(signature, given);
        if (form != SignatureCheck.Valid) return form;
        if (!CryptographicOperations.FixedTimeEquals(Mac(secret, stack, resource, expires), given))
            return SignatureCheck.Mismatch;
        return expires is { } deadline && now.ToUnixTimeSeconds() > deadline ? SignatureCheck.Expired : SignatureCheck.Valid;
    }

    /// <summary>
    /// Whether <paramref name="signature"/> has the one form <see cref="Compute"/> gives (<see cref="SignatureCheck.Valid"/>),
    /// else <see cref="SignatureCheck.Missing"/> or <see cref="SignatureCheck.Malformed"/>. It needs no secret, so it
    /// can be checked before anything is looked up.
    /// </summary>
    public static SignatureCheck CheckForm(string? signature) => Decode(signature, stackalloc byte[MacBytes]);

    /// <summary>Decodes a signature of the canonical form into <paramref name="mac"/>.</summary>
    private static SignatureCheck Decode(string? signature, Span<byte> mac)
    {
        if (string.IsNullOrEmpty(signature)) return SignatureCheck.Missing;
        Span<byte> decoded = stackalloc byte[MacBytes + 3];
        if (signature.Length != SignatureChars || !Base64Url.IsValid(signature) || !Base64Url.TryDecodeFromChars(signature, decoded, out var written) ||
            written != MacBytes || !IsCanonical(signature, decoded[..written]))
            return SignatureCheck.Malformed;
        decoded[..MacBytes].CopyTo(mac);
        return SignatureCheck.Valid;
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the one encoding <see cref="Compute"/> gives its bytes: a decoder also
    /// takes padding, spaces and other spare bits in the last character, and each such variant of a URL is refused.
    /// </summary>
    private static bool IsCanonical(string signature, ReadOnlySpan<byte> mac)
    {
        Span<char> encoded = stackalloc char[SignatureChars];
        return Base64Url.TryEncodeToChars(mac, encoded, out var length) && encoded[..length].SequenceEqual(signature);
    }

    /// <summary>Whether <paramref name="secret"/> is a usable signing secret: base64url of at least <see cref="SecretBytes"/> bytes.</summary>
    internal static bool IsValidSecret(string secret) => Base64Url.IsValid(secret, out var length) && length >= SecretBytes;

    private static byte[] Mac(string secret, string stack, string resource, long? expires)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(resource);
        var key = Base64Url.DecodeFromChars(secret);
        if (key.Length < SecretBytes) throw new ArgumentException($"A signal secret has {SecretBytes} bytes; this one has {key.Length}.", nameof(secret));
        var expiry = expires?.ToString(CultureInfo.InvariantCulture) ?? "";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"signal-v1\n{stack.Length}:{stack}\n{resource.Length}:{resource}\n{expiry.Length}:{expiry}");
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
    }
}
