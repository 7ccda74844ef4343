using System;
using System.Text;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// One OpenStack cloud as the client sees it: where Keystone is, who signs in and to which scope, and how to reach the
/// workflow service. Filled from code, the command line, <c>OS_*</c> variables or a <c>clouds.yaml</c> entry, with the
/// names openstacksdk uses. Secrets (<see cref="Password"/>, <see cref="ApplicationCredentialSecret"/>,
/// <see cref="Token"/>) never appear in <see cref="ToString"/>.
/// </summary>
public sealed record CloudSettings
{
    /// <summary>The <c>clouds.yaml</c> entry these settings came from, for messages; <see langword="null"/> when they came from elsewhere.</summary>
    public string? CloudName { get; init; }

    /// <summary>Keystone's address (<c>auth_url</c>, <c>OS_AUTH_URL</c>), e.g. <c>https://keystone.example.com:5000/v3</c>; a missing <c>/v3</c> is added.</summary>
    public Uri? AuthUrl { get; init; }

    /// <summary>
    /// How to sign in (<c>auth_type</c>, <c>OS_AUTH_TYPE</c>): <c>password</c>/<c>v3password</c>,
    /// <c>v3applicationcredential</c>, <c>token</c>/<c>v3token</c>, or <c>none</c>/<c>noauth</c>. <see langword="null"/>
    /// infers it from what is given: an application credential, else a token, else a password.
    /// </summary>
    public string? AuthType { get; init; }

    /// <summary>The user's name (<c>username</c>, <c>OS_USERNAME</c>); needs <see cref="UserDomainName"/> or <see cref="UserDomainId"/>.</summary>
    public string? Username { get; init; }

    /// <summary>The user's id (<c>user_id</c>, <c>OS_USER_ID</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>The password (<c>password</c>, <c>OS_PASSWORD</c>). Secret.</summary>
    public string? Password { get; init; }

    /// <summary>The user's domain by name (<c>user_domain_name</c>, <c>OS_USER_DOMAIN_NAME</c>).</summary>
    public string? UserDomainName { get; init; }

    /// <summary>The user's domain by id (<c>user_domain_id</c>, <c>OS_USER_DOMAIN_ID</c>).</summary>
    public string? UserDomainId { get; init; }

    /// <summary>The project to scope to, by name (<c>project_name</c>, <c>OS_PROJECT_NAME</c>); needs a project domain.</summary>
    public string? ProjectName { get; init; }

    /// <summary>The project to scope to, by id (<c>project_id</c>, <c>OS_PROJECT_ID</c>).</summary>
    public string? ProjectId { get; init; }

    /// <summary>The project's domain by name (<c>project_domain_name</c>, <c>OS_PROJECT_DOMAIN_NAME</c>).</summary>
    public string? ProjectDomainName { get; init; }

    /// <summary>The project's domain by id (<c>project_domain_id</c>, <c>OS_PROJECT_DOMAIN_ID</c>).</summary>
    public string? ProjectDomainId { get; init; }

    /// <summary>A domain to scope to instead of a project, by name (<c>domain_name</c>, <c>OS_DOMAIN_NAME</c>).</summary>
    public string? DomainName { get; init; }

    /// <summary>A domain to scope to instead of a project, by id (<c>domain_id</c>, <c>OS_DOMAIN_ID</c>).</summary>
    public string? DomainId { get; init; }

    /// <summary>An application credential's id (<c>application_credential_id</c>, <c>OS_APPLICATION_CREDENTIAL_ID</c>).</summary>
    public string? ApplicationCredentialId { get; init; }

    /// <summary>An application credential's name (<c>application_credential_name</c>); needs the user it belongs to.</summary>
    public string? ApplicationCredentialName { get; init; }

    /// <summary>The application credential's secret (<c>application_credential_secret</c>). Secret.</summary>
    public string? ApplicationCredentialSecret { get; init; }

    /// <summary>An existing Keystone token (<c>token</c>, <c>OS_TOKEN</c>). Secret.</summary>
    public string? Token { get; init; }

    /// <summary>The region whose endpoints are used (<c>region_name</c>, <c>OS_REGION_NAME</c>); <see langword="null"/> when the catalog has one.</summary>
    public string? RegionName { get; init; }

    /// <summary>Which endpoint of a service to use (<c>interface</c>, <c>OS_INTERFACE</c>): <c>public</c>, <c>internal</c> or <c>admin</c>.</summary>
    public string Interface { get; init; } = "public";

    /// <summary>The Mistral API to use instead of the catalog's (<c>--endpoint</c>, <c>MISTRAL_URL</c>, <c>workflow_endpoint_override</c>).</summary>
    public Uri? WorkflowEndpointOverride { get; init; }

    /// <summary>A CA bundle to trust, in PEM (<c>cacert</c>, <c>OS_CACERT</c>).</summary>
    public string? CACertFile { get; init; }

    /// <summary>A client certificate, in PEM (<c>cert</c>, <c>OS_CERT</c>).</summary>
    public string? ClientCertFile { get; init; }

    /// <summary>The client certificate's private key, in PEM (<c>key</c>, <c>OS_KEY</c>), when not in <see cref="ClientCertFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Skip TLS certificate checks (<c>verify: false</c>, <c>insecure</c>, <c>OS_INSECURE</c>). A warning is given.</summary>
    public bool Insecure { get; init; }

    // Records print every property; this one must never print a secret, so it lists only whether each is set.
    private bool PrintMembers(StringBuilder builder)
    {
        var any = false;
        void Add(string name, object? value)
        {
            if (value is null) return;
            if (any) builder.Append(", ");
            builder.Append(name).Append(" = ").Append(value);
            any = true;
        }
        Add(nameof(CloudName), CloudName);
        Add(nameof(AuthUrl), AuthUrl);
        Add(nameof(AuthType), AuthType);
        Add(nameof(Username), Username);
        Add(nameof(UserId), UserId);
        Add(nameof(Password), Password is null ? null : "***");
        Add(nameof(UserDomainName), UserDomainName);
        Add(nameof(UserDomainId), UserDomainId);
        Add(nameof(ProjectName), ProjectName);
        Add(nameof(ProjectId), ProjectId);
        Add(nameof(ProjectDomainName), ProjectDomainName);
        Add(nameof(ProjectDomainId), ProjectDomainId);
        Add(nameof(DomainName), DomainName);
        Add(nameof(DomainId), DomainId);
        Add(nameof(ApplicationCredentialId), ApplicationCredentialId);
        Add(nameof(ApplicationCredentialName), ApplicationCredentialName);
        Add(nameof(ApplicationCredentialSecret), ApplicationCredentialSecret is null ? null : "***");
        Add(nameof(Token), Token is null ? null : "***");
        Add(nameof(RegionName), RegionName);
        Add(nameof(Interface), Interface);
        Add(nameof(WorkflowEndpointOverride), WorkflowEndpointOverride);
        Add(nameof(CACertFile), CACertFile);
        Add(nameof(ClientCertFile), ClientCertFile);
        Add(nameof(ClientKeyFile), ClientKeyFile);
        if (Insecure) Add(nameof(Insecure), true);
        return any;
    }
}
