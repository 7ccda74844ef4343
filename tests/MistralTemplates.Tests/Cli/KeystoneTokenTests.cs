using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Tests.Faults;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.Mistral.Tests.Integration;
using Xunit.Abstractions;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// How many tokens a stack program asks the real Keystone for, counted by a proxy in front of Keystone: one per
/// process and scope, renewed when the short tokens of the test Keystone (60 s) run out, and one on a wrong password.
/// </summary>
public sealed class KeystoneTokenTests(ITestOutputHelper log) : IAsyncLifetime
{
    /// <summary>Keystone's tokens must live this long at most for the renewal tests to see one expire.</summary>
    private static readonly TimeSpan LongestUsefulLifetime = TimeSpan.FromSeconds(120);

    private readonly KeystoneServer _keystone = KeystoneServer.SkipReasonFromEnvironment() is null ? KeystoneServer.FromEnvironment() : null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("keystone-tokens-").FullName;
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        if (KeystoneServer.SkipReasonFromEnvironment() is null) _proxy = await FaultProxy.StartAsync(_keystone.AuthUrl);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private Uri ProxiedAuthUrl => new(_proxy.Endpoint, "v3");

    private int TokenRequests => _proxy.Count(HttpMethod.Post, "/v3/auth/tokens");

    private static string CloudHost => CloudProcess.Dll("CrashHost");

    [KeystoneFact]
    public async Task A_process_deploying_several_workflows_asks_for_one_token_and_so_does_one_showing_status()
    {
        var stack = "tokens" + Guid.NewGuid().ToString("N")[..8];
        var environment = CloudProcess.CloudFilesAt(ProxiedAuthUrl, _folder);
        // Mistral's requests counted too, through a second proxy given as the endpoint (the catalog is bypassed, the token is not).
        var mistralEndpoint = await new KeystoneAuthentication(KeystoneClouds.Password(_keystone, "demo")).GetWorkflowEndpointAsync();
        await using var mistral = await FaultProxy.StartAsync(mistralEndpoint);
        var endpoint = new Uri(mistral.Endpoint, mistralEndpoint.AbsolutePath).ToString();

        var deploy = await RunAsync(environment, "cloud", "deploy", "--stack", stack, "--os-cloud", "demo", "--endpoint", endpoint);
        Assert.True(deploy.Code == 0, deploy.ToString());
        var mistralCalls = mistral.Requests.Count;
        log.WriteLine($"deploy: {mistralCalls} Mistral requests, {TokenRequests} token request(s), {deploy.Elapsed.TotalSeconds:0.0} s");
        Assert.True(mistralCalls >= 10, $"{mistralCalls} Mistral requests");
        Assert.Equal(1, TokenRequests);

        var status = await RunAsync(environment, "cloud", "state", "show", "--stack", stack, "--os-cloud", "demo", "--endpoint", endpoint);
        Assert.True(status.Code == 0, status.ToString());
        Assert.Contains("CREATE_COMPLETE", status.Output);
        log.WriteLine($"state show: {mistral.Requests.Count - mistralCalls} Mistral requests, {TokenRequests - 1} token request(s)");
        Assert.Equal(2, TokenRequests);

        var destroy = await RunAsync(environment, "cloud", "destroy", "--stack", stack, "--os-cloud", "demo", "--endpoint", endpoint);
        Assert.True(destroy.Code == 0, destroy.ToString());
        Assert.Equal(3, TokenRequests);
    }

    [KeystoneFact]
    public async Task One_process_with_two_scopes_asks_for_two_tokens_however_many_clients_and_calls()
    {
        var demo = KeystoneClouds.Password(_keystone, "demo") with { AuthUrl = ProxiedAuthUrl };
        var alt = KeystoneClouds.Password(_keystone, "alt") with { AuthUrl = ProxiedAuthUrl };

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
    public async Task A_signal_wait_on_a_workflow_that_outlives_its_token_ends_in_success_after_renewing_it()
    {
        var stack = "renew" + Guid.NewGuid().ToString("N")[..8];
        var environment = CloudProcess.CloudFilesAt(ProxiedAuthUrl, _folder);
        var lifetime = await LifetimeAsync();
        var deploy = await RunAsync(environment, "cloud", "deploy", "--stack", stack, "--os-cloud", "demo");
        Assert.True(deploy.Code == 0, deploy.ToString());
        var before = TokenRequests;

        var seconds = (int)lifetime.TotalSeconds + 10;
        var signal = await RunAsync(environment, "cloud", "signal", "sleeper", "--wait", "--stack", stack, "--os-cloud", "demo",
            "--data", $"{{\"input\": {{\"seconds\": {seconds}}}}}");
        var renewals = TokenRequests - before;
        log.WriteLine($"signal --wait of a {seconds} s workflow: exit {signal.Code} in {signal.Elapsed.TotalSeconds:0.0} s, {renewals} token requests");
        Assert.True(signal.Code == 0, signal.ToString());
        Assert.Contains($"SUCCESS {{\"slept\":{seconds}}}", signal.Output);
        Assert.DoesNotContain("401", signal.Output + signal.Error);
        Assert.True(signal.Elapsed > lifetime, $"the signal took {signal.Elapsed}, less than a token's life");
        Assert.True(renewals >= 2, $"{renewals} token request(s): the token was never renewed");

        var destroy = await RunAsync(environment, "cloud", "destroy", "--delete-executions", "--stack", stack, "--os-cloud", "demo");
        Assert.True(destroy.Code == 0, destroy.ToString());
    }

    [KeystoneFact]
    public async Task A_deploy_then_a_wait_past_the_tokens_expiry_then_a_signal_work_in_one_process()
    {
        var lifetime = await LifetimeAsync();
        await using var target = StackTarget.Cloud(KeystoneClouds.Password(_keystone, "demo") with { AuthUrl = ProxiedAuthUrl });
        var stack = await HelloWorkflow.HelloStack.DeployAsync(target, "later" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(1, TokenRequests);

        await Task.Delay(lifetime + TimeSpan.FromSeconds(5));
        var run = await stack.Workflow.Test.StartAsync();
        var done = await run.WaitAsync(TimeSpan.FromMinutes(1));
        log.WriteLine($"after {lifetime.TotalSeconds + 5:0} s: {done.State}, {TokenRequests} token requests");
        Assert.Equal("Hello", done.GetOutput<string>("result"));
        Assert.True(TokenRequests >= 2, $"{TokenRequests} token request(s): the token was never renewed");

        await stack.DestroyAsync(new MistralTemplates.Deployment.DeployOptions { DeleteExecutions = true });
    }

    [KeystoneFact]
    public async Task A_wrong_password_is_one_error_line_with_keystones_reason_fast_after_one_token_request()
    {
        var environment = CloudProcess.CloudFilesAt(ProxiedAuthUrl, _folder);
        environment[CloudConfig.SecureFileVariable] = WrongPasswordSecureFile();

        var run = await RunAsync(environment, "cloud", "deploy", "--stack", "wrongpassword", "--os-cloud", "demo");

        log.WriteLine($"wrong password: exit {run.Code} in {run.Elapsed.TotalMilliseconds:0} ms, {TokenRequests} token request(s): {run.Error.Trim()}");
        Assert.Equal(1, run.Code);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: Cloud 'demo': Keystone at ", line);
        Assert.Contains("refused the credentials (HTTP 401: The request you have made requires authentication.)", line);
        Assert.DoesNotContain("wrong-" + _keystone.PasswordOf("demo"), run.Output + run.Error);
        Assert.Empty(run.Output);
        Assert.Equal(1, TokenRequests);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"took {run.Elapsed}");
    }

    [KeystoneFact]
    public async Task Keystone_down_is_one_error_line_naming_its_address_without_a_hang()
    {
        var closed = $"http://127.0.0.1:{ClosedPort()}/v3";
        var environment = CloudProcess.CloudFilesAt(new Uri(closed), _folder);

        var run = await RunAsync(environment, "cloud", "state", "list", "--os-cloud", "demo");

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
        var inFile = await RunAsync(CloudProcess.CloudFiles(), "cloud", "state", "list", "--os-cloud", "demo", "--os-region-name", "RegionThree");
        log.WriteLine($"region not in clouds.yaml: exit {inFile.Code} in {inFile.Elapsed.TotalMilliseconds:0} ms: {inFile.Error.Trim()}");
        Assert.Equal(2, inFile.Code);
        Assert.Equal("error: The region 'RegionThree' is not one of the cloud 'demo''s regions: RegionOne (region names are case-sensitive).",
            Assert.Single(inFile.Error.TrimEnd().Split('\n')));

        // Without a clouds.yaml entry to check against, the catalog says which regions have a Mistral.
        var variables = new System.Collections.Generic.Dictionary<string, string>
        {
            ["OS_AUTH_URL"] = ProxiedAuthUrl.ToString(), ["OS_USERNAME"] = "demo", ["OS_PASSWORD"] = _keystone.PasswordOf("demo"),
            ["OS_PROJECT_NAME"] = "demo", ["OS_USER_DOMAIN_NAME"] = "Default", ["OS_PROJECT_DOMAIN_NAME"] = "Default",
            ["OS_REGION_NAME"] = "RegionThree",
        };
        var inCatalog = await RunAsync(variables, "cloud", "state", "list");
        log.WriteLine($"region not in the catalog: exit {inCatalog.Code} in {inCatalog.Elapsed.TotalMilliseconds:0} ms: {inCatalog.Error.Trim()}");
        Assert.Equal(1, inCatalog.Code);
        var line = Assert.Single(inCatalog.Error.TrimEnd().Split('\n'));
        Assert.Contains("the workflowv2 service has no endpoint in region 'RegionThree'; its regions are: RegionOne, RegionTwo.", line);
        Assert.Equal(1, TokenRequests);
    }

    private async Task<CloudRun> RunAsync(System.Collections.Generic.IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        await CloudProcess.RunAsync(CloudHost, arguments, environment);

    /// <summary>A secure.yaml that gives demo a password Keystone refuses.</summary>
    private string WrongPasswordSecureFile()
    {
        var path = Path.Combine(_folder, "secure.yaml");
        File.WriteAllText(path, $"clouds:\n  demo:\n    auth:\n      password: wrong-{_keystone.PasswordOf("demo")}\n");
        return path;
    }

    /// <summary>How long Keystone's tokens live; fails when they live too long for a test to outlive one.</summary>
    private async Task<TimeSpan> LifetimeAsync()
    {
        var lifetime = await new KeystoneAuthentication(KeystoneClouds.Password(_keystone, "alt")).GetTokenLifetimeAsync();
        log.WriteLine($"token lifetime {lifetime.TotalSeconds} s");
        Assert.True(lifetime <= LongestUsefulLifetime,
            $"Keystone issues {lifetime.TotalSeconds} s tokens; start it with KEYSTONE_TOKEN_EXPIRATION=60 for these tests.");
        return lifetime;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
