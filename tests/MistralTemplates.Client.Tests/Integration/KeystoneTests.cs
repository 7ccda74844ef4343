using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Mistral.Tests.Integration;

/// <summary>
/// Each sign-in method against a real Keystone, listing workflows on the Mistral of its catalog (which checks every
/// token with Keystone); the failures a user meets; and how many tokens a process asks for.
/// </summary>
public sealed class KeystoneTests(ITestOutputHelper output)
{
    private readonly KeystoneServer _keystone = KeystoneServer.SkipReasonFromEnvironment() is null ? KeystoneServer.FromEnvironment() : null!;

    [KeystoneFact]
    public async Task A_user_and_project_by_name_list_workflows_in_that_project()
    {
        var counter = new CountingHandler();
        var options = MistralClientOptions.ForCloud(KeystoneClouds.Password(_keystone, "demo"), KeystoneClouds.Counted(counter));
        using var client = new MistralClient(options);

        await client.Workflows.ListAsync().ToListAsync();

        var scope = await ((KeystoneAuthentication)options.Authentication).GetScopeAsync();
        Assert.Equal("demo", scope.ProjectName);
        Assert.Equal(_keystone.IdOf("demo", "project_id"), scope.ProjectId);
        Assert.Equal("demo", scope.UserName);
        Assert.NotNull(client.Endpoint);
    }

    [KeystoneFact]
    public async Task A_user_id_and_project_id_list_workflows()
    {
        var cloud = KeystoneClouds.Password(_keystone, "alt") with
        {
            Username = null, UserDomainName = null, UserId = _keystone.IdOf("alt"),
            ProjectName = null, ProjectDomainName = null, ProjectId = _keystone.IdOf("alt", "project_id"),
        };
        using var client = KeystoneClouds.Client(cloud, KeystoneClouds.Counted(new CountingHandler()));

        await client.Workflows.ListAsync().ToListAsync();
    }

    [KeystoneFact]
    public async Task An_application_credential_creates_and_deletes_a_workflow_in_its_project()
    {
        var (id, secret) = _keystone.ApplicationCredential("demo-appcred");
        var cloud = new CloudSettings
        {
            AuthUrl = _keystone.AuthUrl, AuthType = "v3applicationcredential", ApplicationCredentialId = id,
            ApplicationCredentialSecret = secret, RegionName = "RegionOne",
        };
        var options = MistralClientOptions.ForCloud(cloud, KeystoneClouds.Counted(new CountingHandler()));
        using var client = new MistralClient(options);
        var name = MistralServer.UniqueName("ks_appcred");

        await client.Workflows.CreateAsync($"version: '2.0'\n{name}:\n  tasks:\n    say:\n      action: std.noop\n");
        try
        {
            Assert.Contains(name, await client.Workflows.ListAsync().Select(w => w.Name).ToListAsync());
            Assert.Equal(_keystone.IdOf("demo", "project_id"), (await ((KeystoneAuthentication)options.Authentication).GetScopeAsync()).ProjectId);
        }
        finally
        {
            await client.Workflows.DeleteAsync(name);
        }
    }

    [KeystoneFact]
    public async Task An_existing_token_is_used_as_it_is_or_scoped_to_a_project()
    {
        var token = await KeystoneClouds.RawTokenAsync(_keystone, "demo");
        using var asGiven = KeystoneClouds.Client(new CloudSettings { AuthUrl = _keystone.AuthUrl, Token = token, RegionName = "RegionOne" },
            KeystoneClouds.Counted(new CountingHandler()));
        using var rescoped = KeystoneClouds.Client(new CloudSettings
        {
            AuthUrl = _keystone.AuthUrl, AuthType = "v3token", Token = token, ProjectId = _keystone.IdOf("demo", "project_id"), RegionName = "RegionOne",
        }, KeystoneClouds.Counted(new CountingHandler()));

        await asGiven.Workflows.ListAsync().ToListAsync();
        await rescoped.Workflows.ListAsync().ToListAsync();
    }

    [KeystoneFact]
    public async Task A_domain_scoped_token_is_issued_for_a_user_with_a_role_on_the_domain()
    {
        await GrantAdminOnDefaultDomainAsync();
        var cloud = KeystoneClouds.Password(_keystone, "admin") with { ProjectName = null, ProjectDomainName = null, DomainName = "Default" };
        var authentication = (KeystoneAuthentication)MistralClientOptions.ForCloud(cloud, KeystoneClouds.Counted(new CountingHandler())).Authentication;

        var scope = await authentication.GetScopeAsync();

        Assert.Null(scope.ProjectId);
        Assert.Equal("default", scope.DomainId);
        Assert.Equal("Default", scope.DomainName);
    }

    [KeystoneFact]
    public async Task A_wrong_password_fails_with_one_token_request_and_Keystones_reason()
    {
        var counter = new CountingHandler();
        var mistral = new CountingHandler();
        var cloud = KeystoneClouds.Password(_keystone, "demo") with { Password = "not-the-password" };
        using var client = KeystoneClouds.Client(cloud, KeystoneClouds.Counted(counter), mistral);

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<KeystoneAuthenticationException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());
        clock.Stop();
        output.WriteLine($"wrong password failed after {clock.ElapsedMilliseconds} ms: {refused.Message}");

        Assert.Equal(1, counter.TokenRequests);
        Assert.Equal(0, mistral.OtherRequests);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty(refused.ServerMessage));
        Assert.DoesNotContain("not-the-password", refused.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [KeystoneFact]
    public async Task Keystone_down_fails_at_once_with_a_clear_error()
    {
        var port = ClosedPort();
        var cloud = KeystoneClouds.Password(_keystone, "demo") with { AuthUrl = new Uri($"http://127.0.0.1:{port}/v3") };
        using var client = new MistralClient(MistralClientOptions.ForCloud(cloud));

        var clock = Stopwatch.StartNew();
        var down = await Assert.ThrowsAsync<KeystoneUnavailableException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());
        clock.Stop();
        output.WriteLine($"Keystone down failed after {clock.ElapsedMilliseconds} ms: {down.Message}");

        Assert.Contains($"127.0.0.1:{port}", down.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [KeystoneFact]
    public async Task Fifty_calls_from_two_clients_of_one_scope_make_one_token_request()
    {
        var counter = new CountingHandler();
        var keystone = KeystoneClouds.Counted(counter);
        using var first = KeystoneClouds.Client(KeystoneClouds.Password(_keystone, "alt"), keystone);
        using var second = KeystoneClouds.Client(KeystoneClouds.Password(_keystone, "alt"), keystone);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? first : second).Workflows.ListAsync().ToListAsync().AsTask()));
        output.WriteLine($"50 calls, 2 clients: {counter.TokenRequests} token request(s)");

        Assert.Equal(1, counter.TokenRequests);
    }

    [KeystoneFact]
    public async Task The_region_chooses_the_endpoint_and_an_unknown_region_names_the_known()
    {
        var elsewhere = new Uri("http://127.0.0.1:9/v2");
        await EnsureRegionTwoAsync(elsewhere);
        var regionTwo = (KeystoneAuthentication)MistralClientOptions.ForCloud(
            KeystoneClouds.Password(_keystone, "demo") with { RegionName = "RegionTwo" }, KeystoneClouds.Counted(new CountingHandler())).Authentication;
        var regionThree = (KeystoneAuthentication)MistralClientOptions.ForCloud(
            KeystoneClouds.Password(_keystone, "demo") with { RegionName = "RegionThree" }, KeystoneClouds.Counted(new CountingHandler())).Authentication;

        Assert.Equal(elsewhere, await regionTwo.GetWorkflowEndpointAsync());
        var unknown = await Assert.ThrowsAsync<KeystoneCatalogException>(() => regionThree.GetWorkflowEndpointAsync().AsTask());
        Assert.Contains("RegionOne, RegionTwo", unknown.Message);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<HttpClient> AdminAsync()
    {
        var token = await KeystoneClouds.RawTokenAsync(_keystone, "admin");
        var http = new HttpClient { BaseAddress = new Uri(_keystone.AuthUrl.AbsoluteUri.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        http.DefaultRequestHeaders.ConnectionClose = true;
        return http;
    }

    private async Task GrantAdminOnDefaultDomainAsync()
    {
        using var admin = await AdminAsync();
        var roles = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("roles?name=admin");
        var roleId = roles.GetProperty("roles")[0].GetProperty("id").GetString();
        using var granted = await admin.PutAsync($"domains/default/users/{_keystone.IdOf("admin")}/roles/{roleId}", null);
        granted.EnsureSuccessStatusCode();
    }

    /// <summary>A workflowv2 endpoint in a second region, pointing elsewhere (idempotent).</summary>
    private async Task EnsureRegionTwoAsync(Uri url)
    {
        using var admin = await AdminAsync();
        using (var region = await PostAsync(admin, "regions", new JsonObject { ["region"] = new JsonObject { ["id"] = "RegionTwo" } }))
            Assert.True(region.IsSuccessStatusCode || region.StatusCode == HttpStatusCode.Conflict, region.StatusCode.ToString());
        var services = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("services?type=workflowv2");
        var serviceId = services.GetProperty("services")[0].GetProperty("id").GetString();
        var existing = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"endpoints?service_id={serviceId}&region_id=RegionTwo&interface=public");
        if (existing.GetProperty("endpoints").GetArrayLength() > 0) return;
        using var created = await PostAsync(admin, "endpoints", new JsonObject
        {
            ["endpoint"] = new JsonObject { ["service_id"] = serviceId, ["interface"] = "public", ["url"] = url.ToString(), ["region_id"] = "RegionTwo" },
        });
        created.EnsureSuccessStatusCode();
    }

    // Buffered, with a Content-Length: Keystone's test server does not read chunked bodies.
    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, JsonObject body) =>
        http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
}
