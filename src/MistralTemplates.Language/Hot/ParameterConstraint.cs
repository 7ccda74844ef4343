using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// A parameter constraint (length, range, modulo, allowed_values, allowed_pattern, custom_constraint).
/// The same check runs on defaults at compile time and on supplied values at run time.
/// </summary>
public abstract class ParameterConstraint
{
    protected ParameterConstraint(string? description, SourceSpan span)
    {
        Description = description;
        Span = span;
    }

    /// <summary>The template's own description of the constraint, shown instead of ours when present.</summary>
    public string? Description { get; }

    public SourceSpan Span { get; }

    /// <summary>Which constraint this is, by the key the template writes it with.</summary>
    public abstract ParameterConstraintKind Kind { get; }

    /// <summary>The key the template writes it with: length, range, modulo, allowed_values ...</summary>
    public string KeyName => Kind switch
    {
        ParameterConstraintKind.Length => "length",
        ParameterConstraintKind.Range => "range",
        ParameterConstraintKind.Modulo => "modulo",
        ParameterConstraintKind.AllowedValues => "allowed_values",
        ParameterConstraintKind.AllowedPattern => "allowed_pattern",
        _ => "custom_constraint",
    };

    /// <summary>
    /// Checks a value: a string, a double, a bool, a list of strings or a JSON-like object graph,
    /// according to the parameter's type. Returns null when it holds, else what is wrong.
    /// </summary>
    public abstract string? Check(object? value);
}
