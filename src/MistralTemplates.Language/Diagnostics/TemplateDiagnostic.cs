using System.Collections.Generic;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Diagnostics;

/// <summary>A diagnostic reported against a template: what, where, and the formatted message.</summary>
public sealed record TemplateDiagnostic(DiagnosticDescriptor Descriptor, SourceSpan Span, string Message)
{
    public string Id => Descriptor.Id;

    public Severity Severity => Descriptor.Severity;

    public bool IsError => Descriptor.Severity == Severity.Error;

    public override string ToString() =>
        $"{Span}: {Descriptor.Severity.ToString().ToLowerInvariant()} {Descriptor.Id}: {Message}";
}

/// <summary>Collects diagnostics during one parse or validation pass.</summary>
public sealed class DiagnosticBag
{
    private readonly List<TemplateDiagnostic> _items = new();

    public IReadOnlyList<TemplateDiagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Add(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args)
    {
        Add(new TemplateDiagnostic(descriptor, span, descriptor.Format(args)));
    }

    public void Add(TemplateDiagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.IsError) HasErrors = true;
    }

    public void AddRange(IEnumerable<TemplateDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Add(d);
    }
}
