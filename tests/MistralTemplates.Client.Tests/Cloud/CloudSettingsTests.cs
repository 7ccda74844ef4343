using System;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Client.Tests.Cloud;

public sealed class CloudSettingsTests
{
    [Fact]
    public void Printing_settings_shows_who_and_where_but_never_a_secret()
    {
        var settings = new CloudSettings
        {
            CloudName = "prod",
            AuthUrl = new Uri("https://keystone.example.com:5000/v3"),
            Username = "demo",
            Password = "hunter2-password",
            ApplicationCredentialSecret = "appcred-secret-value",
            Token = "gAAAAAtokenvalue",
            ProjectName = "demo",
        };

        var text = settings.ToString();

        Assert.Contains("CloudName = prod", text);
        Assert.Contains("Username = demo", text);
        Assert.Contains("Password = ***", text);
        Assert.DoesNotContain("hunter2-password", text);
        Assert.DoesNotContain("appcred-secret-value", text);
        Assert.DoesNotContain("gAAAAAtokenvalue", text);
        Assert.StartsWith("CloudSettings { CloudName = prod, AuthUrl = ", text);
    }

    [Fact]
    public void Settings_with_equal_values_are_equal_and_the_interface_defaults_to_public()
    {
        var a = new CloudSettings { Username = "u", Password = "p" };
        var b = new CloudSettings { Username = "u", Password = "p" };

        Assert.Equal(a, b);
        Assert.Equal("public", a.Interface);
        Assert.NotEqual(a, b with { Password = "q" });
    }
}
