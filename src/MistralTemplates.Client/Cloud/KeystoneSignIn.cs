using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>The Keystone v3 methods a cloud's settings can sign in with.</summary>
internal enum KeystoneMethod
{
    Password,
    ApplicationCredential,
    Token,
}

/// <summary>
/// One way to get a token, read from <see cref="CloudSettings"/>: the <c>POST /v3/auth/tokens</c> body and the key
/// under which the process shares the token (auth URL, identity, scope and a hash of the secret, never the secret).
/// An existing token without a project to scope it to is used as it is: it is only validated, to learn its catalog.
/// </summary>
internal sealed class KeystoneSignIn
{
    private readonly byte[] _body;
    private readonly string _secret;

    private KeystoneSignIn(Uri tokensUrl, KeystoneMethod method, byte[] body, string secret, string cacheKey, string? existingToken)
    {
        _secret = secret;
        TokensUrl = tokensUrl;
        Method = method;
        _body = body;
        CacheKey = cacheKey;
        ExistingToken = existingToken;
    }

    /// <summary><c>{auth_url}/v3/auth/tokens</c>.</summary>
    public Uri TokensUrl { get; }

    public KeystoneMethod Method { get; }

    /// <summary>Shares tokens between clients of the same identity and scope; holds no secret.</summary>
    public string CacheKey { get; }

    /// <summary>A token to validate and use as it is (token auth with no project to scope to); else null.</summary>
    public string? ExistingToken { get; }

    /// <summary>Whether a new token can be had when the current one expires or is refused.</summary>
    public bool CanRenew => ExistingToken is null;

    public ReadOnlyMemory<byte> Body => _body;

    /// <summary><paramref name="text"/> with this sign-in's secret masked.</summary>
    public string Redact(string text) => text.Replace(_secret, "***", StringComparison.Ordinal);

    /// <summary>The auth types that mean "no Keystone".</summary>
    public static bool IsNoAuth(CloudSettings cloud) =>
        cloud.AuthType?.Trim().ToLowerInvariant() is "none" or "noauth";

    public static KeystoneSignIn From(CloudSettings cloud)
    {
        var tokensUrl = TokensUrlOf(cloud);
        var method = MethodOf(cloud);
        var identity = new StringBuilder(tokensUrl.AbsoluteUri).Append('|').Append(method);
        string? secret;
        string? existingToken = null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("auth");
            json.WriteStartObject("identity");
            switch (method)
            {
                case KeystoneMethod.Password:
                    secret = Required(cloud.Password, "a password (password, OS_PASSWORD)");
                    json.WriteStartArray("methods");
                    json.WriteStringValue("password");
                    json.WriteEndArray();
                    json.WriteStartObject("password");
                    WriteUser(json, cloud, identity, "password sign-in", secret);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    WriteScope(json, cloud, identity, required: true);
                    break;
                case KeystoneMethod.ApplicationCredential:
                    secret = Required(cloud.ApplicationCredentialSecret,
                        "the application credential's secret (application_credential_secret, OS_APPLICATION_CREDENTIAL_SECRET)");
                    json.WriteStartArray("methods");
                    json.WriteStringValue("application_credential");
                    json.WriteEndArray();
                    json.WriteStartObject("application_credential");
                    if (cloud.ApplicationCredentialId is { Length: > 0 } id)
                    {
                        json.WriteString("id", id);
                        identity.Append("|appcred=").Append(id);
                    }
                    else if (cloud.ApplicationCredentialName is { Length: > 0 } name)
                    {
                        json.WriteString("name", name);
                        identity.Append("|appcred-name=").Append(name);
                        WriteUser(json, cloud, identity, "an application credential given by name", password: null);
                    }
                    else
                    {
                        throw new CloudSettingsException(Prefix(cloud) + "an application credential needs its id " +
                            "(application_credential_id, OS_APPLICATION_CREDENTIAL_ID) or its name with the user it belongs to.");
                    }
                    json.WriteString("secret", secret);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    // An application credential carries its own project; Keystone refuses a scope next to it.
                    break;
                case KeystoneMethod.Token:
                    secret = Required(cloud.Token, "a token (token, OS_TOKEN)");
                    json.WriteStartArray("methods");
                    json.WriteStringValue("token");
                    json.WriteEndArray();
                    json.WriteStartObject("token");
                    json.WriteString("id", secret);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    if (!WriteScope(json, cloud, identity, required: false)) existingToken = secret;
                    break;
                default:
                    throw new InvalidOperationException(method.ToString());
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        identity.Append("|secret=").Append(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16]);
        return new KeystoneSignIn(tokensUrl, method, buffer.ToArray(), secret, identity.ToString(), existingToken);
    }

    private static Uri TokensUrlOf(CloudSettings cloud)
    {
        if (cloud.AuthUrl is not { } authUrl)
            throw new CloudSettingsException(Prefix(cloud) + "no Keystone address: set auth_url (OS_AUTH_URL), " +
                "or auth_type: none with the Mistral endpoint for a server without authentication.");
        if (!authUrl.IsAbsoluteUri || (authUrl.Scheme != Uri.UriSchemeHttp && authUrl.Scheme != Uri.UriSchemeHttps))
            throw new CloudSettingsException(Prefix(cloud) + $"the Keystone address '{authUrl}' is not an absolute http(s) address.");
        var path = authUrl.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v3", StringComparison.Ordinal)) path += "/v3";
        return new UriBuilder(authUrl) { Path = path + "/auth/tokens", Query = "" }.Uri;
    }

    private static KeystoneMethod MethodOf(CloudSettings cloud)
    {
        switch (cloud.AuthType?.Trim().ToLowerInvariant())
        {
            case null or "":
                if (cloud.ApplicationCredentialSecret is not null) return KeystoneMethod.ApplicationCredential;
                if (cloud.Token is not null) return KeystoneMethod.Token;
                return KeystoneMethod.Password;
            case "password" or "v3password":
                return KeystoneMethod.Password;
            case "v3applicationcredential" or "applicationcredential" or "application_credential":
                return KeystoneMethod.ApplicationCredential;
            case "token" or "v3token":
                return KeystoneMethod.Token;
            default:
                throw new CloudSettingsException(Prefix(cloud) + $"auth_type '{cloud.AuthType}' is not supported; " +
                    "use password, v3applicationcredential, token or none.");
        }
    }

    private static void WriteUser(Utf8JsonWriter json, CloudSettings cloud, StringBuilder identity, string purpose, string? password)
    {
        json.WriteStartObject("user");
        if (cloud.UserId is { Length: > 0 } userId)
        {
            json.WriteString("id", userId);
            identity.Append("|user-id=").Append(userId);
        }
        else if (cloud.Username is { Length: > 0 } userName)
        {
            json.WriteString("name", userName);
            identity.Append("|user=").Append(userName);
            if (!WriteDomain(json, cloud.UserDomainId, cloud.UserDomainName, identity, "user-domain"))
                throw new CloudSettingsException(Prefix(cloud) + $"the user '{userName}' is given by name, so its domain is " +
                    "needed too: set user_domain_name (OS_USER_DOMAIN_NAME, often Default) or user_domain_id.");
        }
        else
        {
            throw new CloudSettingsException(Prefix(cloud) + $"{purpose} needs a user: set username (OS_USERNAME) " +
                "with user_domain_name, or user_id (OS_USER_ID).");
        }
        if (password is not null) json.WriteString("password", password);
        json.WriteEndObject();
    }

    /// <summary>Writes the project or domain scope; false when the settings name none.</summary>
    private static bool WriteScope(Utf8JsonWriter json, CloudSettings cloud, StringBuilder identity, bool required)
    {
        if (cloud.ProjectId is { Length: > 0 } projectId)
        {
            json.WriteStartObject("scope");
            json.WriteStartObject("project");
            json.WriteString("id", projectId);
            json.WriteEndObject();
            json.WriteEndObject();
            identity.Append("|project-id=").Append(projectId);
            return true;
        }
        if (cloud.ProjectName is { Length: > 0 } projectName)
        {
            json.WriteStartObject("scope");
            json.WriteStartObject("project");
            json.WriteString("name", projectName);
            identity.Append("|project=").Append(projectName);
            if (!WriteDomain(json, cloud.ProjectDomainId, cloud.ProjectDomainName, identity, "project-domain"))
                throw new CloudSettingsException(Prefix(cloud) + $"the project '{projectName}' is given by name, so its domain " +
                    "is needed too: set project_domain_name (OS_PROJECT_DOMAIN_NAME, often Default) or project_domain_id.");
            json.WriteEndObject();
            json.WriteEndObject();
            return true;
        }
        if (cloud.DomainId is { Length: > 0 } || cloud.DomainName is { Length: > 0 })
        {
            json.WriteStartObject("scope");
            WriteDomain(json, cloud.DomainId, cloud.DomainName, identity, "domain");
            json.WriteEndObject();
            return true;
        }
        if (required)
            throw new CloudSettingsException(Prefix(cloud) + "no project to work in: Mistral keeps workflows per project, so " +
                "an unscoped token is of no use. Set project_name (OS_PROJECT_NAME) with project_domain_name, or project_id " +
                "(OS_PROJECT_ID), or a domain (domain_name, domain_id).");
        return false;
    }

    private static bool WriteDomain(Utf8JsonWriter json, string? id, string? name, StringBuilder identity, string label)
    {
        if (id is { Length: > 0 })
        {
            json.WriteStartObject("domain");
            json.WriteString("id", id);
            json.WriteEndObject();
            identity.Append('|').Append(label).Append("-id=").Append(id);
            return true;
        }
        if (name is { Length: > 0 })
        {
            json.WriteStartObject("domain");
            json.WriteString("name", name);
            json.WriteEndObject();
            identity.Append('|').Append(label).Append('=').Append(name);
            return true;
        }
        return false;
    }

    private static string Required(string? value, string what) =>
        value is { Length: > 0 } ? value : throw new CloudSettingsException($"Keystone sign-in needs {what}.");

    private static string Prefix(CloudSettings cloud) => cloud.CloudName is { } name ? $"Cloud '{name}': " : "Keystone sign-in: ";
}
