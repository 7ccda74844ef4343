using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Cli;

/// <summary>
/// The openstack command line's cloud options, on every verb: <c>--os-cloud NAME</c>, one <c>--os-*</c> option per
/// <c>OS_*</c> variable (<c>--os-auth-url</c>, <c>--os-username</c>, ...) and <c>--insecure</c>. They beat the
/// variables, which beat <c>clouds.yaml</c>.
/// </summary>
internal sealed class CloudOptions
{
    private readonly Option<string> _cloud = new("--os-cloud")
    {
        Description = $"The cloud in clouds.yaml to deploy to, signed in through Keystone (default: ${CloudConfig.CloudVariable}).",
        Recursive = true,
    };

    private readonly Option<bool> _insecure = new("--insecure")
    {
        Description = "Do not check the cloud's TLS certificates (as OS_INSECURE=true or verify: false); a warning is given.",
        Recursive = true,
    };

    private readonly Dictionary<string, Option<string>> _settings = CloudKeys.SettingsKeys.ToDictionary(key => key, key =>
        new Option<string>(CloudKeys.Option(key))
        {
            Description = $"The cloud's {key} (default: ${CloudKeys.Variable(key)}, else clouds.yaml)." +
                          (CloudKeys.IsSecret(key) ? " Other users can see the command line: prefer the variable or secure.yaml." : ""),
            Recursive = true,
        });

    /// <summary>Adds the options to <paramref name="root"/>.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(_cloud);
        foreach (var option in _settings.Values) root.Options.Add(option);
        root.Options.Add(_insecure);
    }

    /// <summary>The cloud <c>--os-cloud</c> names; <see langword="null"/> without it.</summary>
    public string? CloudName(ParseResult result) => result.GetValue(_cloud) is { Length: > 0 } name ? name : null;

    /// <summary>The settings the <c>--os-*</c> options give; <see langword="null"/> when none is given.</summary>
    /// <exception cref="UsageException">An address option is not an http(s) URL.</exception>
    public CloudSettings? Settings(ParseResult result)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, option) in _settings)
            if (result.GetValue(option) is { } value) values[key] = value;
        if (result.GetValue(_insecure)) values[CloudKeys.Insecure] = "true";
        if (values.Count == 0) return null;
        try
        {
            return CloudKeys.SettingsOf(values, CloudKeys.Option);
        }
        catch (CloudConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// <paramref name="message"/> with the value of every option in <paramref name="args"/> that may hold a secret
    /// replaced by <c>***</c>: one whose name looks like a password, secret or token, misspelt or not, and any
    /// <c>--os-*</c> option this command line does not know. The parser echoes the arguments it cannot place, and a
    /// mistyped <c>--os-pasword VALUE</c> must not print VALUE.
    /// </summary>
    public string Redact(string message, IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !MayHoldSecret(name)) continue;
            var value = name.Length < arg.Length ? arg[(name.Length + 1)..] : i + 1 < args.Count ? args[i + 1] : "";
            if (value.Length > 0) message = message.Replace(value, "***", StringComparison.Ordinal);
        }
        return message;
    }

    private bool MayHoldSecret(string option)
    {
        if (option.StartsWith("--os-", StringComparison.Ordinal) && option != _cloud.Name && _settings.Values.All(o => o.Name != option)) return true;
        return new[] { "pas", "pw", "secr", "tok", "cred" }.Any(part => option.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The options that carried a secret (a password, an application credential's secret, a token): other users of
    /// the machine can read a process's command line, so the openstack command line's docs advise against them.
    /// </summary>
    public IReadOnlyList<string> SecretsGiven(ParseResult result) =>
        _settings.Where(s => CloudKeys.IsSecret(s.Key) && result.GetValue(s.Value) is { Length: > 0 }).Select(s => s.Value.Name).ToList();
}
