using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>A value of one setting and where it came from (<c>file:line:column</c>, <c>OS_AUTH_URL</c>, <c>--os-auth-url</c>), for messages.</summary>
internal sealed record CloudValue(string Text, string Origin);

/// <summary>One region of a cloud's <c>regions</c> list, with the settings it changes (<c>values:</c>).</summary>
internal sealed record CloudRegionEntry(string Name, CloudEntry? Values);

/// <summary>
/// One cloud's entry as a file gives it: its top-level keys and its <c>auth:</c> block kept apart (openstacksdk merges
/// <c>secure.yaml</c> into each separately and then decides between them key by key), and its regions.
/// </summary>
internal sealed class CloudEntry
{
    public Dictionary<string, CloudValue> TopLevel { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CloudValue> Auth { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>regions</c> list (or a <c>region_name</c> list); <see langword="null"/> when the entry names none.</summary>
    public List<CloudRegionEntry>? Regions { get; set; }

    /// <summary>This entry with <paramref name="over"/>'s values over it, as openstacksdk merges <c>secure.yaml</c> into <c>clouds.yaml</c>.</summary>
    public CloudEntry MergedWith(CloudEntry over)
    {
        var merged = new CloudEntry { Regions = over.Regions ?? Regions };
        foreach (var (k, v) in TopLevel) merged.TopLevel[k] = v;
        foreach (var (k, v) in over.TopLevel) merged.TopLevel[k] = v;
        foreach (var (k, v) in Auth) merged.Auth[k] = v;
        foreach (var (k, v) in over.Auth) merged.Auth[k] = v;
        return merged;
    }

    /// <summary>The entry's settings as one set of keys: for each key the <c>auth:</c> block or the top level wins as openstacksdk decides.</summary>
    public Dictionary<string, CloudValue> Flattened()
    {
        var values = new Dictionary<string, CloudValue>(TopLevel, StringComparer.Ordinal);
        foreach (var (key, value) in Auth)
            if (!CloudKeys.TopLevelWins.Contains(key) || !TopLevel.ContainsKey(key)) values[key] = value;
        return values;
    }
}

/// <summary>A <c>clouds.yaml</c> or <c>secure.yaml</c> that was read: its path and its clouds by name.</summary>
internal sealed record CloudFile(string Path, IReadOnlyDictionary<string, CloudEntry> Clouds);

/// <summary>Finds and reads <c>clouds.yaml</c>/<c>secure.yaml</c> where openstacksdk looks, with the Language library's YAML reader so errors are located.</summary>
internal static class CloudFiles
{
    private static readonly string[] Suffixes = [".yaml", ".yml", ".json"];

    /// <summary>
    /// The files looked at, in order: the file <paramref name="overrideFile"/> names (<c>OS_CLIENT_CONFIG_FILE</c>),
    /// then <c>NAME.yaml</c>, <c>.yml</c> and <c>.json</c> in each folder. The first that exists is the one used.
    /// </summary>
    public static List<string> Candidates(string name, string? overrideFile, IEnumerable<string> folders)
    {
        var paths = new List<string>();
        if (!string.IsNullOrWhiteSpace(overrideFile)) paths.Add(overrideFile);
        foreach (var folder in folders)
        foreach (var suffix in Suffixes)
            paths.Add(Path.Combine(folder, name + suffix));
        return paths;
    }

    /// <summary>The first of <paramref name="candidates"/> that exists and can be opened, read; <see langword="null"/> when none.</summary>
    /// <exception cref="CloudConfigException">The file is not YAML, or not a mapping with a <c>clouds:</c> mapping of mappings.</exception>
    public static CloudFile? ReadFirst(IEnumerable<string> candidates)
    {
        foreach (var path in candidates)
        {
            if (!File.Exists(path)) continue;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // openstacksdk goes on to the next place when a file cannot be opened.
                continue;
            }
            return Parse(path, text);
        }
        return null;
    }

    /// <exception cref="CloudConfigException">The text is not YAML, or not a mapping with a <c>clouds:</c> mapping of mappings.</exception>
    public static CloudFile Parse(string path, string text)
    {
        var loaded = YamlLoader.Load(path, text);
        var error = loaded.Diagnostics.FirstOrDefault(d => d.IsError);
        if (error is not null) throw new CloudConfigException($"{Where(error.Span)}: {error.Message}.");
        if (loaded.Root is not YamlMapping root)
            throw new CloudConfigException($"{Where(loaded.Root?.Span ?? SourceSpan.StartOf(path))}: {Path.GetFileName(path)} is empty or not a mapping; it needs a 'clouds:' mapping of cloud names to their settings.");
        var clouds = new Dictionary<string, CloudEntry>(StringComparer.Ordinal);
        // openstacksdk accepts a file without 'clouds:' (it only warns): it simply names no cloud.
        if (root["clouds"] is not { } cloudsNode) return new CloudFile(path, clouds);
        if (cloudsNode is not YamlMapping cloudsMap)
            throw new CloudConfigException($"{Where(cloudsNode.Span)}: 'clouds' must be a mapping of cloud names to their settings, not {cloudsNode.Describe()}.");
        foreach (var cloud in cloudsMap.Entries)
        {
            var name = cloud.KeyText ?? "";
            if (cloud.Value is not YamlMapping settings)
                throw new CloudConfigException($"{Where(cloud.Value.Span)}: the cloud '{name}' must be a mapping of settings, not {cloud.Value.Describe()}.");
            clouds[name] = ReadEntry(settings);
        }
        return new CloudFile(path, clouds);
    }

    private static CloudEntry ReadEntry(YamlMapping settings)
    {
        var entry = new CloudEntry();
        foreach (var item in settings.Entries)
        {
            var key = item.KeyText ?? "";
            if (key == "auth")
            {
                if (item.Value is not YamlMapping auth)
                    throw new CloudConfigException($"{Where(item.Value.Span)}: 'auth' must be a mapping of sign-in settings, not {item.Value.Describe()}.");
                foreach (var authItem in auth.Entries) AddValue(entry.Auth, authItem);
            }
            else if (key == "regions") entry.Regions = ReadRegions(item.Value);
            else if (CloudKeys.Canonical(key) == CloudKeys.RegionName && item.Value is YamlSequence) entry.Regions = ReadRegions(item.Value);
            else if (CloudKeys.Canonical(key) == CloudKeys.RegionName && item.Value is YamlScalar { Value: var names } && names.Contains(','))
                // A comma-separated region_name is a list (deprecated by openstacksdk, still read).
                entry.Regions = names.Split(',').Select(n => new CloudRegionEntry(n.Trim(), null)).ToList();
            else AddValue(entry.TopLevel, item);
        }
        if (entry.Regions is null && entry.TopLevel.TryGetValue(CloudKeys.RegionName, out var single))
            entry.Regions = [new CloudRegionEntry(single.Text, null)];
        return entry;
    }

    private static List<CloudRegionEntry> ReadRegions(YamlNode node)
    {
        if (node is not YamlSequence list)
            throw new CloudConfigException($"{Where(node.Span)}: 'regions' must be a list of region names (or of mappings with 'name' and 'values'), not {node.Describe()}.");
        var regions = new List<CloudRegionEntry>();
        foreach (var item in list.Items)
        {
            switch (item)
            {
                case YamlScalar { IsNull: false } name:
                    regions.Add(new CloudRegionEntry(name.Value, null));
                    break;
                case YamlMapping region when region["name"] is YamlScalar { IsNull: false } name
                                            && region.Entries.All(e => e.KeyText is "name" or "values"):
                    CloudEntry? values = null;
                    if (region["values"] is { } valuesNode)
                    {
                        if (valuesNode is not YamlMapping valuesMap)
                            throw new CloudConfigException($"{Where(valuesNode.Span)}: a region's 'values' must be a mapping of settings, not {valuesNode.Describe()}.");
                        values = ReadEntry(valuesMap);
                    }
                    regions.Add(new CloudRegionEntry(name.Value, values));
                    break;
                default:
                    throw new CloudConfigException($"{Where(item.Span)}: a region is a name, or a mapping with 'name' and optionally 'values', nothing else.");
            }
        }
        return regions;
    }

    private static void AddValue(Dictionary<string, CloudValue> into, YamlEntry item)
    {
        if (item.KeyText is not { } rawKey || CloudKeys.Canonical(rawKey) is not { } key) return;
        switch (item.Value)
        {
            case YamlScalar { IsNull: true }:
                return;
            case YamlScalar scalar:
                // YAML's true/yes/on read as openstacksdk's Python reads them: the boolean true.
                var text = scalar.TryGetBool(out var flag) ? (flag ? "true" : "false") : scalar.Value;
                into[key] = new CloudValue(text, Where(item.Value.Span));
                return;
            default:
                throw new CloudConfigException($"{Where(item.Value.Span)}: '{rawKey}' must be a single value, not {item.Value.Describe()}.");
        }
    }

    /// <summary>A span as <c>path:line:column</c>, 1-based.</summary>
    public static string Where(SourceSpan span) => $"{span.Path}:{span.Start.Line + 1}:{span.Start.Column + 1}";
}
