using System;
using System.Collections.Generic;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// The settings keys the loader understands, with openstacksdk's names (as in <c>clouds.yaml</c>, and as <c>OS_*</c>
/// variables and <c>--os-*</c> options name them), their older aliases, and how each fills a <see cref="CloudSettings"/>.
/// </summary>
internal static class CloudKeys
{
    public const string AuthUrl = "auth_url";
    public const string AuthType = "auth_type";
    public const string Username = "username";
    public const string UserId = "user_id";
    public const string Password = "password";
    public const string UserDomainName = "user_domain_name";
    public const string UserDomainId = "user_domain_id";
    public const string ProjectName = "project_name";
    public const string ProjectId = "project_id";
    public const string ProjectDomainName = "project_domain_name";
    public const string ProjectDomainId = "project_domain_id";
    public const string DomainName = "domain_name";
    public const string DomainId = "domain_id";
    public const string ApplicationCredentialId = "application_credential_id";
    public const string ApplicationCredentialName = "application_credential_name";
    public const string ApplicationCredentialSecret = "application_credential_secret";
    public const string Token = "token";
    public const string RegionName = "region_name";
    public const string Interface = "interface";
    public const string CACert = "cacert";
    public const string Cert = "cert";
    public const string Key = "key";
    public const string Insecure = "insecure";
    public const string Verify = "verify";
    public const string WorkflowEndpointOverride = "workflow_endpoint_override";
    public const string DefaultDomain = "default_domain";

    /// <summary>The keys a <see cref="CloudSettings"/> has a property for, in the order the command line lists them.</summary>
    public static IReadOnlyList<string> SettingsKeys { get; } =
    [
        AuthUrl, AuthType, Username, UserId, Password, UserDomainName, UserDomainId, ProjectName, ProjectId, ProjectDomainName,
        ProjectDomainId, DomainName, DomainId, ApplicationCredentialId, ApplicationCredentialName, ApplicationCredentialSecret,
        Token, RegionName, Interface, CACert, Cert, Key,
    ];

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        AuthUrl, AuthType, Username, UserId, Password, UserDomainName, UserDomainId, ProjectName, ProjectId, ProjectDomainName,
        ProjectDomainId, DomainName, DomainId, ApplicationCredentialId, ApplicationCredentialName, ApplicationCredentialSecret,
        Token, RegionName, Interface, CACert, Cert, Key, Insecure, Verify, WorkflowEndpointOverride, DefaultDomain,
    };

    // openstacksdk still reads these older names (the v2 "tenant", os-client-config's "auth_plugin" and "endpoint_type").
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["tenant_name"] = ProjectName,
        ["tenant_id"] = ProjectId,
        ["auth_token"] = Token,
        ["auth_plugin"] = AuthType,
        ["endpoint_type"] = Interface,
        ["workflowv2_endpoint_override"] = WorkflowEndpointOverride,
    };

    /// <summary>
    /// Keys whose value at an entry's top level beats the one in its <c>auth:</c> block (openstacksdk's
    /// <c>_fix_backwards_auth</c>); for the other sign-in keys the <c>auth:</c> block wins.
    /// </summary>
    public static readonly HashSet<string> TopLevelWins = new(StringComparer.Ordinal)
    {
        ProjectName, ProjectId, ProjectDomainName, ProjectDomainId, UserDomainName, UserDomainId, DomainName, DomainId, Token,
    };

    /// <summary>The keys whose values are secrets: never printed, never in a message.</summary>
    public static bool IsSecret(string key) => key is Password or ApplicationCredentialSecret or Token;

    /// <summary>The canonical name of <paramref name="key"/> (dashes read as underscores, aliases resolved); <see langword="null"/> when it is none of ours.</summary>
    public static string? Canonical(string key)
    {
        var name = key.Replace('-', '_');
        if (Aliases.TryGetValue(name, out var alias)) return alias;
        return Known.Contains(name) ? name : null;
    }

    /// <summary>The <c>OS_*</c> variable of a key, e.g. <c>OS_AUTH_URL</c>.</summary>
    public static string Variable(string key) => "OS_" + key.ToUpperInvariant();

    /// <summary>The command-line option of a key, e.g. <c>--os-auth-url</c>.</summary>
    public static string Option(string key) => "--os-" + key.Replace('_', '-');

    /// <summary>
    /// Settings holding <paramref name="values"/>, by key, as the command line's <c>--os-*</c> options give them
    /// (<paramref name="origin"/> names a key's source in messages).
    /// </summary>
    /// <exception cref="CloudConfigException">An address is not an http(s) URL.</exception>
    public static CloudSettings SettingsOf(IReadOnlyDictionary<string, string> values, Func<string, string> origin)
    {
        string? Get(string key) => values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        Uri? Address(string key)
        {
            if (Get(key) is not { } text) return null;
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new CloudConfigException($"{origin(key)}: '{text}' is not an http(s) address.");
        }
        return new CloudSettings
        {
            AuthUrl = Address(AuthUrl),
            AuthType = Get(AuthType),
            Username = Get(Username),
            UserId = Get(UserId),
            Password = Get(Password),
            UserDomainName = Get(UserDomainName),
            UserDomainId = Get(UserDomainId),
            ProjectName = Get(ProjectName),
            ProjectId = Get(ProjectId),
            ProjectDomainName = Get(ProjectDomainName),
            ProjectDomainId = Get(ProjectDomainId),
            DomainName = Get(DomainName),
            DomainId = Get(DomainId),
            ApplicationCredentialId = Get(ApplicationCredentialId),
            ApplicationCredentialName = Get(ApplicationCredentialName),
            ApplicationCredentialSecret = Get(ApplicationCredentialSecret),
            Token = Get(Token),
            RegionName = Get(RegionName),
            Interface = Get(Interface) ?? "public",
            CACertFile = Get(CACert),
            ClientCertFile = Get(Cert),
            ClientKeyFile = Get(Key),
            Insecure = string.Equals(Get(Insecure), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>The values <paramref name="settings"/> gives, by key: only those set (an <see cref="CloudSettings.Interface"/> other than <c>public</c>, an <see cref="CloudSettings.Insecure"/> of true).</summary>
    public static Dictionary<string, string> ValuesOf(CloudSettings settings)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) values[key] = value;
        }
        Add(AuthUrl, settings.AuthUrl?.OriginalString);
        Add(AuthType, settings.AuthType);
        Add(Username, settings.Username);
        Add(UserId, settings.UserId);
        Add(Password, settings.Password);
        Add(UserDomainName, settings.UserDomainName);
        Add(UserDomainId, settings.UserDomainId);
        Add(ProjectName, settings.ProjectName);
        Add(ProjectId, settings.ProjectId);
        Add(ProjectDomainName, settings.ProjectDomainName);
        Add(ProjectDomainId, settings.ProjectDomainId);
        Add(DomainName, settings.DomainName);
        Add(DomainId, settings.DomainId);
        Add(ApplicationCredentialId, settings.ApplicationCredentialId);
        Add(ApplicationCredentialName, settings.ApplicationCredentialName);
        Add(ApplicationCredentialSecret, settings.ApplicationCredentialSecret);
        Add(Token, settings.Token);
        Add(RegionName, settings.RegionName);
        if (settings.Interface != "public") Add(Interface, settings.Interface);
        Add(WorkflowEndpointOverride, settings.WorkflowEndpointOverride?.OriginalString);
        Add(CACert, settings.CACertFile);
        Add(Cert, settings.ClientCertFile);
        Add(Key, settings.ClientKeyFile);
        if (settings.Insecure) Add(Insecure, "true");
        return values;
    }
}
