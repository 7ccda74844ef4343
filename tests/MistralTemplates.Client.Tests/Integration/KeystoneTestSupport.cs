using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Mistral.Tests.Integration;

/// <summary>Counts the requests that pass, by whether they ask Keystone for a token.</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _tokenRequests;
    private int _otherRequests;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int OtherRequests => Volatile.Read(ref _otherRequests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath.EndsWith("/auth/tokens", StringComparison.Ordinal)) Interlocked.Increment(ref _tokenRequests);
        else Interlocked.Increment(ref _otherRequests);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Clouds of the provisioned accounts, and clients over counting handlers.</summary>
internal static class KeystoneClouds
{
    /// <summary>A user of the provisioned accounts, scoped to that user's project by name, in RegionOne.</summary>
    public static CloudSettings Password(KeystoneServer keystone, string user) => new()
    {
        CloudName = user,
        AuthUrl = keystone.AuthUrl,
        Username = user,
        UserDomainName = "Default",
        Password = keystone.PasswordOf(user),
        ProjectName = keystone.Accounts.GetProperty("users").GetProperty(user).GetProperty("project").GetString(),
        ProjectDomainName = "Default",
        RegionName = "RegionOne",
    };

    /// <summary>Options whose Keystone requests go through <paramref name="counter"/> (clients sharing it share tokens).</summary>
    public static KeystoneOptions Counted(CountingHandler counter) => new() { PrimaryHandler = () => counter };

    /// <summary>A client whose Mistral requests go through a counting handler of their own.</summary>
    public static MistralClient Client(CloudSettings cloud, KeystoneOptions keystone, CountingHandler? mistral = null) =>
        new(MistralClientOptions.ForCloud(cloud, keystone), mistral ?? new CountingHandler());

    /// <summary>A token of <paramref name="user"/> for that user's project, got outside the client, as a user would have one.</summary>
    public static async Task<string> RawTokenAsync(KeystoneServer keystone, string user)
    {
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = keystone.PasswordOf(user) },
                    },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["id"] = keystone.IdOf(user, "project_id") } },
            },
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(keystone.AuthUrl.AbsoluteUri.TrimEnd('/') + "/auth/tokens"), content);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return string.Join("", response.Headers.GetValues("X-Subject-Token"));
    }
}
