using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Tests.Faults;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.Mistral.Tests.Integration;
using Xunit.Abstractions;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// How many tokens a stack program asks the real Keystone for, counted by a proxy in front of Keystone: one per
/// process and scope, one on a wrong password; and what a cloud that cannot be signed in to prints.
/// </summary>
public sealed class KeystoneTokenTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly CountedKeystone _keystone = new();

    public Task InitializeAsync() => _keystone.InitializeAsync();

    public Task DisposeAsync() => _keystone.DisposeAsync();

    private int TokenRequests => _keystone.TokenRequests;

    [KeystoneFact]
    public async Task A_process_deploying_several_workflows_asks_for_one_token_and_so_does_one_showing_status()
    {
        var stack = "tokens" + Guid.NewGuid().ToString("N")[..8];
        var environment = _keystone.CloudFiles();
        // Mistral's requests counted too, through a second proxy given as the endpoint (the catalog is bypassed, the token is not).
        var mistralEndpoint = await new KeystoneAuthentication(KeystoneClouds.Password(_keystone.Server, "demo")).GetWorkflowEndpointAsync();
        await using var mistral = await FaultProxy.StartAsync(mistralEndpoint);
        var endpoint = new Uri(mistral.Endpoint, mistralEndpoint.AbsolutePath).ToString();

        var deploy = await CloudProcess.RunCloudStackAsync(environment, "deploy", "--stack", stack, "--os-cloud", "demo", "--endpoint", endpoint);
        Assert.True(deploy.Code == 0, deploy.ToString());
        var mistralCalls = mistral.Requests.Count;
        log.WriteLine($"deploy: {mistralCalls} Mistral requests, {TokenRequests} token request(s), {deploy.Elapsed.TotalSeconds:0.0} s");
        Assert.True(mistralCalls >= 10, $"{mistralCalls} Mistral requests");
        Assert.Equal(1, TokenRequests);

        var status = await CloudProcess.RunCloudStackAsync(environment, "state", "show", "--stack", stack, "--os-cloud", "demo", "--endpoint", endpoint);
        Assert.True(status.Code == 0, status.ToString());
        Assert.Contains("CREATE_COMPLETE", status.Output);
        log.WriteLine($"state show: {mistral.Requests.Count - mistralCalls} Mistral requests, {TokenRequests - 1} token request(s)");
        Assert.Equal(2, TokenRequests);

        var destroy = await CloudProcess.RunCloudStackAsync(environment, "destroy", "--stack", stack, "--os-cloud", "demo", "--endpoint", endpoint);
        Assert.True(destroy.Code == 0, destroy.ToString());
        Assert.Equal(3, TokenRequests);
    }

    [KeystoneFact]
    public async Task One_process_with_two_scopes_asks_for_two_tokens_however_many_clients_and_calls()
    {
        var demo = _keystone.Password("demo");
        var alt = _keystone.Password("alt");

        foreach (var cloud in new[] { demo, alt, demo, alt, demo })
        {
            await using var target = StackTarget.Cloud(cloud);
            await target.State.ListAsync();
            await target.State.ListAsync();
        }

        log.WriteLine($"5 targets, 10 listings, 2 scopes: {TokenRequests} token requests");
        Assert.Equal(2, TokenRequests);
    }

    [KeystoneFact]
    public async Task A_wrong_password_is_one_error_line_with_keystones_reason_fast_after_one_token_request()
    {
        var environment = _keystone.CloudFiles();
        environment[CloudConfig.SecureFileVariable] = WrongPasswordSecureFile();

        var run = await CloudProcess.RunCloudStackAsync(environment, "deploy", "--stack", "wrongpassword", "--os-cloud", "demo");

        log.WriteLine($"wrong password: exit {run.Code} in {run.Elapsed.TotalMilliseconds:0} ms, {TokenRequests} token request(s): {run.Error.Trim()}");
        Assert.Equal(1, run.Code);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: Cloud 'demo': Keystone at ", line);
        Assert.Contains("refused the credentials (HTTP 401: The request you have made requires authentication.)", line);
        Assert.DoesNotContain("wrong-" + _keystone.Server.PasswordOf("demo"), run.Output + run.Error);
        Assert.Empty(run.Output);
        Assert.Equal(1, TokenRequests);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"took {run.Elapsed}");
    }

    [KeystoneFact]
    public async Task Keystone_down_is_one_error_line_naming_its_address_without_a_hang()
    {
        var closed = $"http://127.0.0.1:{ClosedPort()}/v3";
        var environment = CloudProcess.CloudFilesAt(new Uri(closed), _keystone.Folder);

        var run = await CloudProcess.RunCloudStackAsync(environment, "state", "list", "--os-cloud", "demo");

        log.WriteLine($"Keystone down: exit {run.Code} in {run.Elapsed.TotalMilliseconds:0} ms: {run.Error.Trim()}");
        Assert.Equal(1, run.Code);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal($"error: Cloud 'demo': Keystone at {new Uri(closed).GetLeftPart(UriPartial.Authority)} could not be reached: Connection refused. " +
            "Check auth_url (OS_AUTH_URL) and that Keystone runs.", line);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"took {run.Elapsed}");
    }

    [KeystoneFact]
    public async Task An_unknown_region_lists_the_known_ones_from_the_cloud_or_from_the_catalog()
    {
        var inFile = await CloudProcess.RunCloudStackAsync(CloudProcess.CloudFiles(), "state", "list", "--os-cloud", "demo", "--os-region-name", "RegionThree");
        log.WriteLine($"region not in clouds.yaml: exit {inFile.Code} in {inFile.Elapsed.TotalMilliseconds:0} ms: {inFile.Error.Trim()}");
        Assert.Equal(2, inFile.Code);
        Assert.Equal("error: The region 'RegionThree' is not one of the cloud 'demo''s regions: RegionOne (region names are case-sensitive).",
            Assert.Single(inFile.Error.TrimEnd().Split('\n')));

        // Without a clouds.yaml entry to check against, the catalog says which regions have a Mistral.
        var variables = new System.Collections.Generic.Dictionary<string, string>
        {
            ["OS_AUTH_URL"] = _keystone.AuthUrl.ToString(), ["OS_USERNAME"] = "demo", ["OS_PASSWORD"] = _keystone.Server.PasswordOf("demo"),
            ["OS_PROJECT_NAME"] = "demo", ["OS_USER_DOMAIN_NAME"] = "Default", ["OS_PROJECT_DOMAIN_NAME"] = "Default",
            ["OS_REGION_NAME"] = "RegionThree",
        };
        var inCatalog = await CloudProcess.RunCloudStackAsync(variables, "state", "list");
        log.WriteLine($"region not in the catalog: exit {inCatalog.Code} in {inCatalog.Elapsed.TotalMilliseconds:0} ms: {inCatalog.Error.Trim()}");
        Assert.Equal(1, inCatalog.Code);
        var line = Assert.Single(inCatalog.Error.TrimEnd().Split('\n'));
        Assert.Contains("the workflowv2 service has no endpoint in region 'RegionThree'; its regions are: RegionOne, RegionTwo.", line);
        Assert.Equal(1, TokenRequests);
    }


    /// <summary>A secure.yaml that gives demo a password Keystone refuses.</summary>
    private string WrongPasswordSecureFile()
    {
        var path = Path.Combine(_keystone.Folder, "secure.yaml");
        File.WriteAllText(path, $"clouds:\n  demo:\n    auth:\n      password: wrong-{_keystone.Server.PasswordOf("demo")}\n");
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
