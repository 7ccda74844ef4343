using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Expressions;

public enum ExpressionLanguage
{
    Yaql,
    Jinja,
}

public enum ExpressionReferenceKind
{
    /// <summary><c>$.name</c> in YAQL or <c>_.name</c> in Jinja: a workflow input, var or published variable.</summary>
    Variable,

    /// <summary><c>task(name)</c> or <c>task('name')</c>: another task of the workflow.</summary>
    Task,

    /// <summary>A function call such as <c>env()</c>, <c>execution()</c>, <c>len(...)</c>.</summary>
    Function,
}

/// <summary>A name an expression uses, and where.</summary>
public sealed record ExpressionReference(ExpressionReferenceKind Kind, string Name, SourceSpan Span);

/// <summary>
/// One <c>&lt;% %&gt;</c> or <c>{{ }}</c> expression found in a string (or a <c>{% %}</c> statement, then
/// <see cref="IsStatement"/> is true). <see cref="Text"/> is the text between the delimiters;
/// <see cref="Span"/> covers the delimiters too.
/// </summary>
public sealed record ExpressionOccurrence(ExpressionLanguage Language, string Text, SourceSpan Span)
{
    /// <summary>True for a Jinja <c>{% ... %}</c> statement, whose text is not an expression.</summary>
    public bool IsStatement { get; init; }
}

/// <summary>What <see cref="ExpressionScanner"/> found in a string.</summary>
public sealed class ExpressionScan
{
    public ExpressionScan(IReadOnlyList<ExpressionOccurrence> occurrences, IReadOnlyList<ExpressionReference> references)
    {
        Occurrences = occurrences;
        References = references;
    }

    public static ExpressionScan None { get; } = new(new ExpressionOccurrence[0], new ExpressionReference[0]);

    public IReadOnlyList<ExpressionOccurrence> Occurrences { get; }

    public IReadOnlyList<ExpressionReference> References { get; }

    public bool HasExpressions => Occurrences.Count > 0;
}

/// <summary>
/// Finds the YAQL (<c>&lt;% %&gt;</c>) and Jinja (<c>{{ }}</c>) expressions of a DSL string, parses each far
/// enough to report syntax errors at their exact position, and lists the names they use.
/// </summary>
public static partial class ExpressionScanner
{
    public static ExpressionScan Scan(YamlScalar scalar, DiagnosticBag diagnostics) =>
        Scan(scalar.Value, scalar.ContentMap, diagnostics);
}
