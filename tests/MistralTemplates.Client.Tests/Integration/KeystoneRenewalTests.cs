using System;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Client.Tests.Cloud;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Mistral.Tests.Integration;

/// <summary>
/// A client keeps working past its token's expiry, against a Keystone issuing short tokens
/// (<c>KEYSTONE_TOKEN_EXPIRATION=60</c>, as CI starts it): renewed ahead of expiry, or on Mistral's 401.
/// </summary>
public sealed class KeystoneRenewalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LongestUsefulLifetime = TimeSpan.FromSeconds(120);

    private readonly KeystoneServer _keystone = KeystoneServer.SkipReasonFromEnvironment() is null ? KeystoneServer.FromEnvironment() : null!;

    [KeystoneFact]
    public async Task A_token_past_half_its_life_is_renewed_before_the_next_call()
    {
        var counter = new CountingHandler();
        var mistral = new CountingHandler();
        var options = MistralClientOptions.ForCloud(KeystoneClouds.Password(_keystone, "demo"), KeystoneClouds.Counted(counter));
        using var client = new MistralClient(options, mistral);

        await client.Workflows.ListAsync().ToListAsync();
        await Task.Delay(await LifetimeAsync((KeystoneAuthentication)options.Authentication) / 2 + TimeSpan.FromSeconds(2));
        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, counter.TokenRequests);
        Assert.Equal(2, mistral.OtherRequests);
    }

    [KeystoneFact]
    public async Task A_401_for_an_expired_token_renews_it_once_and_retries_once()
    {
        var counter = new CountingHandler();
        var mistral = new CountingHandler();
        // A clock that never moves: the client never sees the token as stale, so only Mistral's 401 can renew it.
        var keystone = new KeystoneOptions { PrimaryHandler = () => counter, Clock = new FakeKeystone.ManualClock() };
        var options = MistralClientOptions.ForCloud(KeystoneClouds.Password(_keystone, "alt"), keystone);
        using var client = new MistralClient(options, mistral);

        await client.Workflows.ListAsync().ToListAsync();
        await Task.Delay(await LifetimeAsync((KeystoneAuthentication)options.Authentication) + TimeSpan.FromSeconds(3));
        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, counter.TokenRequests);
        Assert.Equal(3, mistral.OtherRequests);
    }

    private async Task<TimeSpan> LifetimeAsync(KeystoneAuthentication authentication)
    {
        var lifetime = await authentication.GetTokenLifetimeAsync();
        output.WriteLine($"token lifetime {lifetime.TotalSeconds} s");
        Assert.True(lifetime <= LongestUsefulLifetime,
            $"Keystone issues {lifetime.TotalSeconds} s tokens; start it with KEYSTONE_TOKEN_EXPIRATION=60 for these tests.");
        return lifetime;
    }
}
