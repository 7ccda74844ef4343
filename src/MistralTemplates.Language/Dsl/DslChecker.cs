using System;
using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>The checks every level of a DSL document shares: allowed keys, value types, expressions.</summary>
internal sealed class DslChecker
{
    // Expressions are looked for this deep inside input/publish/output values; deeper data is rare and
    // the loader already bounds depth, this only keeps the walk itself bounded.
    private const int MaxScanDepth = 64;

    public DslChecker(DiagnosticBag diagnostics) => Diagnostics = diagnostics;

    public DiagnosticBag Diagnostics { get; }

    public void Report(DiagnosticDescriptor descriptor, YamlNode at, params object?[] args) =>
        Diagnostics.Add(descriptor, at.Span, args);

    /// <summary>Reports every key of <paramref name="map"/> that <paramref name="allowed"/> does not hold.</summary>
    public void CheckKeys(YamlMapping map, string[] allowed, string owner, DiagnosticDescriptor? descriptor = null)
    {
        foreach (var entry in map.Entries)
        {
            var key = entry.KeyText;
            if (key is null || DslKeys.Contains(allowed, key) || DslKeys.IsInjected(key, allowed)) continue;
            if (key == "policies" && (ReferenceEquals(allowed, DslKeys.DirectTask) || ReferenceEquals(allowed, DslKeys.ReverseTask)))
            {
                Report(DiagnosticCatalog.DslLegacyPolicies, entry.Key);
                continue;
            }
            if (key == "requires" && ReferenceEquals(allowed, DslKeys.DirectTask))
            {
                Report(DiagnosticCatalog.DslRequiresInDirectWorkflow, entry.Key, owner);
                continue;
            }
            Report(descriptor ?? DiagnosticCatalog.DslUnknownKey, entry.Key, key, owner, string.Join(", ", allowed),
                NameSuggestions.Hint(key, allowed));
        }
    }

    /// <summary>Reports <paramref name="entry"/>'s value unless <paramref name="ok"/> accepts it.</summary>
    public bool Expect(YamlEntry entry, Func<YamlNode, bool> ok, string expected)
    {
        if (ok(entry.Value)) return true;
        Report(DiagnosticCatalog.DslWrongType, entry.Value, entry.KeyText, expected, DslValues.Describe(entry.Value));
        return false;
    }

    public bool ExpectNode(YamlNode node, string what, Func<YamlNode, bool> ok, string expected)
    {
        if (ok(node)) return true;
        Report(DiagnosticCatalog.DslWrongType, node, what, expected, DslValues.Describe(node));
        return false;
    }

    /// <summary>A non-empty list of unique non-empty strings (tags, requires, with-items lists).</summary>
    public List<YamlScalar> ExpectStringList(YamlEntry entry)
    {
        var result = new List<YamlScalar>();
        if (entry.Value is not YamlSequence { Count: > 0 } list)
        {
            Report(DiagnosticCatalog.DslWrongType, entry.Value, entry.KeyText, DslValues.StringList, DslValues.Describe(entry.Value));
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (!DslValues.IsNonEmptyString(item))
            {
                Report(DiagnosticCatalog.DslWrongType, item, entry.KeyText, DslValues.StringList, DslValues.Describe(item));
                continue;
            }
            var scalar = (YamlScalar)item;
            if (!seen.Add(scalar.Value)) Report(DiagnosticCatalog.DslDuplicateName, item, scalar.Value, entry.KeyText);
            result.Add(scalar);
        }
        return result;
    }

    /// <summary>Runs every string under <paramref name="node"/> through the expression scanner.</summary>
    public void ScanExpressions(YamlNode? node)
    {
        if (node is null) return;
        var pending = new Stack<(YamlNode Node, int Depth)>();
        pending.Push((node, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            switch (current)
            {
                case YamlScalar { Kind: YamlScalarKind.String } scalar when DslValues.ContainsExpression(scalar.Value):
                    ExpressionScanner.Scan(scalar, Diagnostics);
                    break;
                case YamlMapping map when depth < MaxScanDepth:
                    for (var i = map.Entries.Count - 1; i >= 0; i--) pending.Push((map.Entries[i].Value, depth + 1));
                    break;
                case YamlSequence seq when depth < MaxScanDepth:
                    for (var i = seq.Items.Count - 1; i >= 0; i--) pending.Push((seq.Items[i], depth + 1));
                    break;
            }
        }
    }

    /// <summary>
    /// Warns about Juno-era bare expressions (<c>result: $</c>, <c>$.vm_id</c>) among the values of a
    /// publish/output/input mapping: modern Mistral reads them as plain strings.
    /// </summary>
    public void CheckJunoValues(YamlNode? node)
    {
        if (node is not YamlMapping map) return;
        foreach (var entry in map.Entries) CheckJuno(entry.Value);
    }

    public void CheckJuno(YamlNode? node)
    {
        if (node is YamlScalar { Kind: YamlScalarKind.String } scalar &&
            JunoExpressions.TryGetModernForm(scalar.Value, out var modern))
            Report(DiagnosticCatalog.JunoExpression, scalar, scalar.Value, modern);
    }
}
