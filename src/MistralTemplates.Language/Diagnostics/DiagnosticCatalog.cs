using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MistralTemplates.Language.Diagnostics;

/// <summary>
/// The diagnostics catalogue. Ids are stable and grouped by area:
/// MT0xxx YAML and files, MT1xxx HOT templates, MT2xxx Mistral DSL, MT3xxx expressions,
/// MT4xxx resources and cron triggers, MT5xxx code generation.
/// Each area declares its entries in its own part of this class.
/// </summary>
public static partial class DiagnosticCatalog
{
    private static IReadOnlyList<DiagnosticDescriptor>? _all;

    /// <summary>Every descriptor of the catalogue, ordered by id.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => _all ??= typeof(DiagnosticCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, System.StringComparer.Ordinal)
        .ToList();

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, Severity.Error, category);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
        new(id, title, message, Severity.Warning, category);
}
