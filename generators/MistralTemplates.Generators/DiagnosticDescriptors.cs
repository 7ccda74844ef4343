using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using LanguageDescriptor = MistralTemplates.Language.Diagnostics.DiagnosticDescriptor;
using RoslynDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;

namespace MistralTemplates.Generators;

/// <summary>The Roslyn face of the template-language catalogue: one descriptor per catalogue entry, same id.</summary>
public static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/mistraltemplates/mistraltemplates/blob/main/docs/diagnostics.md#";

    private static readonly Dictionary<string, RoslynDescriptor> ById =
        DiagnosticCatalog.All.ToDictionary(d => d.Id, ToRoslyn);

    public static IReadOnlyCollection<RoslynDescriptor> All => ById.Values;

    public static RoslynDescriptor Get(string id) =>
        ById.TryGetValue(id, out var descriptor) ? descriptor : ById[DiagnosticCatalog.GeneratorInternalError.Id];

    private static RoslynDescriptor ToRoslyn(LanguageDescriptor descriptor) => new(
        descriptor.Id,
        descriptor.Title,
        // The library formats its messages; Roslyn only passes them through.
        "{0}",
        "MistralTemplates." + descriptor.Category,
        descriptor.Severity switch
        {
            Severity.Error => DiagnosticSeverity.Error,
            Severity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        },
        isEnabledByDefault: true,
        description: descriptor.MessageFormat,
        helpLinkUri: HelpLinkBase + descriptor.Id.ToLowerInvariant());

    /// <summary>A located Roslyn diagnostic: the template file with its span and 0-based line/column.</summary>
    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var location = Location.Create(info.FilePath,
            new TextSpan(info.StartOffset, info.EndOffset - info.StartOffset),
            new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn)));
        return Diagnostic.Create(Get(info.Id), location, info.Message);
    }
}
