namespace MistralTemplates.Language.Diagnostics;

public static partial class DiagnosticCatalog
{
    private const string Generator = "Generator";

    public static readonly DiagnosticDescriptor GeneratorInternalError = Error("MT5001", Generator,
        "Code generation failed",
        "Generating code for this file failed ({0}). The file's other diagnostics still apply; simplify the construct near here, and report the problem with the file if it is valid.");

    public static readonly DiagnosticDescriptor IdentifierClash = Warning("MT5002", Generator,
        "Name clashes with another generated member",
        "The name '{0}' becomes the C# identifier '{1}', which is already taken in {2}; it is generated as '{3}'. Rename it so the generated member keeps a stable name.");

    public static readonly DiagnosticDescriptor NameWithoutIdentifier = Warning("MT5003", Generator,
        "Name has no letter or digit",
        "The name '{0}' holds no letter or digit to build a C# identifier from; it is generated as '{1}'. Rename it to a name with letters.");

    public static readonly DiagnosticDescriptor DuplicateTypeName = Warning("MT5004", Generator,
        "Two files give the same class name",
        "This file gives the generated class '{0}', as '{1}' does, so C# reports a duplicate type. Rename one of the files.");
}
