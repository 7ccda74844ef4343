using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Tests.Infrastructure;

namespace MistralTemplates.Tests.Cli;

/// <summary>The command line's cloud options: --os-cloud, --os-*, and that no secret ever reaches the output.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class CloudCommandLineTests(MistralServer server)
{
    private const string Password = "pw-7f3a9c-never-print";
    private const string Token = "tk-51e0d2-never-print";
    private const string AppSecret = "as-88b1c4-never-print";

    private sealed class GreetingStack(string name) : Stack(name, new StackTemplate("greeting.yaml", """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                greet:
                  tasks:
                    say:
                      action: std.echo output="hello"
        """));

    private static async Task<(int Code, string Output, string Error)> RunAsync(string stack, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new GreetingStack(stack), args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task No_verb_prints_a_password_token_or_secret_given_on_the_command_line()
    {
        // Keystone is down (nothing listens on port 1): every verb fails, and says so without the secrets.
        string[] cloud =
        [
            "--os-auth-url", "http://127.0.0.1:1/v3", "--os-username", "demo", "--os-password", Password, "--os-token", Token,
            "--os-application-credential-secret", AppSecret, "--os-project-name", "demo",
        ];
        foreach (var verb in new[] { new[] { "state", "list" }, ["state", "list", "--json"], ["deploy", "--json"], ["outputs", "--verbose"], ["plan"] })
        {
            var (code, output, error) = await RunAsync("s", [.. verb, .. cloud]);

            Assert.NotEqual(0, code);
            foreach (var secret in new[] { Password, Token, AppSecret })
            {
                Assert.DoesNotContain(secret, output);
                Assert.DoesNotContain(secret, error);
            }
            var warnings = error.Split('\n').Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
            Assert.Equal("warning: --os-password, --os-application-credential-secret, --os-token on the command line can be read by other users of this machine; prefer the OS_* variable or secure.yaml.",
                Assert.Single(warnings).TrimEnd('\r'));
        }
    }

    [Theory]
    [InlineData("--os-pasword", Password)]
    [InlineData("--os-tokn", Token)]
    [InlineData("--os-application-credential-secrt", AppSecret)]
    [InlineData("--os-pssword", Password)]
    public async Task A_misspelt_secret_option_is_a_usage_error_that_does_not_echo_its_value(string option, string secret)
    {
        var (code, output, error) = await RunAsync("s", "state", "list", option, secret);
        var (codeJoined, outputJoined, errorJoined) = await RunAsync("s", "state", "list", $"{option}={secret}");

        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Equal(StackCommandLine.Usage, codeJoined);
        Assert.Contains("***", error);
        Assert.DoesNotContain(secret, output + error + outputJoined + errorJoined);
    }

    [Fact]
    public async Task A_state_folder_with_a_cloud_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("s", "state", "list", "--os-cloud", "demo", "--state-dir", Path.GetTempPath());

        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Contains("--state-dir is the embedded engine's folder, but a cloud is named", error);
    }

    [Fact]
    public async Task An_unknown_cloud_is_a_usage_error_that_lists_the_known_ones()
    {
        using var config = new TemporaryCloudsFile("clouds:\n  demo:\n    auth_url: http://127.0.0.1:1/v3\n  prod:\n    auth_url: http://127.0.0.1:1/v3\n");

        var (code, _, error) = await RunAsync("s", "state", "list", "--os-cloud", "dmeo");

        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Contains($"error: No cloud named 'dmeo' in {config.Path}. Known clouds: demo, prod.", error);
    }

    [Fact]
    public async Task A_bad_auth_url_option_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("s", "state", "list", "--os-auth-url", "keystone:5000");

        Assert.Equal(StackCommandLine.Usage, code);
        Assert.Contains("error: --os-auth-url: 'keystone:5000' is not an http(s) address.", error);
    }

    [MistralFact]
    public async Task A_named_cloud_deploys_signals_and_destroys_through_its_endpoint()
    {
        // A Mistral without authentication, named in clouds.yaml: the cloud path from --os-cloud to the client.
        using var config = new TemporaryCloudsFile(
            $"clouds:\n  local:\n    auth_type: none\n    workflow_endpoint_override: {server.Endpoint}\n    auth:\n      password: {Password}\n");
        var stack = MistralServer.UniqueName("cloud");

        var deploy = await RunAsync(stack, "deploy", "--os-cloud", "local");
        Assert.True(deploy.Code == 0, deploy.Error);
        Assert.Contains($"{stack}: CREATE_COMPLETE", deploy.Output);

        var signal = await RunAsync(stack, "signal", "workflow", "--wait", "--json", "--os-cloud", "local");
        Assert.True(signal.Code == 0, signal.Error);
        Assert.Equal("SUCCESS", JsonNode.Parse(signal.Output)!["state"]!.GetValue<string>());

        var list = await RunAsync(stack, "state", "list", "--json", "--os-cloud", "local");
        Assert.Contains(stack, list.Output);

        var destroy = await RunAsync(stack, "destroy", "--os-cloud", "local");
        Assert.True(destroy.Code == 0, destroy.Error);
        foreach (var run in new[] { deploy, signal, list, destroy })
            Assert.DoesNotContain(Password, run.Output + run.Error);
    }

    [Fact]
    public void A_cloud_target_describes_its_cloud_project_and_region_but_no_secret()
    {
        var cloud = new CloudSettings
        {
            CloudName = "demo", AuthUrl = new Uri("http://k:5000/v3"), Username = "u", Password = Password, Token = Token,
            ProjectName = "alpha", RegionName = "RegionTwo",
        };

        Assert.Equal("Mistral of cloud 'demo' (project alpha, region RegionTwo)", StackTarget.DescribeCloud(cloud));
        Assert.Equal("Mistral of the cloud at http://k:5000/v3 (domain d) at http://m:8989/",
            StackTarget.DescribeCloud(new CloudSettings { AuthUrl = new Uri("http://k:5000/v3"), DomainId = "d", WorkflowEndpointOverride = new Uri("http://m:8989") }));
    }

    [Fact]
    public void Cloud_settings_given_to_FromEnvironment_make_a_cloud_target_with_the_endpoint_over_the_catalog()
    {
        using var target = StackTarget.FromEnvironment("http://127.0.0.1:1", cloudSettings: new CloudSettings { AuthType = "none", Password = Password });

        Assert.IsType<MistralTemplates.Mistral.Http.MistralClient>(target.Service);
        Assert.Equal("Mistral of a cloud without Keystone at http://127.0.0.1:1/", target.Description);
    }

    [Fact]
    public void A_state_folder_with_a_cloud_in_code_is_refused()
    {
        var error = Assert.Throws<StackTargetException>(() => StackTarget.FromEnvironment(stateFolder: Path.GetTempPath(), cloudName: "demo"));

        Assert.StartsWith("--state-dir is the embedded engine's folder, but a cloud is named", error.Message);
    }

    /// <summary>A clouds.yaml that <c>OS_CLIENT_CONFIG_FILE</c> names while the test runs (no test of this assembly sets it otherwise).</summary>
    private sealed class TemporaryCloudsFile : IDisposable
    {
        private readonly string? _previous = Environment.GetEnvironmentVariable(CloudConfig.ConfigFileVariable);

        public TemporaryCloudsFile(string text)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"clouds-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(Path, text);
            Environment.SetEnvironmentVariable(CloudConfig.ConfigFileVariable, Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(CloudConfig.ConfigFileVariable, _previous);
            File.Delete(Path);
        }
    }
}
