using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Tests.Faults;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.Mistral.Tests.Integration;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// The test Keystone behind a proxy that counts its token requests, and a folder for clouds.yaml files that point at
/// the proxy. Created per test: the count starts at zero, and the proxy's own address keeps the process's shared
/// tokens of other tests out of it.
/// </summary>
public sealed class CountedKeystone : IAsyncLifetime
{
    /// <summary>Keystone's tokens must live this long at most for the renewal tests to see one expire.</summary>
    private static readonly TimeSpan LongestUsefulLifetime = TimeSpan.FromSeconds(120);

    private FaultProxy _proxy = null!;

    /// <summary>The test Keystone itself (not proxied).</summary>
    public KeystoneServer Server { get; } = KeystoneServer.SkipReasonFromEnvironment() is null ? KeystoneServer.FromEnvironment() : null!;

    /// <summary>Where the clouds.yaml files and other files of one test go; removed afterwards.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("keystone-tokens-").FullName;

    /// <summary>Keystone's v3 address through the proxy.</summary>
    public Uri AuthUrl => new(_proxy.Endpoint, "v3");

    /// <summary>The token requests (<c>POST /v3/auth/tokens</c>) the proxy has seen.</summary>
    public int TokenRequests => _proxy.Count(HttpMethod.Post, "/v3/auth/tokens");

    /// <summary>The script's clouds with their auth_url at the proxy.</summary>
    public System.Collections.Generic.Dictionary<string, string> CloudFiles() => CloudProcess.CloudFilesAt(AuthUrl, Folder);

    /// <summary>A provisioned user's password sign-in to that user's project, through the proxy.</summary>
    public CloudSettings Password(string user) => KeystoneClouds.Password(Server, user) with { AuthUrl = AuthUrl };

    /// <summary>How long Keystone's tokens live; fails when they live too long for a test to outlive one.</summary>
    public async Task<TimeSpan> TokenLifetimeAsync()
    {
        var lifetime = await new KeystoneAuthentication(KeystoneClouds.Password(Server, "alt")).GetTokenLifetimeAsync();
        Assert.True(lifetime <= LongestUsefulLifetime,
            $"Keystone issues {lifetime.TotalSeconds} s tokens; start it with KEYSTONE_TOKEN_EXPIRATION=60 for these tests.");
        return lifetime;
    }

    public async Task InitializeAsync()
    {
        if (Server is not null) _proxy = await FaultProxy.StartAsync(Server.AuthUrl);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
