using System;
using System.IO;
using System.Text.Json;

namespace MistralTemplates.Mistral.Tests.Infrastructure;

/// <summary>
/// The real Keystone of the tests that need one: its v3 address from KEYSTONE_URL and the accounts the server script
/// provisioned from KEYSTONE_ACCOUNTS (its <c>accounts.json</c>). Without KEYSTONE_URL the tests skip with a reason,
/// except under CI=true, where a missing Keystone fails them.
/// </summary>
public sealed class KeystoneServer
{
    public const string UrlVariable = "KEYSTONE_URL";
    public const string AccountsVariable = "KEYSTONE_ACCOUNTS";

    private KeystoneServer(Uri authUrl, JsonElement accounts)
    {
        AuthUrl = authUrl;
        Accounts = accounts;
    }

    /// <summary>Keystone's v3 address, e.g. http://127.0.0.1:5000/v3.</summary>
    public Uri AuthUrl { get; }

    /// <summary>The provisioned accounts: users with passwords and projects, application credentials.</summary>
    public JsonElement Accounts { get; }

    /// <summary>Why the tests skip, or null when they run (they then fail if Keystone is missing).</summary>
    public static string? SkipReason(string? url, string? ci) =>
        string.IsNullOrWhiteSpace(url) && !MistralIntegrationSwitch.IsTrue(ci)
            ? $"{UrlVariable} is not set: tests against a real Keystone are skipped (never under CI=true)."
            : null;

    public static string? SkipReasonFromEnvironment() =>
        SkipReason(Environment.GetEnvironmentVariable(UrlVariable), Environment.GetEnvironmentVariable("CI"));

    /// <summary>The Keystone the variables name; fails saying which variable is missing.</summary>
    public static KeystoneServer FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        var accounts = Environment.GetEnvironmentVariable(AccountsVariable);
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(accounts) || !File.Exists(accounts))
            throw new InvalidOperationException($"{UrlVariable} and {AccountsVariable} must name a running Keystone and its " +
                "accounts.json (CI sets them; see the Keystone section of docs/mistral-server.md).");
        return new KeystoneServer(new Uri(url), JsonDocument.Parse(File.ReadAllText(accounts)).RootElement.Clone());
    }

    /// <summary>The password of a provisioned user.</summary>
    public string PasswordOf(string user) => Accounts.GetProperty("users").GetProperty(user).GetProperty("password").GetString()!;

    /// <summary>A provisioned user's id, or the id of that user's project.</summary>
    public string IdOf(string user, string field = "id") => Accounts.GetProperty("users").GetProperty(user).GetProperty(field).GetString()!;

    /// <summary>The id and secret of a provisioned application credential.</summary>
    public (string Id, string Secret) ApplicationCredential(string name)
    {
        var credential = Accounts.GetProperty("application_credentials").GetProperty(name);
        return (credential.GetProperty("id").GetString()!, credential.GetProperty("secret").GetString()!);
    }
}

/// <summary>A fact that needs a real Keystone and the Mistral in its catalog; skipped only as <see cref="KeystoneServer.SkipReason"/> allows.</summary>
public sealed class KeystoneFactAttribute : FactAttribute
{
    public KeystoneFactAttribute() => Skip = KeystoneServer.SkipReasonFromEnvironment();
}
