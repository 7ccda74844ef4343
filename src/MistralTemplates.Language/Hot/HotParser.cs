using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>Reads and validates a HOT template: sections, parameters, resources, intrinsic functions, outputs.</summary>
public static partial class HotParser
{
    /// <summary>Parses and validates a template whose root mapping is loaded; reports into <paramref name="diagnostics"/>.</summary>
    public static HotTemplate? Parse(string path, YamlMapping root, ITemplateFileProvider files, DiagnosticBag diagnostics) =>
        ParseCore(path, root, files, diagnostics, HotParseOptions.Default);

    /// <summary>As <see cref="Parse(string, YamlMapping, ITemplateFileProvider, DiagnosticBag)"/>, with the resource types of <paramref name="options"/>.</summary>
    public static HotTemplate? Parse(string path, YamlMapping root, ITemplateFileProvider files, DiagnosticBag diagnostics,
        HotParseOptions options) =>
        ParseCore(path, root, files, diagnostics, options);
}
