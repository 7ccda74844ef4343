using System;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Mistral.Http;

/// <summary>
/// How HTTPS connections to Mistral and Keystone are checked: a CA bundle to trust instead of the system's, a client
/// certificate to present, or no check at all (a warning is logged).
/// </summary>
public sealed record MistralTlsOptions
{
    /// <summary>A PEM file of CA certificates; the server's certificate must chain to one of them (<c>cacert</c>).</summary>
    public string? CACertFile { get; init; }

    /// <summary>A PEM client certificate to present (<c>cert</c>); its key is in <see cref="ClientKeyFile"/> or the same file.</summary>
    public string? ClientCertFile { get; init; }

    /// <summary>The PEM private key of <see cref="ClientCertFile"/> (<c>key</c>), when it is in a file of its own.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Accept any server certificate (<c>verify: false</c>). For test clouds only: a warning is logged.</summary>
    public bool Insecure { get; init; }

    /// <summary>True when nothing differs from the system's defaults.</summary>
    internal bool IsDefault => CACertFile is null && ClientCertFile is null && ClientKeyFile is null && !Insecure;

    /// <summary>The TLS settings of a cloud.</summary>
    internal static MistralTlsOptions From(CloudSettings cloud) => new()
    {
        CACertFile = cloud.CACertFile,
        ClientCertFile = cloud.ClientCertFile,
        ClientKeyFile = cloud.ClientKeyFile,
        Insecure = cloud.Insecure,
    };

    /// <summary>
    /// Applies the settings to a socket handler; <paramref name="service"/> names the server in the insecure warning,
    /// which goes to <paramref name="logger"/>, or to standard error when there is none. Unreadable files fail here,
    /// at construction, with the file's name.
    /// </summary>
    internal void ApplyTo(SocketsHttpHandler handler, ILogger? logger, string service)
    {
        if (IsDefault) return;
        var ssl = handler.SslOptions;
        if (Insecure)
        {
            const string Warning = "TLS certificates of {Service} are not checked (insecure / verify: false): anyone on the " +
                                   "network path can read and change the traffic, credentials included";
            if (logger is null) Console.Error.WriteLine("warning: " + Warning.Replace("{Service}", service, StringComparison.Ordinal));
            else logger.LogWarning(Warning, service);
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (CACertFile is { } caFile)
        {
            var bundle = new X509Certificate2Collection();
            try
            {
                bundle.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new CloudSettingsException($"The CA bundle '{caFile}' (cacert, OS_CACERT) cannot be read: {e.Message}", e);
            }
            if (bundle.Count == 0)
                throw new CloudSettingsException($"The CA bundle '{caFile}' (cacert, OS_CACERT) holds no PEM certificate.");
            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(bundle);
        }

        if (ClientCertFile is { } certFile)
        {
            X509Certificate2 certificate;
            try
            {
                using var pem = X509Certificate2.CreateFromPemFile(certFile, ClientKeyFile);
                // A key read from PEM is ephemeral; a PKCS#12 round trip gives one every platform's TLS stack can use.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new CloudSettingsException($"The client certificate '{certFile}' (cert, OS_CERT)" +
                    (ClientKeyFile is null ? "" : $" with key '{ClientKeyFile}' (key, OS_KEY)") + $" cannot be read: {e.Message}", e);
            }
            ssl.ClientCertificates = new X509CertificateCollection { certificate };
        }
    }
}
