using System;
using System.Collections.Generic;
using System.IO;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Client.Tests.Cloud;

/// <summary>Where a cloud's settings come from, and in which order, as openstacksdk and the openstack command line decide.</summary>
public sealed class CloudConfigTests : IDisposable
{
    private const string DemoCloud = """
        clouds:
          demo:
            auth:
              auth_url: http://keystone.file:5000/v3
              username: file-user
              password: file-password
              project_name: file-project
              user_domain_name: Default
              project_domain_name: Default
            region_name: RegionOne
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("clouds-").FullName;
    private readonly Dictionary<string, string> _environment = new();

    private string Home => Path.Combine(_root, "home");
    private string Current => Path.Combine(_root, "cwd");
    private string Site => Path.Combine(_root, "etc");
    private string UserFolder => Path.Combine(Home, ".config", "openstack");

    public CloudConfigTests()
    {
        Directory.CreateDirectory(Current);
        Directory.CreateDirectory(UserFolder);
        Directory.CreateDirectory(Site);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CloudSettings Load(string? cloud = null, CloudSettings? settings = null) =>
        CloudConfig.Load(cloud, settings, _environment, new CloudConfigFolders(Home, Current, Site));

    private string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private CloudConfigException Fails(string? cloud = null, CloudSettings? settings = null) =>
        Assert.Throws<CloudConfigException>(() => Load(cloud, settings));

    [Fact]
    public void A_named_cloud_reads_its_auth_block_and_region()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud);

        var cloud = Load("demo");

        Assert.Equal("demo", cloud.CloudName);
        Assert.Equal(new Uri("http://keystone.file:5000/v3"), cloud.AuthUrl);
        Assert.Equal("file-user", cloud.Username);
        Assert.Equal("file-password", cloud.Password);
        Assert.Equal("file-project", cloud.ProjectName);
        Assert.Equal("Default", cloud.UserDomainName);
        Assert.Equal("RegionOne", cloud.RegionName);
        Assert.Equal("password", cloud.AuthType);
        Assert.Equal("public", cloud.Interface);
    }

    [Fact]
    public void Environment_variables_beat_the_file_and_explicit_settings_beat_both()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud);
        _environment["OS_CLOUD"] = "demo";
        _environment["OS_USERNAME"] = "env-user";
        _environment["OS_PROJECT_NAME"] = "env-project";
        _environment["OS_PASSWORD"] = "env-password";

        var cloud = Load(settings: new CloudSettings { Password = "explicit-password" });

        Assert.Equal("demo", cloud.CloudName);
        Assert.Equal("env-user", cloud.Username);
        Assert.Equal("env-project", cloud.ProjectName);
        Assert.Equal("explicit-password", cloud.Password);
        Assert.Equal(new Uri("http://keystone.file:5000/v3"), cloud.AuthUrl);
    }

    [Fact]
    public void The_cloud_named_in_code_beats_OS_CLOUD()
    {
        Write(Current, "clouds.yaml", DemoCloud + "\n  other:\n    auth_url: http://other:5000/v3\n    username: o\n");
        _environment["OS_CLOUD"] = "demo";

        Assert.Equal("other", Load("other").CloudName);
        Assert.Equal("o", Load("other").Username);
    }

    [Fact]
    public void A_sourced_openrc_alone_is_a_cloud_and_no_file_is_read()
    {
        // A broken file in the way proves it is not read when the environment says it all.
        Write(UserFolder, "clouds.yaml", "clouds: [");
        _environment["OS_AUTH_URL"] = "http://keystone.env:5000/v3";
        _environment["OS_USERNAME"] = "env-user";
        _environment["OS_PASSWORD"] = "env-password";
        _environment["OS_PROJECT_NAME"] = "demo";
        _environment["OS_USER_DOMAIN_NAME"] = "Default";
        _environment["OS_PROJECT_DOMAIN_ID"] = "default";
        _environment["OS_REGION_NAME"] = "RegionTwo";
        _environment["OS_INTERFACE"] = "internal";

        var cloud = Load();

        Assert.Null(cloud.CloudName);
        Assert.Equal(new Uri("http://keystone.env:5000/v3"), cloud.AuthUrl);
        Assert.Equal("env-user", cloud.Username);
        Assert.Equal("default", cloud.ProjectDomainId);
        Assert.Equal("RegionTwo", cloud.RegionName);
        Assert.Equal("internal", cloud.Interface);
        Assert.True(CloudConfig.IsCloudConfigured(_environment));
    }

    [Fact]
    public void Neither_OS_CLOUD_nor_OS_AUTH_URL_is_no_cloud()
    {
        _environment["OS_REGION_NAME"] = "RegionOne";
        _environment["MISTRAL_URL"] = "http://127.0.0.1:8989";

        Assert.False(CloudConfig.IsCloudConfigured(_environment));
    }

    [Fact]
    public void Secure_yaml_is_merged_over_clouds_yaml()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud);
        Write(UserFolder, "secure.yaml", "clouds:\n  demo:\n    auth:\n      password: secure-password\n");

        var cloud = Load("demo");

        Assert.Equal("secure-password", cloud.Password);
        Assert.Equal("file-user", cloud.Username);
    }

    [Fact]
    public void The_first_file_found_is_the_only_one_read_in_openstacksdk_order()
    {
        var custom = Write(_root, "custom.yaml", "clouds:\n  demo:\n    auth_url: http://custom:5000/v3\n");
        Write(Current, "clouds.yml", "clouds:\n  demo:\n    auth_url: http://current:5000/v3\n");
        Write(UserFolder, "clouds.yaml", "clouds:\n  demo:\n    auth_url: http://user:5000/v3\n");
        Write(Site, "clouds.yaml", "clouds:\n  demo:\n    auth_url: http://site:5000/v3\n  site-only:\n    auth_url: http://site:5000/v3\n");

        _environment["OS_CLIENT_CONFIG_FILE"] = custom;
        Assert.Equal("custom", Load("demo").AuthUrl!.Host);
        _environment.Remove("OS_CLIENT_CONFIG_FILE");
        Assert.Equal("current", Load("demo").AuthUrl!.Host);
        File.Delete(Path.Combine(Current, "clouds.yml"));
        Assert.Equal("user", Load("demo").AuthUrl!.Host);
        File.Delete(Path.Combine(UserFolder, "clouds.yaml"));
        Assert.Equal("site", Load("demo").AuthUrl!.Host);
        // Files are not merged: the one found hides the others' clouds.
        Write(UserFolder, "clouds.json", """{"clouds": {"demo": {"auth_url": "http://json:5000/v3"}}}""");
        Assert.Equal("json", Load("demo").AuthUrl!.Host);
        Assert.Contains("No cloud named 'site-only'", Fails("site-only").Message);
    }

    [Fact]
    public void XDG_CONFIG_HOME_is_looked_in_before_the_home_folder()
    {
        var xdg = Path.Combine(_root, "xdg");
        Directory.CreateDirectory(Path.Combine(xdg, "openstack"));
        Write(Path.Combine(xdg, "openstack"), "clouds.yaml", "clouds:\n  demo:\n    auth_url: http://xdg:5000/v3\n");
        Write(UserFolder, "clouds.yaml", "clouds:\n  demo:\n    auth_url: http://user:5000/v3\n");
        _environment["XDG_CONFIG_HOME"] = xdg;

        Assert.Equal("xdg", Load("demo").AuthUrl!.Host);
    }

    [Fact]
    public void OS_CLIENT_SECURE_FILE_is_read_before_the_usual_secure_yaml()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud);
        Write(UserFolder, "secure.yaml", "clouds:\n  demo:\n    auth:\n      password: usual\n");
        _environment["OS_CLIENT_SECURE_FILE"] = Write(_root, "mine.yaml", "clouds:\n  demo:\n    auth:\n      password: mine\n");

        Assert.Equal("mine", Load("demo").Password);
    }

    [Fact]
    public void With_nothing_named_a_file_with_one_cloud_is_that_cloud()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud);

        Assert.Equal("demo", Load().CloudName);
    }

    [Fact]
    public void Auth_block_beats_top_level_for_sign_in_keys_but_not_for_scope_keys()
    {
        Write(UserFolder, "clouds.yaml", """
            clouds:
              demo:
                username: top-user
                project_name: top-project
                auth:
                  auth_url: http://k:5000/v3
                  username: auth-user
                  project_name: auth-project
            """);

        var cloud = Load("demo");

        Assert.Equal("auth-user", cloud.Username);
        Assert.Equal("top-project", cloud.ProjectName);
    }

    [Fact]
    public void Older_names_and_dashes_are_read_as_openstacksdk_reads_them()
    {
        Write(UserFolder, "clouds.yaml", """
            clouds:
              demo:
                auth_plugin: v3password
                endpoint_type: internalURL
                auth:
                  auth-url: http://k:5000/v3
                  tenant-name: old-project
                  user_domain_id: d
            """);

        var cloud = Load("demo");

        Assert.Equal("old-project", cloud.ProjectName);
        Assert.Equal("v3password", cloud.AuthType);
        Assert.Equal("internal", cloud.Interface);
    }

    [Theory]
    [InlineData("application_credential_id: ac\n      application_credential_secret: s", "v3applicationcredential")]
    [InlineData("token: t", "token")]
    [InlineData("username: u\n      token: t", "password")]
    [InlineData("user_id: u", "password")]
    [InlineData("auth_type: v3token\n      username: u", "v3token")]
    [InlineData("auth_type: None", "none")]
    public void The_auth_type_is_inferred_from_what_is_given(string auth, string expected)
    {
        Write(UserFolder, "clouds.yaml", $"clouds:\n  demo:\n    auth:\n      auth_url: http://k:5000/v3\n      {auth}\n");

        Assert.Equal(expected, Load("demo").AuthType);
    }

    [Fact]
    public void An_unknown_auth_type_is_refused_where_it_is_written()
    {
        Write(UserFolder, "clouds.yaml", "clouds:\n  demo:\n    auth_type: v3oidc\n    auth:\n      auth_url: http://k:5000/v3\n");

        var error = Fails("demo");

        Assert.Contains("clouds.yaml:3:16: the auth_type 'v3oidc' is not supported", error.Message);
    }

    [Fact]
    public void A_single_domain_fills_user_and_project_domains_when_a_project_is_scoped_and_is_the_scope_otherwise()
    {
        _environment["OS_AUTH_URL"] = "http://k:5000/v3";
        _environment["OS_USERNAME"] = "u";
        _environment["OS_DOMAIN_NAME"] = "Shared";
        var domainScoped = Load();
        Assert.Equal("Shared", domainScoped.DomainName);

        _environment["OS_PROJECT_NAME"] = "p";
        var projectScoped = Load();
        Assert.Null(projectScoped.DomainName);
        Assert.Equal("Shared", projectScoped.UserDomainName);
        Assert.Equal("Shared", projectScoped.ProjectDomainName);
    }

    [Fact]
    public void A_user_name_and_a_project_name_without_domains_get_the_default_domain()
    {
        _environment["OS_AUTH_URL"] = "http://k:5000/v3";
        _environment["OS_USERNAME"] = "u";
        _environment["OS_PROJECT_NAME"] = "p";

        var cloud = Load();

        Assert.Equal("default", cloud.UserDomainId);
        Assert.Equal("default", cloud.ProjectDomainId);
    }

    [Fact]
    public void The_regions_list_gives_the_first_region_unless_one_is_asked_for_and_its_values_apply()
    {
        Write(UserFolder, "clouds.yaml", """
            clouds:
              demo:
                auth:
                  auth_url: http://k:5000/v3
                  username: u
                interface: public
                regions:
                  - RegionOne
                  - name: RegionTwo
                    values:
                      interface: internal
            """);

        Assert.Equal("RegionOne", Load("demo").RegionName);
        _environment["OS_REGION_NAME"] = "RegionTwo";
        var two = Load("demo");
        Assert.Equal("RegionTwo", two.RegionName);
        Assert.Equal("internal", two.Interface);

        _environment["OS_REGION_NAME"] = "regionone";
        var error = Fails("demo");
        Assert.Equal("The region 'regionone' is not one of the cloud 'demo''s regions: RegionOne, RegionTwo (region names are case-sensitive).", error.Message);
    }

    [Fact]
    public void Endpoint_override_comes_from_the_file_then_MISTRAL_URL_then_explicit_settings()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud + "\n    workflow_endpoint_override: http://file-mistral:8989/v2\n");

        Assert.Equal("file-mistral", Load("demo").WorkflowEndpointOverride!.Host);
        _environment["MISTRAL_URL"] = "http://env-mistral:8989";
        Assert.Equal("env-mistral", Load("demo").WorkflowEndpointOverride!.Host);
        Assert.Equal("given", Load("demo", new CloudSettings { WorkflowEndpointOverride = new Uri("http://given:8989") }).WorkflowEndpointOverride!.Host);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", false)]
    [InlineData("yes", false)]
    [InlineData("false", false)]
    public void OS_INSECURE_is_true_only_when_it_says_true_as_in_openstacksdk(string value, bool insecure)
    {
        _environment["OS_AUTH_URL"] = "http://k:5000/v3";
        _environment["OS_INSECURE"] = value;

        Assert.Equal(insecure, Load().Insecure);
    }

    [Fact]
    public void Tls_settings_come_from_the_file_and_verify_false_is_insecure()
    {
        Write(UserFolder, "clouds.yaml", DemoCloud + "\n    cacert: /ca.pem\n    cert: /client.pem\n    key: /client.key\n    verify: false\n");

        var cloud = Load("demo");

        Assert.Equal("/ca.pem", cloud.CACertFile);
        Assert.Equal("/client.pem", cloud.ClientCertFile);
        Assert.Equal("/client.key", cloud.ClientKeyFile);
        Assert.True(cloud.Insecure);
    }

    [Fact]
    public void Application_credentials_come_from_the_environment()
    {
        _environment["OS_AUTH_URL"] = "http://k:5000/v3";
        _environment["OS_AUTH_TYPE"] = "v3applicationcredential";
        _environment["OS_APPLICATION_CREDENTIAL_ID"] = "ac-id";
        _environment["OS_APPLICATION_CREDENTIAL_SECRET"] = "ac-secret";

        var cloud = Load();

        Assert.Equal("v3applicationcredential", cloud.AuthType);
        Assert.Equal("ac-id", cloud.ApplicationCredentialId);
        Assert.Equal("ac-secret", cloud.ApplicationCredentialSecret);
    }

    [Fact]
    public void An_unknown_cloud_lists_the_known_ones_and_the_files_read()
    {
        var clouds = Write(UserFolder, "clouds.yaml", DemoCloud + "\n  prod:\n    auth_url: http://p:5000/v3\n");
        var secure = Write(UserFolder, "secure.yaml", "clouds:\n  staging:\n    auth:\n      password: s\n");

        var error = Fails("dmeo");

        Assert.Equal($"No cloud named 'dmeo' in {clouds} or {secure}. Known clouds: demo, prod, staging.", error.Message);
    }

    [Fact]
    public void A_named_cloud_without_any_clouds_yaml_lists_the_places_looked()
    {
        _environment["OS_CLOUD"] = "demo";

        var error = Fails();

        Assert.StartsWith("The cloud 'demo' is named (by OS_CLOUD) but no clouds.yaml was found. Looked in: ", error.Message);
        Assert.Contains(Path.Combine(Current, "clouds.yaml"), error.Message);
        Assert.Contains(Path.Combine(UserFolder, "clouds.yml"), error.Message);
        Assert.Contains(Path.Combine(Site, "clouds.json"), error.Message);
    }

    [Fact]
    public void A_malformed_file_is_reported_at_its_line_and_column()
    {
        var path = Write(UserFolder, "clouds.yaml", "clouds:\n  demo:\n    auth: [a, b\n");

        var error = Fails("demo");

        Assert.StartsWith(path + ":", error.Message);
        Assert.Matches(@":\d+:\d+: ", error.Message);
    }

    [Theory]
    [InlineData("- a\n- b\n", "is empty or not a mapping")]
    [InlineData("clouds: [demo]\n", "1:9: 'clouds' must be a mapping")]
    [InlineData("clouds:\n  demo: text\n", "2:9: the cloud 'demo' must be a mapping")]
    [InlineData("clouds:\n  demo:\n    auth: text\n", "3:11: 'auth' must be a mapping")]
    [InlineData("clouds:\n  demo:\n    username: [a]\n", "3:15: 'username' must be a single value")]
    [InlineData("clouds:\n  demo:\n    regions: RegionOne\n", "3:14: 'regions' must be a list")]
    [InlineData("clouds:\n  demo:\n    regions:\n      - nme: RegionOne\n", "4:9: a region is a name")]
    public void A_file_of_the_wrong_shape_is_reported_where_it_goes_wrong(string text, string expected)
    {
        Write(UserFolder, "clouds.yaml", text);

        var error = Fails("demo");

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_auth_url_says_where_to_give_it()
    {
        var path = Write(UserFolder, "clouds.yaml", "clouds:\n  demo:\n    auth:\n      username: u\n      password: do-not-print\n");

        var error = Fails("demo");

        Assert.Equal($"No Keystone address for the cloud 'demo': set auth_url in its entry of {path}, OS_AUTH_URL, or --os-auth-url.", error.Message);
    }

    [Fact]
    public void A_noauth_cloud_needs_no_Keystone_address()
    {
        Write(UserFolder, "clouds.yaml", "clouds:\n  local:\n    auth_type: none\n    workflow_endpoint_override: http://127.0.0.1:8989\n");

        var cloud = Load("local");

        Assert.Equal("none", cloud.AuthType);
        Assert.Null(cloud.AuthUrl);
    }

    [Fact]
    public void A_bad_address_names_its_source_but_no_secret()
    {
        _environment["OS_AUTH_URL"] = "keystone:5000";
        _environment["OS_PASSWORD"] = "do-not-print";

        var error = Fails();

        Assert.Equal("OS_AUTH_URL: Keystone's address (auth_url) 'keystone:5000' is not an http(s) address.", error.Message);
    }

    [Fact]
    public void A_given_endpoint_that_is_not_http_is_reported_as_the_endpoint_option()
    {
        _environment["OS_AUTH_URL"] = "http://k:5000/v3";

        var error = Fails(settings: new CloudSettings { WorkflowEndpointOverride = new Uri("ftp://mistral/") });

        Assert.Equal("--endpoint: The Mistral endpoint 'ftp://mistral/' is not an http(s) address.", error.Message);
    }

    [Fact]
    public void No_error_message_holds_a_secret()
    {
        const string secret = "s3cr3t-value";
        _environment["OS_PASSWORD"] = secret;
        _environment["OS_TOKEN"] = secret;
        _environment["OS_APPLICATION_CREDENTIAL_SECRET"] = secret;
        Write(UserFolder, "clouds.yaml", $"clouds:\n  demo:\n    auth:\n      password: {secret}\n");

        foreach (var cloud in new[] { "demo", "nope" })
            Assert.DoesNotContain(secret, Fails(cloud).Message);
        _environment["OS_INTERFACE"] = "private";
        _environment["OS_AUTH_URL"] = "http://k:5000/v3";
        Assert.DoesNotContain(secret, Fails().Message);
    }
}
