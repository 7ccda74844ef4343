using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Faults;

namespace MistralTemplates.Client.Tests.Cloud;

/// <summary>
/// HTTPS to Keystone and Mistral against a loopback server whose certificates the test makes: a private CA bundle,
/// a client certificate, and no checking at all (with a warning).
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mt-tls-").FullName;
    private readonly ConcurrentQueue<string?> _clientCertificates = new();
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _client = null!;
    private WebApplication _app = null!;
    private Uri _address = null!;

    private string CaFile => Path.Combine(_folder, "ca.pem");
    private string ClientCertFile => Path.Combine(_folder, "client.pem");
    private string ClientKeyFile => Path.Combine(_folder, "client.key");

    public async Task InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=MistralTemplates test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(CaFile, _ca.ExportCertificatePem());

        var server = Issue("CN=127.0.0.1", serverAuth: true);
        _client = Issue("CN=mistraltemplates-client", serverAuth: false, keyFile: ClientKeyFile);
        await File.WriteAllTextAsync(ClientCertFile, _client.ExportCertificatePem());

        (_app, _address) = await LoopbackServer.StartAsync(AnswerAsync, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
        }));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Keystone_and_Mistral_over_HTTPS_are_trusted_through_the_CA_bundle()
    {
        using var client = new MistralClient(MistralClientOptions.ForCloud(Cloud() with { CACertFile = CaFile }));

        var workflows = await client.Workflows.ListAsync().ToListAsync();

        Assert.Empty(workflows);
        Assert.Equal(new Uri(_address, "/v2/"), client.Endpoint);
    }

    [Fact]
    public async Task Without_the_CA_bundle_Keystones_certificate_is_refused()
    {
        using var client = new MistralClient(MistralClientOptions.ForCloud(Cloud()));

        var refused = await Assert.ThrowsAsync<KeystoneUnavailableException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.Contains("could not be reached", refused.Message);
    }

    [Fact]
    public async Task Mistral_over_HTTPS_is_refused_without_the_CA_bundle_and_trusted_with_it()
    {
        using var untrusted = new MistralClient(new MistralClientOptions { Endpoint = _address, Resilience = { MaxRetryAttempts = 0 } });
        await Assert.ThrowsAsync<MistralUnavailableException>(() => untrusted.Workflows.ListAsync().ToListAsync().AsTask());

        using var trusted = new MistralClient(new MistralClientOptions { Endpoint = _address, Tls = new MistralTlsOptions { CACertFile = CaFile } });
        Assert.Empty(await trusted.Workflows.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task The_client_certificate_is_presented_to_Keystone_and_Mistral()
    {
        using var client = new MistralClient(MistralClientOptions.ForCloud(Cloud() with
        {
            CACertFile = CaFile, ClientCertFile = ClientCertFile, ClientKeyFile = ClientKeyFile,
        }));

        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, _clientCertificates.Count);
        Assert.All(_clientCertificates, thumbprint => Assert.Equal(_client.Thumbprint, thumbprint));
    }

    [Fact]
    public async Task Insecure_accepts_an_unknown_certificate_and_warns_through_the_logger()
    {
        var warnings = new WarningLog();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(warnings));
        using var client = new MistralClient(
            MistralClientOptions.ForCloud(Cloud() with { Insecure = true }, new KeystoneOptions { LoggerFactory = loggers }), loggers);

        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, warnings.Lines.Count(line => line.Contains("not checked (insecure / verify: false)")));
        Assert.Contains(warnings.Lines, line => line.Contains("Keystone at"));
        Assert.Contains(warnings.Lines, line => line.Contains("Mistral at"));
    }

    [Fact]
    public void An_unreadable_CA_bundle_is_refused_naming_the_file()
    {
        var missing = Path.Combine(_folder, "missing.pem");

        var refused = Assert.Throws<CloudSettingsException>(() =>
            new MistralClient(new MistralClientOptions { Endpoint = _address, Tls = new MistralTlsOptions { CACertFile = missing } }));

        Assert.Contains(missing, refused.Message);
        Assert.Contains("OS_CACERT", refused.Message);
    }

    /// <summary>A cloud whose Keystone is the loopback server; each test signs in as a user of its own (no shared token).</summary>
    private CloudSettings Cloud() => new()
    {
        AuthUrl = new Uri(_address, "/v3"), Username = "tls-" + Guid.NewGuid().ToString("N"), UserDomainName = "Default",
        Password = "pw", ProjectId = "p-1",
    };

    private X509Certificate2 Issue(string subject, bool serverAuth, string? keyFile = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        if (keyFile is not null) File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var presented = await context.Connection.GetClientCertificateAsync();
        _clientCertificates.Enqueue(presented?.Thumbprint);
        context.Response.ContentType = "application/json";
        if (context.Request.Path.StartsWithSegments("/v3/auth/tokens"))
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers["X-Subject-Token"] = "tls-token";
            await context.Response.WriteAsync($$$"""
                {"token": {"issued_at": "{{{DateTimeOffset.UtcNow:O}}}", "expires_at": "{{{DateTimeOffset.UtcNow.AddHours(1):O}}}",
                 "user": {"id": "u-1", "name": "demo"}, "project": {"id": "p-1", "name": "demo"},
                 "catalog": {{{FakeKeystone.Catalog(("workflowv2", "RegionOne", "public", _address.ToString()))}}}}}
                """);
            return;
        }
        await context.Response.WriteAsync("""{"workflows": []}""");
    }

    /// <summary>Collects warnings and worse.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
