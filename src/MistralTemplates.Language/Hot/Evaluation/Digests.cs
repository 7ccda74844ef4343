using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>The digest function's algorithms: the ones Python's hashlib always has.</summary>
internal static class Digests
{
    public const string Supported = "md5, sha1, sha224, sha256, sha384, sha512";

    /// <summary>Hashes the text's Latin-1 bytes, as Heat does; text outside Latin-1 cannot be hashed there either.</summary>
    public static bool TryCompute(string algorithm, string text, out string? digest, out string? error)
    {
        digest = null;
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > '\u00ff')
            {
                error = $"digest hashes the text as Latin-1, and character {i} ('{text[i]}') is not a Latin-1 character.";
                return false;
            }
            bytes[i] = (byte)text[i];
        }
        byte[] hash;
        try
        {
            switch (algorithm.ToLowerInvariant())
            {
                case "md5":
                    using (var md5 = MD5.Create()) hash = md5.ComputeHash(bytes);
                    break;
                case "sha1":
                    using (var sha1 = SHA1.Create()) hash = sha1.ComputeHash(bytes);
                    break;
                case "sha224":
                    hash = Sha224.Hash(bytes);
                    break;
                case "sha256":
                    using (var sha256 = SHA256.Create()) hash = sha256.ComputeHash(bytes);
                    break;
                case "sha384":
                    using (var sha384 = SHA384.Create()) hash = sha384.ComputeHash(bytes);
                    break;
                case "sha512":
                    using (var sha512 = SHA512.Create()) hash = sha512.ComputeHash(bytes);
                    break;
                default:
                    error = $"digest algorithm '{algorithm}' is not supported; use one of {Supported}.";
                    return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException or InvalidOperationException)
        {
            // A FIPS-only system refuses md5, for example.
            error = $"digest algorithm '{algorithm}' is not available on this system: {e.Message}";
            return false;
        }
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        digest = hex.ToString();
        error = null;
        return true;
    }
}
