using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Dsl;

internal static class DslTestHelper
{
    public static (DslDocument? Document, IReadOnlyList<TemplateDiagnostic> Diagnostics) Parse(string text, DslParseOptions? options = null)
    {
        var loaded = YamlLoader.Load("wf.yaml", text);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var bag = new DiagnosticBag();
        var document = DslParser.Parse(loaded.Root!, bag, options);
        return (document, bag.Items);
    }

    /// <summary>Asserts the only diagnostic is <paramref name="descriptor"/> at 1-based line/column, as a compiler shows it.</summary>
    public static TemplateDiagnostic AssertOnly(IReadOnlyList<TemplateDiagnostic> diagnostics, DiagnosticDescriptor descriptor,
        int line, int column, int? endColumn = null)
    {
        var d = Assert.Single(diagnostics);
        Assert.Equal(descriptor.Id, d.Id);
        Assert.Equal((line, column), (d.Span.Start.Line + 1, d.Span.Start.Column + 1));
        if (endColumn is { } end) Assert.Equal(end, d.Span.End.Column + 1);
        return d;
    }

    public static TemplateDiagnostic AssertHas(IReadOnlyList<TemplateDiagnostic> diagnostics, DiagnosticDescriptor descriptor, int line, int column)
    {
        var found = diagnostics.Where(d => d.Id == descriptor.Id).ToList();
        Assert.True(found.Count > 0, $"No {descriptor.Id} among: " + string.Join("\n", diagnostics));
        var d = Assert.Single(found);
        Assert.Equal((line, column), (d.Span.Start.Line + 1, d.Span.Start.Column + 1));
        return d;
    }
}
