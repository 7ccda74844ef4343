using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MistralTemplates.Client.Tests.Unit;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Client.Tests.Cloud;

/// <summary>Token sharing, renewal before expiry and on 401, and how Keystone's refusals and silence are reported.</summary>
public sealed class KeystoneTokenTests
{
    [Fact]
    public async Task Concurrent_calls_from_two_clients_of_one_scope_share_one_token_request()
    {
        var keystone = new FakeKeystone();
        using var first = keystone.Client(keystone.Cloud());
        using var second = keystone.Client(keystone.Cloud());

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).Workflows.ListAsync().ToListAsync().AsTask()));

        Assert.Single(keystone.TokenRequests);
        Assert.Equal(40, keystone.MistralRequests.Count);
        Assert.All(keystone.MistralRequests, r => Assert.Equal("token-1", r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task Another_project_gets_a_token_of_its_own()
    {
        var keystone = new FakeKeystone();
        using var demo = keystone.Client(keystone.Cloud());
        using var alt = keystone.Client(keystone.Cloud() with { ProjectName = "alt" });

        await demo.Workflows.ListAsync().ToListAsync();
        await alt.Workflows.ListAsync().ToListAsync();
        await demo.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, keystone.TokenRequests.Count);
        Assert.Equal(["token-1", "token-2", "token-1"], keystone.MistralRequests.Select(r => r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task A_token_is_reused_until_it_is_within_the_renewal_margin_of_expiry_then_renewed()
    {
        var keystone = new FakeKeystone { Lifetime = TimeSpan.FromMinutes(60) };
        var clock = new FakeKeystone.ManualClock();
        using var client = keystone.Client(keystone.Cloud(), new KeystoneOptions { RenewalMargin = TimeSpan.FromMinutes(2), Clock = clock });

        await client.Workflows.ListAsync().ToListAsync();
        clock.Now += TimeSpan.FromMinutes(57);
        await client.Workflows.ListAsync().ToListAsync();
        clock.Now += TimeSpan.FromMinutes(2);
        await client.Workflows.ListAsync().ToListAsync();
        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, keystone.TokenRequests.Count);
        Assert.Equal(["token-1", "token-1", "token-2", "token-2"], keystone.MistralRequests.Select(r => r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task A_short_lived_token_is_reused_for_half_its_life_even_when_the_margin_is_longer()
    {
        var keystone = new FakeKeystone { Lifetime = TimeSpan.FromSeconds(60) };
        var clock = new FakeKeystone.ManualClock();
        using var client = keystone.Client(keystone.Cloud(), new KeystoneOptions { RenewalMargin = TimeSpan.FromMinutes(5), Clock = clock });

        await client.Workflows.ListAsync().ToListAsync();
        clock.Now += TimeSpan.FromSeconds(29);
        await client.Workflows.ListAsync().ToListAsync();
        clock.Now += TimeSpan.FromSeconds(2);
        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(["token-1", "token-1", "token-2"], keystone.MistralRequests.Select(r => r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task Expiry_is_judged_on_the_local_clock_so_a_Keystone_clock_hours_behind_changes_nothing()
    {
        var keystone = new FakeKeystone { Lifetime = TimeSpan.FromMinutes(60), ClockBehind = TimeSpan.FromHours(3) };
        using var client = keystone.Client(keystone.Cloud());

        for (var i = 0; i < 5; i++) await client.Workflows.ListAsync().ToListAsync();

        Assert.Single(keystone.TokenRequests);
    }

    [Fact]
    public async Task A_401_from_Mistral_renews_the_token_once_and_retries_the_request_once()
    {
        var keystone = new FakeKeystone();
        var unauthorized = Answers.Json(HttpStatusCode.Unauthorized, """{"faultstring": "The request you have made requires authentication."}""");
        var ok = keystone.MistralAnswer;
        var mistralCalls = 0;
        keystone.MistralAnswer = (request, token) => ++mistralCalls == 1 ? unauthorized(request, token) : ok(request, token);
        using var client = keystone.Client(keystone.Cloud());

        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, keystone.TokenRequests.Count);
        Assert.Equal(["token-1", "token-2"], keystone.MistralRequests.Select(r => r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task A_second_401_is_reported_not_renewed_again()
    {
        var keystone = new FakeKeystone
        {
            MistralAnswer = Answers.Json(HttpStatusCode.Unauthorized, """{"faultstring": "The request you have made requires authentication."}"""),
        };
        using var client = keystone.Client(keystone.Cloud());

        var failure = await Assert.ThrowsAnyAsync<MistralException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        Assert.Equal(2, keystone.TokenRequests.Count);
        Assert.Equal(2, keystone.MistralRequests.Count);
    }

    [Fact]
    public async Task A_403_from_Mistral_is_neither_renewed_nor_retried()
    {
        var keystone = new FakeKeystone { MistralAnswer = Answers.Json(HttpStatusCode.Forbidden, """{"faultstring": "Not allowed."}""") };
        using var client = keystone.Client(keystone.Cloud());

        await Assert.ThrowsAsync<MistralForbiddenException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.Single(keystone.TokenRequests);
        Assert.Single(keystone.MistralRequests);
    }

    [Fact]
    public async Task A_wrong_password_fails_once_with_Keystones_reason_and_no_retry()
    {
        var keystone = new FakeKeystone
        {
            KeystoneAnswer = Answers.Json(HttpStatusCode.Unauthorized,
                """{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}"""),
        };
        using var client = keystone.Client(keystone.Cloud());

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<KeystoneAuthenticationException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());
        clock.Stop();

        Assert.Single(keystone.TokenRequests);
        Assert.Empty(keystone.MistralRequests);
        Assert.Equal("The request you have made requires authentication.", refused.ServerMessage);
        Assert.Contains("The request you have made requires authentication.", refused.Message);
        Assert.Contains("Cloud 'fake'", refused.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(FakeKeystone.Password, refused.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_secret_Keystone_echoes_back_is_masked()
    {
        var keystone = new FakeKeystone
        {
            KeystoneAnswer = Answers.Json(HttpStatusCode.BadRequest,
                $$$"""{"error": {"code": 400, "message": "Invalid input for field 'password': '{{{FakeKeystone.Password}}}'"}}"""),
        };
        using var client = keystone.Client(keystone.Cloud());

        var refused = await Assert.ThrowsAsync<KeystoneException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.DoesNotContain(FakeKeystone.Password, refused.Message);
        Assert.DoesNotContain(FakeKeystone.Password, refused.ServerMessage);
        Assert.Contains("'***'", refused.Message);
    }

    [Fact]
    public async Task Keystone_refusing_connections_fails_at_once_naming_Keystone()
    {
        var keystone = new FakeKeystone { KeystoneAnswer = Answers.ConnectionRefused() };
        using var client = keystone.Client(keystone.Cloud());

        var down = await Assert.ThrowsAsync<KeystoneUnavailableException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.Single(keystone.TokenRequests);
        Assert.Contains($"Keystone at {keystone.AuthUrl.GetLeftPart(UriPartial.Authority)} could not be reached", down.Message);
        Assert.Contains("OS_AUTH_URL", down.Message);
    }

    [Fact]
    public async Task A_silent_Keystone_fails_after_the_Keystone_timeout()
    {
        var keystone = new FakeKeystone { KeystoneAnswer = Answers.Never() };
        using var client = keystone.Client(keystone.Cloud(), new KeystoneOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var clock = Stopwatch.StartNew();
        var down = await Assert.ThrowsAsync<KeystoneUnavailableException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("no answer within 0.3 s", down.Message);
    }

    [Fact]
    public async Task A_failed_sign_in_is_tried_again_on_the_next_call()
    {
        var keystone = new FakeKeystone { KeystoneAnswer = Answers.ConnectionRefused() };
        using var client = keystone.Client(keystone.Cloud());
        await Assert.ThrowsAsync<KeystoneUnavailableException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        keystone.KeystoneAnswer = null;
        await client.Workflows.ListAsync().ToListAsync();

        Assert.Equal(2, keystone.TokenRequests.Count);
        Assert.Equal("token-1", Assert.Single(keystone.MistralRequests).Header("X-Auth-Token"));
    }

    [Fact]
    public async Task Secrets_never_appear_in_what_the_client_prints()
    {
        var keystone = new FakeKeystone();
        var cloud = keystone.Cloud() with { ApplicationCredentialSecret = "ac-secret-value", Token = "tok-value", AuthType = "password" };
        var authentication = (KeystoneAuthentication)Mistral.Http.MistralClientOptions.ForCloud(cloud, keystone.Options()).Authentication;
        await authentication.GetScopeAsync();

        foreach (var text in new[] { cloud.ToString(), authentication.ToString() })
        {
            Assert.DoesNotContain(FakeKeystone.Password, text);
            Assert.DoesNotContain("ac-secret-value", text);
            Assert.DoesNotContain("tok-value", text);
            Assert.DoesNotContain("token-1", text);
        }
    }
}
