using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace MistralTemplates.Generators;

/// <summary>Turns template names (snake_case, kebab-case, dotted, anything) into C# identifiers.</summary>
public static class Identifiers
{
    /// <summary>
    /// PascalCase of <paramref name="name"/>: words split at anything that is not a letter or digit and at
    /// lower→upper changes are capitalised and joined. A leading digit gets a '_' prefix. Returns an empty
    /// string when the name holds no letter or digit.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var startOfWord = true;
        foreach (var c in name)
        {
            if (!IsIdentifierPart(c))
            {
                startOfWord = true;
                continue;
            }
            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }
        if (builder.Length > 0 && char.IsDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>An identifier that is a C# keyword gets '@' so it compiles as written.</summary>
    public static string EscapeKeyword(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) == SyntaxKind.FieldKeyword
            ? "@" + identifier
            : identifier;

    /// <summary>A namespace from a root namespace string; invalid parts are made into identifiers.</summary>
    public static string ToNamespace(string rootNamespace)
    {
        var parts = new List<string>();
        foreach (var part in rootNamespace.Split('.'))
        {
            var identifier = ToIdentifierKeepingCase(part);
            if (identifier.Length > 0) parts.Add(EscapeKeyword(identifier));
        }
        return parts.Count == 0 ? GeneratedNamespace : string.Join(".", parts);
    }

    public const string GeneratedNamespace = "MistralTemplates.Generated";

    /// <summary>
    /// A valid Heat stack name from a file name: letters, digits, '_', '-' and '.' kept, anything else made '_', a
    /// leading non-letter prefixed with "stack_", at most 255 characters.
    /// </summary>
    public static string ToStackName(string fileStem)
    {
        var builder = new StringBuilder(fileStem.Length);
        foreach (var c in fileStem)
            builder.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.') ? c : '_');
        if (builder.Length == 0 || !(builder[0] < 128 && char.IsLetter(builder[0]))) builder.Insert(0, builder.Length == 0 ? "stack" : "stack_");
        return builder.Length > 255 ? builder.ToString(0, 255) : builder.ToString();
    }

    private static string ToIdentifierKeepingCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(IsIdentifierPart(c) ? c : '_');
        if (builder.Length > 0 && char.IsDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    private static bool IsIdentifierPart(char c) => c < 128 ? char.IsLetterOrDigit(c) : SyntaxFacts.IsIdentifierPartCharacter(c) && c != '_';
}
