using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// The folders <see cref="CloudConfig"/> looks in for <c>clouds.yaml</c> and <c>secure.yaml</c>, after the files
/// <c>OS_CLIENT_CONFIG_FILE</c> and <c>OS_CLIENT_SECURE_FILE</c> name: <paramref name="Current"/>, then
/// <c>$XDG_CONFIG_HOME/openstack</c> when that variable is set, then <c>~/.config/openstack</c> under
/// <paramref name="Home"/>, then <paramref name="Site"/>.
/// </summary>
/// <param name="Home">The user's home folder; <see langword="null"/> when the user has none.</param>
/// <param name="Current">The current folder.</param>
/// <param name="Site">The machine's folder, <c>/etc/openstack</c>.</param>
public sealed record CloudConfigFolders(string? Home, string Current, string Site = CloudConfigFolders.SiteFolder)
{
    /// <summary>The machine-wide folder openstacksdk reads on Unix.</summary>
    public const string SiteFolder = "/etc/openstack";

    /// <summary>This process's home and current folders, and <c>/etc/openstack</c>.</summary>
    public static CloudConfigFolders OfThisProcess()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new CloudConfigFolders(string.IsNullOrEmpty(home) ? null : home, Environment.CurrentDirectory);
    }

    internal IEnumerable<string> InOrder(IReadOnlyDictionary<string, string> environment)
    {
        yield return Current;
        if (environment.TryGetValue("XDG_CONFIG_HOME", out var xdg) && !string.IsNullOrWhiteSpace(xdg)) yield return Path.Combine(xdg, "openstack");
        if (Home is not null) yield return Path.Combine(Home, ".config", "openstack");
        yield return Site;
    }
}

/// <summary>
/// Finds one cloud's settings the way the <c>openstack</c> command line does (openstacksdk's loader with
/// python-openstackclient's options over it). Precedence, highest first: the settings given in code or on the command
/// line; <c>OS_*</c> environment variables (and <c>MISTRAL_URL</c> for the workflow endpoint); the cloud's entry in
/// <c>clouds.yaml</c>, with <c>secure.yaml</c>'s entry merged over it and the chosen region's <c>values</c> over both.
/// Secrets never appear in its messages.
/// </summary>
public static class CloudConfig
{
    /// <summary>The variable that names the cloud in <c>clouds.yaml</c> to use.</summary>
    public const string CloudVariable = "OS_CLOUD";

    /// <summary>The variable that names Keystone; with <see cref="CloudVariable"/>, what makes a target a cloud.</summary>
    public const string AuthUrlVariable = "OS_AUTH_URL";

    /// <summary>The variable that names a <c>clouds.yaml</c> to read before the usual places.</summary>
    public const string ConfigFileVariable = "OS_CLIENT_CONFIG_FILE";

    /// <summary>The variable that names a <c>secure.yaml</c> to read before the usual places.</summary>
    public const string SecureFileVariable = "OS_CLIENT_SECURE_FILE";

    /// <summary>The variable that names the Mistral API, over the catalog's (as <c>--endpoint</c> does).</summary>
    public const string MistralUrlVariable = "MISTRAL_URL";

    // Variables that choose a cloud or a file rather than give a setting (openstacksdk's "selectors").
    private static readonly HashSet<string> Selectors = new(StringComparer.Ordinal)
    {
        CloudVariable, "OS_REGION_NAME", ConfigFileVariable, SecureFileVariable, "OS_CLOUD_NAME",
    };

    private static readonly string[] KnownAuthTypes =
        ["password", "v3password", "v3applicationcredential", "applicationcredential", "application_credential", "token", "v3token", "none", "noauth"];

    /// <summary>
    /// Whether <paramref name="environment"/> points at a cloud: <c>OS_CLOUD</c> or <c>OS_AUTH_URL</c> is set (as after
    /// sourcing an <c>openrc</c> file).
    /// </summary>
    public static bool IsCloudConfigured(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return IsSet(environment, CloudVariable) || IsSet(environment, AuthUrlVariable);
    }

    /// <summary>This process's environment variables, as the loader takes them.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (entry.Key is string key && entry.Value is string value) variables[key] = value;
        return variables;
    }

    /// <summary>
    /// The settings of the cloud <paramref name="cloudName"/> (else <c>OS_CLOUD</c>'s), from this process's environment
    /// and the usual <c>clouds.yaml</c> places, with <paramref name="settings"/> over them. See
    /// <see cref="Load(string?, CloudSettings?, IReadOnlyDictionary{string, string}, CloudConfigFolders)"/>.
    /// </summary>
    /// <exception cref="CloudConfigException">No such cloud, no <c>clouds.yaml</c>, a malformed file, or no Keystone address.</exception>
    public static CloudSettings Load(string? cloudName = null, CloudSettings? settings = null) =>
        Load(cloudName, settings, ProcessEnvironment(), CloudConfigFolders.OfThisProcess());

    /// <summary>
    /// The settings of one cloud. Which cloud: <paramref name="cloudName"/>, else <c>OS_CLOUD</c>; without either, the
    /// <c>OS_*</c> variables alone when any setting is among them, else the only cloud of <c>clouds.yaml</c> when it has
    /// exactly one (as openstacksdk does), else <paramref name="settings"/> alone. Values of <paramref name="settings"/>
    /// beat the environment's, which beat the file's; its <see cref="CloudSettings.Interface"/> counts when it is not
    /// <c>public</c> and its <see cref="CloudSettings.Insecure"/> when true. Without an <c>auth_type</c>, an application
    /// credential means <c>v3applicationcredential</c>, else a user means <c>password</c>, else a token means
    /// <c>token</c>, else <c>password</c>.
    /// </summary>
    /// <param name="cloudName">The <c>clouds.yaml</c> entry to use (<c>--os-cloud</c>); <see langword="null"/> for <c>OS_CLOUD</c>'s.</param>
    /// <param name="settings">Settings given in code or on the command line, over everything else.</param>
    /// <param name="environment">The environment variables to read.</param>
    /// <param name="folders">Where to look for <c>clouds.yaml</c> and <c>secure.yaml</c>.</param>
    /// <exception cref="CloudConfigException">No such cloud (the message lists the known ones and the files read), no
    /// <c>clouds.yaml</c> while a cloud is named (it lists the places looked), a malformed file (located as
    /// <c>file:line:column</c>), an unknown region or <c>auth_type</c>, or no Keystone address.</exception>
    public static CloudSettings Load(string? cloudName, CloudSettings? settings, IReadOnlyDictionary<string, string> environment, CloudConfigFolders folders)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(folders);
        var given = settings is null ? new Dictionary<string, string>(StringComparer.Ordinal) : CloudKeys.ValuesOf(settings);
        var fromEnvironment = EnvironmentValues(environment, out var environmentHasSettings);
        var name = !string.IsNullOrWhiteSpace(cloudName) ? cloudName.Trim() : IsSet(environment, CloudVariable) ? environment[CloudVariable].Trim() : null;

        CloudEntry? entry = null;
        string? source = null;
        if (name is not null || (!environmentHasSettings && given.Count == 0))
        {
            var (clouds, secure, looked) = ReadFiles(environment, folders);
            if (name is not null)
            {
                if (clouds is null && secure is null)
                    throw new CloudConfigException(
                        $"The cloud '{name}' is named (by {(string.IsNullOrWhiteSpace(cloudName) ? CloudVariable : "--os-cloud")}) but no clouds.yaml was found. Looked in: {string.Join(", ", looked)}. " +
                        $"Create one there, set {ConfigFileVariable} to yours, or give the cloud's settings as OS_* variables instead.");
                entry = EntryOf(name, clouds, secure);
                if (entry is null)
                {
                    var known = (clouds?.Clouds.Keys ?? []).Concat(secure?.Clouds.Keys ?? []).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
                    var read = new[] { clouds?.Path, secure?.Path }.Where(p => p is not null);
                    throw new CloudConfigException(
                        $"No cloud named '{name}' in {string.Join(" or ", read)}. " +
                        (known.Count == 0 ? "It names no clouds." : $"Known clouds: {string.Join(", ", known)}."));
                }
                source = clouds?.Path ?? secure?.Path;
            }
            else if (clouds is not null && clouds.Clouds.Count == 1)
            {
                // openstacksdk's convenience: with nothing else to go on, a file with exactly one cloud means that cloud.
                name = clouds.Clouds.Keys.Single();
                entry = EntryOf(name, clouds, secure);
                source = clouds.Path;
            }
        }

        var merged = Merge(name, entry, fromEnvironment, given);
        return Settings(name, source, merged);
    }

    private static (CloudFile? Clouds, CloudFile? Secure, List<string> Looked) ReadFiles(IReadOnlyDictionary<string, string> environment, CloudConfigFolders folders)
    {
        var order = folders.InOrder(environment).ToList();
        var candidates = CloudFiles.Candidates("clouds", environment.GetValueOrDefault(ConfigFileVariable), order);
        var clouds = CloudFiles.ReadFirst(candidates);
        var secure = CloudFiles.ReadFirst(CloudFiles.Candidates("secure", environment.GetValueOrDefault(SecureFileVariable), order));
        return (clouds, secure, candidates);
    }

    private static CloudEntry? EntryOf(string name, CloudFile? clouds, CloudFile? secure)
    {
        CloudEntry? entry = null;
        if (clouds?.Clouds.TryGetValue(name, out var fromClouds) == true) entry = fromClouds;
        if (secure?.Clouds.TryGetValue(name, out var fromSecure) == true) entry = entry is null ? fromSecure : entry.MergedWith(fromSecure);
        return entry;
    }

    /// <summary>
    /// The <c>OS_*</c> variables as settings, by key (<c>OS_USER_DOMAIN_NAME</c> is <c>user_domain_name</c>), and
    /// <c>MISTRAL_URL</c> as the workflow endpoint. <paramref name="hasSettings"/> is false when the only ones set
    /// choose a cloud, a region or a file.
    /// </summary>
    private static Dictionary<string, CloudValue> EnvironmentValues(IReadOnlyDictionary<string, string> environment, out bool hasSettings)
    {
        var values = new Dictionary<string, CloudValue>(StringComparer.Ordinal);
        hasSettings = false;
        foreach (var (variable, value) in environment.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith("OS_", StringComparison.Ordinal) || string.IsNullOrEmpty(value)) continue;
            if (CloudKeys.Canonical(variable.Substring(3).ToLowerInvariant()) is not { } key) continue;
            values[key] = new CloudValue(value, variable);
            if (!Selectors.Contains(variable)) hasSettings = true;
        }
        if (IsSet(environment, MistralUrlVariable)) values[CloudKeys.WorkflowEndpointOverride] = new CloudValue(environment[MistralUrlVariable].Trim(), MistralUrlVariable);
        return values;
    }

    private static Dictionary<string, CloudValue> Merge(string? name, CloudEntry? entry, Dictionary<string, CloudValue> fromEnvironment, Dictionary<string, string> given)
    {
        var merged = new Dictionary<string, CloudValue>(StringComparer.Ordinal);
        var region = given.GetValueOrDefault(CloudKeys.RegionName) ?? fromEnvironment.GetValueOrDefault(CloudKeys.RegionName)?.Text;
        if (entry is not null)
        {
            var chosen = ChooseRegion(name!, entry, region);
            var fileEntry = chosen?.Values is null ? entry : entry.MergedWith(chosen.Values);
            foreach (var (key, value) in fileEntry.Flattened()) merged[key] = value;
            if (chosen is not null) merged[CloudKeys.RegionName] = merged.GetValueOrDefault(CloudKeys.RegionName) is { } at
                ? at with { Text = chosen.Name } : new CloudValue(chosen.Name, "regions");
        }
        foreach (var (key, value) in fromEnvironment) merged[key] = value;
        // The command line gives the workflow endpoint as --endpoint, every other setting as its --os-* option.
        foreach (var (key, value) in given) merged[key] = new CloudValue(value, key == CloudKeys.WorkflowEndpointOverride ? "--endpoint" : CloudKeys.Option(key));
        return merged;
    }

    /// <summary>The region asked for among the cloud's regions, else its first; <see langword="null"/> when the cloud lists none.</summary>
    private static CloudRegionEntry? ChooseRegion(string name, CloudEntry entry, string? region)
    {
        if (entry.Regions is not { Count: > 0 } regions) return null;
        if (string.IsNullOrEmpty(region)) return regions[0];
        return regions.FirstOrDefault(r => r.Name == region)
               ?? throw new CloudConfigException(
                   $"The region '{region}' is not one of the cloud '{name}''s regions: {string.Join(", ", regions.Select(r => r.Name))} (region names are case-sensitive).");
    }

    private static CloudSettings Settings(string? name, string? source, Dictionary<string, CloudValue> values)
    {
        string? Text(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.Text) ? v.Text.Trim() : null;

        // openstacksdk: a domain given once, with a project to scope to, is the domain of both the user and the project;
        // without a project it is the scope itself.
        var projectScoped = Text(CloudKeys.ProjectId) is not null || Text(CloudKeys.ProjectName) is not null;
        var userDomainId = Text(CloudKeys.UserDomainId);
        var userDomainName = Text(CloudKeys.UserDomainName);
        var projectDomainId = Text(CloudKeys.ProjectDomainId);
        var projectDomainName = Text(CloudKeys.ProjectDomainName);
        var domainId = Text(CloudKeys.DomainId);
        var domainName = Text(CloudKeys.DomainName);
        if (projectScoped)
        {
            userDomainId ??= domainId;
            projectDomainId ??= domainId;
            userDomainName ??= domainName;
            projectDomainName ??= domainName;
            domainId = domainName = null;
        }

        var authType = AuthTypeOf(values, Text);
        if (authType is "password" or "v3password")
        {
            // The openstack command line's default domain (OS_DEFAULT_DOMAIN, else "default") fills a missing one.
            var defaultDomain = Text(CloudKeys.DefaultDomain) ?? "default";
            if (Text(CloudKeys.Username) is not null && userDomainId is null && userDomainName is null) userDomainId = defaultDomain;
            if (Text(CloudKeys.ProjectName) is not null && projectDomainId is null && projectDomainName is null) projectDomainId = defaultDomain;
        }

        var authUrl = Text(CloudKeys.AuthUrl);
        if (authUrl is null && authType is not ("none" or "noauth"))
            throw new CloudConfigException(
                $"No Keystone address for {(name is null ? "the cloud" : $"the cloud '{name}'")}: set auth_url " +
                (source is null ? "" : $"in its entry of {source}, ") + $"{AuthUrlVariable}, or --os-auth-url.");

        return new CloudSettings
        {
            CloudName = name,
            AuthUrl = authUrl is null ? null : Address(authUrl, values[CloudKeys.AuthUrl].Origin, "Keystone's address (auth_url)"),
            AuthType = authType,
            Username = Text(CloudKeys.Username),
            UserId = Text(CloudKeys.UserId),
            Password = Text(CloudKeys.Password),
            UserDomainName = userDomainName,
            UserDomainId = userDomainId,
            ProjectName = Text(CloudKeys.ProjectName),
            ProjectId = Text(CloudKeys.ProjectId),
            ProjectDomainName = projectDomainName,
            ProjectDomainId = projectDomainId,
            DomainName = domainName,
            DomainId = domainId,
            ApplicationCredentialId = Text(CloudKeys.ApplicationCredentialId),
            ApplicationCredentialName = Text(CloudKeys.ApplicationCredentialName),
            ApplicationCredentialSecret = Text(CloudKeys.ApplicationCredentialSecret),
            Token = Text(CloudKeys.Token),
            RegionName = Text(CloudKeys.RegionName),
            Interface = InterfaceOf(values, Text(CloudKeys.Interface)),
            WorkflowEndpointOverride = Text(CloudKeys.WorkflowEndpointOverride) is { } endpoint
                ? Address(endpoint, values[CloudKeys.WorkflowEndpointOverride].Origin, "The Mistral endpoint")
                : null,
            CACertFile = Text(CloudKeys.CACert),
            ClientCertFile = Text(CloudKeys.Cert),
            ClientKeyFile = Text(CloudKeys.Key),
            // openstacksdk reads insecure as true only when it is (any case of) "true"; verify: false also turns checks off.
            Insecure = string.Equals(Text(CloudKeys.Insecure), "true", StringComparison.OrdinalIgnoreCase)
                       || string.Equals(Text(CloudKeys.Verify), "false", StringComparison.OrdinalIgnoreCase),
        };
    }

    private static string AuthTypeOf(Dictionary<string, CloudValue> values, Func<string, string?> text)
    {
        if (text(CloudKeys.AuthType) is { } given)
        {
            var normalized = given.ToLowerInvariant().Replace('-', '_');
            if (!KnownAuthTypes.Contains(normalized))
                throw new CloudConfigException(
                    $"{values[CloudKeys.AuthType].Origin}: the auth_type '{given}' is not supported; use one of {string.Join(", ", KnownAuthTypes)}.");
            return normalized;
        }
        if (text(CloudKeys.ApplicationCredentialId) is not null || text(CloudKeys.ApplicationCredentialSecret) is not null) return "v3applicationcredential";
        // The openstack command line's choice: a user means a password, else a token means the token.
        if (text(CloudKeys.Username) is not null || text(CloudKeys.UserId) is not null) return "password";
        return text(CloudKeys.Token) is not null ? "token" : "password";
    }

    private static string InterfaceOf(Dictionary<string, CloudValue> values, string? given)
    {
        if (given is null) return "public";
        // openstacksdk also accepts the older "publicURL"-style names.
        var normalized = given.ToLowerInvariant();
        if (normalized.EndsWith("url", StringComparison.Ordinal)) normalized = normalized[..^3];
        return normalized is "public" or "internal" or "admin"
            ? normalized
            : throw new CloudConfigException($"{values[CloudKeys.Interface].Origin}: the interface '{given}' is not public, internal or admin.");
    }

    private static Uri Address(string text, string origin, string what) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CloudConfigException($"{origin}: {what} '{text}' is not an http(s) address.");

    private static bool IsSet(IReadOnlyDictionary<string, string> environment, string variable) =>
        environment.TryGetValue(variable, out var value) && !string.IsNullOrWhiteSpace(value);
}

/// <summary>A cloud's settings cannot be found or read; the message says what to fix and never holds a secret.</summary>
public sealed class CloudConfigException(string message) : Exception(message);
