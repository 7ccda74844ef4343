using System;
using System.Net;
using System.Net.Http;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// Signing in to Keystone, or finding Mistral in its catalog, failed. A <see cref="MistralException"/>, so code that
/// reports Mistral failures reports these too; messages never carry a password, secret or token.
/// </summary>
public class KeystoneException : MistralException
{
    /// <summary>A failure of the Keystone request <paramref name="method"/> <paramref name="path"/>.</summary>
    public KeystoneException(string message, HttpMethod method, string path, HttpStatusCode? statusCode,
        string? serverMessage, Exception? innerException = null)
        : base(message, method, path, statusCode, serverMessage, innerException)
    {
    }
}

/// <summary>Keystone refused the credentials (wrong password or secret, unknown user, no role on the scope). Not retried.</summary>
public sealed class KeystoneAuthenticationException(string message, HttpMethod method, string path, HttpStatusCode? statusCode, string? serverMessage)
    : KeystoneException(message, method, path, statusCode, serverMessage);

/// <summary>Keystone could not be reached or gave no answer in time.</summary>
public sealed class KeystoneUnavailableException(string message, HttpMethod method, string path, Exception? innerException)
    : KeystoneException(message, method, path, null, null, innerException);

/// <summary>
/// The token's service catalog has no usable workflow endpoint: no workflow service, no such region (or several and
/// none chosen), or no endpoint of the asked interface. The message lists what the catalog has.
/// </summary>
public sealed class KeystoneCatalogException(string message, HttpMethod method, string path)
    : KeystoneException(message, method, path, null, null);

/// <summary>
/// The cloud's settings cannot be used: a field needed to sign in is missing, or a TLS file cannot be read. The
/// message says what to set.
/// </summary>
public sealed class CloudSettingsException(string message, Exception? innerException = null) : ArgumentException(message, innerException);
