using System.Collections.Generic;
using System.Globalization;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators;

/// <summary>
/// The member names of one generated type. A template name that maps to a taken identifier (another member,
/// or one the generated code itself needs) gets a deterministic numeric suffix and a warning at the name.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);
    private readonly string _scopeDescription;
    private readonly DiagnosticBag _diagnostics;

    public NameScope(string scopeDescription, DiagnosticBag diagnostics, params string[] reserved)
    {
        _scopeDescription = scopeDescription;
        _diagnostics = diagnostics;
        foreach (var name in reserved) _taken.Add(name);
    }

    /// <summary>Takes a name the generated code uses whatever the template says.</summary>
    public void Reserve(string identifier) => _taken.Add(identifier);

    /// <summary>The identifier for template name <paramref name="name"/> plus <paramref name="suffix"/>, unique in this scope.</summary>
    public string Claim(string name, SourceSpan? span, string suffix = "", string fallback = "Item")
    {
        var pascal = Identifiers.ToPascalCase(name);
        if (pascal.Length == 0)
        {
            pascal = fallback;
            if (span is not null) _diagnostics.Add(DiagnosticCatalog.NameWithoutIdentifier, span, name, pascal + suffix);
        }
        var desired = pascal + suffix;
        var identifier = desired;
        for (var n = 2; !_taken.Add(identifier); n++)
            identifier = desired + n.ToString(CultureInfo.InvariantCulture);
        if (identifier != desired && span is not null)
            _diagnostics.Add(DiagnosticCatalog.IdentifierClash, span, name, desired, _scopeDescription, identifier);
        return Identifiers.EscapeKeyword(identifier);
    }
}
