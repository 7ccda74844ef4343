using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>How the client talks to Keystone: when tokens are renewed and how long a sign-in may take.</summary>
public sealed class KeystoneOptions
{
    /// <summary>
    /// A token is renewed once it is this close to expiry (default two minutes), but never before half its life has
    /// passed, so short-lived tokens are still reused.
    /// </summary>
    public TimeSpan RenewalMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for one answer from Keystone (default 15 s, below the Mistral attempt timeout).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where warnings go (an insecure TLS connection to Keystone); <see langword="null"/> writes them to standard error.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The innermost handler of Keystone requests; tests answer from canned responses.</summary>
    internal Func<HttpMessageHandler>? PrimaryHandler { get; set; }

    /// <summary>The clock token expiry is judged by; tests move it.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;
}
