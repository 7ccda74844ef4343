using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Client.Tests.Cloud;

/// <summary>What each auth method sends to Keystone, and the settings it refuses before sending anything.</summary>
public sealed class KeystoneSignInTests
{
    [Fact]
    public async Task A_password_sign_in_sends_user_and_project_by_name_with_their_domains_and_the_token_goes_to_Mistral()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(keystone.Cloud());

        await client.Workflows.ListAsync().ToListAsync();

        var auth = FakeKeystone.BodyOf(Assert.Single(keystone.TokenRequests));
        Assert.Equal("password", auth.GetProperty("identity").GetProperty("methods")[0].GetString());
        var user = auth.GetProperty("identity").GetProperty("password").GetProperty("user");
        Assert.Equal("demo", user.GetProperty("name").GetString());
        Assert.Equal("Default", user.GetProperty("domain").GetProperty("name").GetString());
        Assert.Equal(FakeKeystone.Password, user.GetProperty("password").GetString());
        var project = auth.GetProperty("scope").GetProperty("project");
        Assert.Equal("demo", project.GetProperty("name").GetString());
        Assert.Equal("Default", project.GetProperty("domain").GetProperty("name").GetString());
        var mistral = Assert.Single(keystone.MistralRequests);
        Assert.Equal("token-1", mistral.Header("X-Auth-Token"));
        Assert.Equal("http://mistral.test:8989/v2/workflows", mistral.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(new Uri("http://mistral.test:8989/v2/"), client.Endpoint);
    }

    [Fact]
    public async Task A_user_id_and_project_id_are_sent_as_ids_without_domains()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(keystone.Cloud() with
        {
            Username = null, UserDomainName = null, UserId = "u-1", ProjectName = null, ProjectDomainName = null, ProjectId = "p-1",
        });

        await client.Workflows.ListAsync().ToListAsync();

        var auth = FakeKeystone.BodyOf(Assert.Single(keystone.TokenRequests));
        var user = auth.GetProperty("identity").GetProperty("password").GetProperty("user");
        Assert.Equal("u-1", user.GetProperty("id").GetString());
        Assert.False(user.TryGetProperty("domain", out _));
        Assert.Equal("p-1", auth.GetProperty("scope").GetProperty("project").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_domain_scope_is_sent_when_no_project_is_given()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(keystone.Cloud() with { ProjectName = null, ProjectDomainName = null, DomainName = "Default" });

        await client.Workflows.ListAsync().ToListAsync();

        var scope = FakeKeystone.BodyOf(Assert.Single(keystone.TokenRequests)).GetProperty("scope");
        Assert.Equal("Default", scope.GetProperty("domain").GetProperty("name").GetString());
        Assert.False(scope.TryGetProperty("project", out _));
    }

    [Fact]
    public async Task An_application_credential_by_id_sends_id_and_secret_and_no_scope()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(new CloudSettings
        {
            AuthUrl = keystone.AuthUrl, AuthType = "v3applicationcredential", ApplicationCredentialId = "ac-1", ApplicationCredentialSecret = "ac-secret",
        });

        await client.Workflows.ListAsync().ToListAsync();

        var auth = FakeKeystone.BodyOf(Assert.Single(keystone.TokenRequests));
        Assert.Equal("application_credential", auth.GetProperty("identity").GetProperty("methods")[0].GetString());
        var credential = auth.GetProperty("identity").GetProperty("application_credential");
        Assert.Equal("ac-1", credential.GetProperty("id").GetString());
        Assert.Equal("ac-secret", credential.GetProperty("secret").GetString());
        Assert.False(auth.TryGetProperty("scope", out _));
    }

    [Fact]
    public async Task An_application_credential_by_name_names_its_user()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(new CloudSettings
        {
            AuthUrl = keystone.AuthUrl, ApplicationCredentialName = "demo-appcred", ApplicationCredentialSecret = "ac-secret",
            Username = "demo", UserDomainName = "Default",
        });

        await client.Workflows.ListAsync().ToListAsync();

        var credential = FakeKeystone.BodyOf(Assert.Single(keystone.TokenRequests)).GetProperty("identity").GetProperty("application_credential");
        Assert.Equal("demo-appcred", credential.GetProperty("name").GetString());
        Assert.Equal("demo", credential.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("Default", credential.GetProperty("user").GetProperty("domain").GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_existing_token_with_a_project_is_exchanged_for_a_token_scoped_to_it()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(new CloudSettings { AuthUrl = keystone.AuthUrl, AuthType = "v3token", Token = "given-token", ProjectId = "p-1" });

        await client.Workflows.ListAsync().ToListAsync();

        var request = Assert.Single(keystone.TokenRequests);
        Assert.Equal(HttpMethod.Post, request.Method);
        var auth = FakeKeystone.BodyOf(request);
        Assert.Equal("given-token", auth.GetProperty("identity").GetProperty("token").GetProperty("id").GetString());
        Assert.Equal("p-1", auth.GetProperty("scope").GetProperty("project").GetProperty("id").GetString());
        Assert.Equal("token-1", Assert.Single(keystone.MistralRequests).Header("X-Auth-Token"));
    }

    [Fact]
    public async Task An_existing_token_without_a_project_is_validated_for_its_catalog_and_used_as_it_is()
    {
        var keystone = new FakeKeystone();
        using var client = keystone.Client(new CloudSettings { AuthUrl = keystone.AuthUrl, Token = "given-token" });

        await client.Workflows.ListAsync().ToListAsync();

        var request = Assert.Single(keystone.TokenRequests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("given-token", request.Header("X-Subject-Token"));
        // The fake answers a validation with its own numbered token header; what Keystone echoes is what is sent.
        Assert.Equal("token-1", Assert.Single(keystone.MistralRequests).Header("X-Auth-Token"));
    }

    [Fact]
    public void A_password_sign_in_without_a_project_or_domain_is_refused_before_anything_is_sent()
    {
        var keystone = new FakeKeystone();
        var refused = Assert.Throws<CloudSettingsException>(() =>
            keystone.Client(keystone.Cloud() with { ProjectName = null, ProjectDomainName = null }));

        Assert.Contains("unscoped", refused.Message);
        Assert.Contains("project_name", refused.Message);
        Assert.Contains("Cloud 'fake'", refused.Message);
        Assert.Empty(keystone.Handler.Requests);
    }

    [Theory]
    [InlineData(nameof(CloudSettings.UserDomainName), "user_domain_name")]
    [InlineData(nameof(CloudSettings.ProjectDomainName), "project_domain_name")]
    [InlineData(nameof(CloudSettings.Password), "OS_PASSWORD")]
    [InlineData(nameof(CloudSettings.AuthUrl), "auth_url")]
    public void A_missing_field_is_named_in_the_refusal(string missing, string named)
    {
        var keystone = new FakeKeystone();
        var cloud = missing switch
        {
            nameof(CloudSettings.UserDomainName) => keystone.Cloud() with { UserDomainName = null },
            nameof(CloudSettings.ProjectDomainName) => keystone.Cloud() with { ProjectDomainName = null },
            nameof(CloudSettings.Password) => keystone.Cloud() with { Password = null },
            _ => keystone.Cloud() with { AuthUrl = null },
        };

        var refused = Assert.Throws<CloudSettingsException>(() => MistralClientOptions.ForCloud(cloud, keystone.Options()));

        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public void An_unknown_auth_type_is_refused_with_the_supported_ones()
    {
        var refused = Assert.Throws<CloudSettingsException>(() =>
            MistralClientOptions.ForCloud(new FakeKeystone().Cloud() with { AuthType = "v2password" }));

        Assert.Contains("v2password", refused.Message);
        Assert.Contains("v3applicationcredential", refused.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("noauth")]
    public async Task No_auth_needs_the_endpoint_and_then_sends_no_credentials(string authType)
    {
        var keystone = new FakeKeystone();
        var refused = Assert.Throws<CloudSettingsException>(() =>
            MistralClientOptions.ForCloud(new CloudSettings { AuthType = authType }));
        Assert.Contains("MISTRAL_URL", refused.Message);

        var options = MistralClientOptions.ForCloud(new CloudSettings { AuthType = authType, WorkflowEndpointOverride = new Uri("http://mistral.test:8989") });
        Assert.Same(MistralAuthentication.None, options.Authentication);
        using var client = new MistralClient(options, keystone.Handler);
        await client.Workflows.ListAsync().ToListAsync();
        Assert.Empty(keystone.TokenRequests);
        Assert.Null(Assert.Single(keystone.MistralRequests).Header("X-Auth-Token"));
    }

    [Fact]
    public async Task An_endpoint_override_is_used_instead_of_the_catalog_but_the_token_still_goes_with_it()
    {
        var keystone = new FakeKeystone { CatalogJson = "[]" };
        using var client = keystone.Client(keystone.Cloud() with { WorkflowEndpointOverride = new Uri("http://other.test:8989/v2") });

        Assert.Equal(new Uri("http://other.test:8989/v2/"), client.Endpoint);
        await client.Workflows.ListAsync().ToListAsync();

        var mistral = Assert.Single(keystone.MistralRequests);
        Assert.Equal("other.test", mistral.Uri.Host);
        Assert.Equal("token-1", mistral.Header("X-Auth-Token"));
    }

    [Fact]
    public async Task The_scope_names_the_user_and_project_of_the_token()
    {
        var keystone = new FakeKeystone();
        var authentication = (KeystoneAuthentication)MistralClientOptions.ForCloud(keystone.Cloud(), keystone.Options()).Authentication;

        var scope = await authentication.GetScopeAsync();

        Assert.Equal(new KeystoneScope("u-demo", "demo", "p-demo", "demo"), scope);
        Assert.Equal("project demo (p-demo)", scope.Describe());
    }

    [Fact]
    public void Options_for_a_cloud_carry_its_TLS_settings()
    {
        var options = MistralClientOptions.ForCloud(new CloudSettings
        {
            AuthType = "none", WorkflowEndpointOverride = new Uri("https://mistral.test"), CACertFile = "ca.pem",
            ClientCertFile = "c.pem", ClientKeyFile = "k.pem", Insecure = true,
        });

        Assert.Equal(new MistralTlsOptions { CACertFile = "ca.pem", ClientCertFile = "c.pem", ClientKeyFile = "k.pem", Insecure = true }, options.Tls);
    }
}
