using System;
using System.Collections.Concurrent;
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
    /// <summary>
    /// The MSBuild property that holds the address of the diagnostics page (a URL or a file path); each diagnostic's
    /// help link is that address with the id's anchor. The generator package sets it to the page it ships.
    /// </summary>
    public const string HelpPageProperty = "MistralTemplatesDiagnosticsHelpPage";

    private static readonly Dictionary<string, RoslynDescriptor> ById =
        DiagnosticCatalog.All.ToDictionary(d => d.Id, d => ToRoslyn(d, helpLinkUri: string.Empty));

    // Descriptors with a help link, made on first use: a project names one page, so this stays small.
    private static readonly ConcurrentDictionary<(string Page, string Id), RoslynDescriptor> WithHelpLink = new();

    /// <summary>One descriptor per catalogue entry, without help links.</summary>
    public static IReadOnlyCollection<RoslynDescriptor> All => ById.Values;

    /// <summary>The descriptor for a catalogue id (the internal-error one for an unknown id), without a help link.</summary>
    public static RoslynDescriptor Get(string id) =>
        ById.TryGetValue(id, out var descriptor) ? descriptor : ById[DiagnosticCatalog.GeneratorInternalError.Id];

    /// <summary>
    /// As <see cref="Get(string)"/>, with a help link into the diagnostics page at <paramref name="helpPage"/>
    /// (a URL, or a file path that becomes a file URI); none when the page is empty or not an absolute address.
    /// </summary>
    public static RoslynDescriptor Get(string id, string? helpPage)
    {
        var plain = Get(id);
        if (string.IsNullOrWhiteSpace(helpPage) || !Uri.TryCreate(helpPage!.Trim(), UriKind.Absolute, out var page)) return plain;
        return WithHelpLink.GetOrAdd((page.AbsoluteUri, plain.Id), key =>
            ToRoslyn(DiagnosticCatalog.All.First(d => d.Id == key.Id), key.Page + "#" + key.Id.ToLowerInvariant()));
    }

    private static RoslynDescriptor ToRoslyn(LanguageDescriptor descriptor, string helpLinkUri) => new(
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
        helpLinkUri: helpLinkUri);

    /// <summary>
    /// A located Roslyn diagnostic: the template file with its span and 0-based line/column, and a help link into
    /// <paramref name="helpPage"/> when one is given.
    /// </summary>
    public static Diagnostic ToDiagnostic(DiagnosticInfo info, string? helpPage = null)
    {
        var location = Location.Create(info.FilePath,
            new TextSpan(info.StartOffset, info.EndOffset - info.StartOffset),
            new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn)));
        return Diagnostic.Create(Get(info.Id, helpPage), location, info.Message);
    }
}
