using System;

namespace MistralTemplates.Language.Diagnostics;

public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One entry of the diagnostics catalogue: a stable id, a title, and a message format whose
/// arguments name what is wrong and say what to do. The generator turns each into a Roslyn
/// descriptor; the runtime turns them into exception messages.
/// </summary>
public sealed class DiagnosticDescriptor
{
    public DiagnosticDescriptor(string id, string title, string messageFormat, Severity severity, string category)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
        Category = category;
    }

    public string Id { get; }

    public string Title { get; }

    public string MessageFormat { get; }

    public Severity Severity { get; }

    /// <summary>The area: Yaml, Hot, Dsl, Expression, Cron, Resource or Generator.</summary>
    public string Category { get; }

    public string Format(params object?[] args)
    {
        if (args.Length == 0) return MessageFormat;
        try
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args);
        }
        catch (FormatException)
        {
            return MessageFormat + " " + string.Join(", ", args);
        }
    }

    public override string ToString() => Id;
}
