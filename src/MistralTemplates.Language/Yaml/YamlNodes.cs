using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Yaml;

public enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>What a plain scalar means under YAML 1.1, the reading of PyYAML that Heat and Mistral use.</summary>
public enum YamlScalarKind
{
    String,
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
}

/// <summary>A node of a loaded YAML document, with the span it came from. Aliases share the anchored node.</summary>
public abstract class YamlNode
{
    protected YamlNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    /// <summary>A short description for messages: "a string", "a list", "a mapping".</summary>
    public abstract string Describe();
}

public sealed class YamlScalar : YamlNode
{
    private static readonly Regex IntPattern = new(
        @"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex FloatPattern = new(
        @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant);

    private static readonly Regex TimestampPattern = new(
        @"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        RegexOptions.CultureInvariant);

    public YamlScalar(string value, YamlScalarStyle style, string? tag, SourceSpan span, SourceMap contentMap)
        : base(span)
    {
        Value = value;
        Style = style;
        Tag = tag;
        ContentMap = contentMap;
        Kind = Resolve(value, style, tag);
    }

    public string Value { get; }

    public YamlScalarStyle Style { get; }

    public string? Tag { get; }

    public YamlScalarKind Kind { get; }

    /// <summary>Maps offsets in <see cref="Value"/> to positions in the user's file.</summary>
    public SourceMap ContentMap { get; }

    public bool IsNull => Kind == YamlScalarKind.Null;

    /// <summary>The span of characters <paramref name="start"/>..<paramref name="end"/> of the value.</summary>
    public SourceSpan SpanOf(int start, int end) => ContentMap.MapSpan(start, end);

    public bool TryGetBool(out bool value)
    {
        value = false;
        if (Kind != YamlScalarKind.Bool) return false;
        var v = Value.ToLowerInvariant();
        value = v is "yes" or "true" or "on";
        return true;
    }

    public bool TryGetInteger(out long value)
    {
        value = 0;
        if (Kind != YamlScalarKind.Int) return false;
        var text = Value.Replace("_", "");
        var negative = text.StartsWith("-", StringComparison.Ordinal);
        if (text.StartsWith("-", StringComparison.Ordinal) || text.StartsWith("+", StringComparison.Ordinal)) text = text.Substring(1);
        try
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) value = Convert.ToInt64(text.Substring(2), 16);
            else if (text.StartsWith("0b", StringComparison.OrdinalIgnoreCase)) value = Convert.ToInt64(text.Substring(2), 2);
            else if (text.Length > 1 && text[0] == '0') value = Convert.ToInt64(text, 8);
            else if (text.Contains(":"))
            {
                foreach (var part in text.Split(':')) value = checked(value * 60 + long.Parse(part, CultureInfo.InvariantCulture));
            }
            else value = long.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            return false;
        }
        if (negative) value = -value;
        return true;
    }

    /// <summary>An int or a float, as a double.</summary>
    public bool TryGetNumber(out double value)
    {
        value = 0;
        if (TryGetInteger(out var l))
        {
            value = l;
            return true;
        }
        if (Kind != YamlScalarKind.Float) return false;
        var text = Value.Replace("_", "");
        switch (text.ToLowerInvariant())
        {
            case ".inf": case "+.inf": value = double.PositiveInfinity; return true;
            case "-.inf": value = double.NegativeInfinity; return true;
            case ".nan": value = double.NaN; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public override string Describe() => Kind switch
    {
        YamlScalarKind.Null => "null",
        YamlScalarKind.Bool => "a boolean",
        YamlScalarKind.Int => "a number",
        YamlScalarKind.Float => "a number",
        YamlScalarKind.Timestamp => "a date",
        _ => "a string",
    };

    public override string ToString() => Value;

    private static YamlScalarKind Resolve(string value, YamlScalarStyle style, string? tag)
    {
        if (tag is not null)
        {
            return tag switch
            {
                "tag:yaml.org,2002:null" or "!!null" => YamlScalarKind.Null,
                "tag:yaml.org,2002:bool" or "!!bool" => YamlScalarKind.Bool,
                "tag:yaml.org,2002:int" or "!!int" => YamlScalarKind.Int,
                "tag:yaml.org,2002:float" or "!!float" => YamlScalarKind.Float,
                "tag:yaml.org,2002:timestamp" or "!!timestamp" => YamlScalarKind.Timestamp,
                _ => YamlScalarKind.String,
            };
        }
        if (style != YamlScalarStyle.Plain) return YamlScalarKind.String;
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return YamlScalarKind.Null;
            case "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "true" or "True" or "TRUE" or "false" or "False"
                or "FALSE" or "on" or "On" or "ON" or "off" or "Off" or "OFF":
                return YamlScalarKind.Bool;
        }
        var first = value[0];
        if (!(char.IsDigit(first) || first is '-' or '+' or '.')) return YamlScalarKind.String;
        if (IntPattern.IsMatch(value)) return YamlScalarKind.Int;
        if (FloatPattern.IsMatch(value)) return YamlScalarKind.Float;
        if (TimestampPattern.IsMatch(value)) return YamlScalarKind.Timestamp;
        return YamlScalarKind.String;
    }
}

public sealed class YamlEntry
{
    public YamlEntry(YamlNode key, YamlNode value)
    {
        Key = key;
        Value = value;
    }

    public YamlNode Key { get; }

    public YamlNode Value { get; }

    /// <summary>The key's text when the key is a scalar, else null.</summary>
    public string? KeyText => (Key as YamlScalar)?.Value;
}

public sealed class YamlMapping : YamlNode
{
    private readonly Dictionary<string, YamlEntry> _byKey;

    public YamlMapping(IReadOnlyList<YamlEntry> entries, SourceSpan span) : base(span)
    {
        Entries = entries;
        _byKey = new Dictionary<string, YamlEntry>(StringComparer.Ordinal);
        // The last of duplicate keys wins, as in PyYAML.
        foreach (var entry in entries)
            if (entry.KeyText is { } key) _byKey[key] = entry;
    }

    public IReadOnlyList<YamlEntry> Entries { get; }

    public int Count => Entries.Count;

    public YamlNode? this[string key] => _byKey.TryGetValue(key, out var e) ? e.Value : null;

    public YamlEntry? GetEntry(string key) => _byKey.TryGetValue(key, out var e) ? e : null;

    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    public override string Describe() => "a mapping";
}

public sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, SourceSpan span) : base(span) => Items = items;

    public IReadOnlyList<YamlNode> Items { get; }

    public int Count => Items.Count;

    public override string Describe() => "a list";
}
