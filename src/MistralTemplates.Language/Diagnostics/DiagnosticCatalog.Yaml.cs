namespace MistralTemplates.Language.Diagnostics;

public static partial class DiagnosticCatalog
{
    private const string Yaml = "Yaml";

    public static readonly DiagnosticDescriptor YamlSyntax = Error("MT0001", Yaml,
        "Invalid YAML",
        "{0}. Fix the YAML syntax here; Heat and Mistral would refuse this file.");

    public static readonly DiagnosticDescriptor YamlTooDeep = Error("MT0002", Yaml,
        "YAML nested too deeply",
        "The YAML is nested deeper than {0} levels. Flatten the structure; no template needs this depth.");

    public static readonly DiagnosticDescriptor YamlAliasBomb = Error("MT0003", Yaml,
        "YAML aliases expand too far",
        "The YAML aliases here expand to more than {0} nodes. Remove the recursive or repeated anchors (&) and aliases (*).");

    public static readonly DiagnosticDescriptor FileTooLarge = Error("MT0004", Yaml,
        "File too large",
        "The file holds {0:N0} characters, more than the {1:N0} allowed ({2}). Split it or move data out of it.");

    public static readonly DiagnosticDescriptor DuplicateKey = Warning("MT0005", Yaml,
        "Duplicate mapping key",
        "The key '{0}' appears more than once in this mapping; Heat and Mistral keep only the last one. Remove or rename one of them.");

    public static readonly DiagnosticDescriptor MultipleDocuments = Error("MT0006", Yaml,
        "More than one YAML document",
        "The file holds more than one YAML document ('---'); a template or definition must be a single document.");

    public static readonly DiagnosticDescriptor EmptyTemplate = Warning("MT0007", Yaml,
        "Empty template",
        "The {0} is empty. Write its content or remove the file.");

    public static readonly DiagnosticDescriptor ExpectedMapping = Error("MT0008", Yaml,
        "Expected a mapping",
        "{0} must be a mapping (key: value), not {1}.");

    public static readonly DiagnosticDescriptor NonStringKey = Error("MT0009", Yaml,
        "Mapping key is not a string",
        "Keys of {0} must be plain strings.");
}
