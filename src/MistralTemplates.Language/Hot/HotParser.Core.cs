using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static HotTemplate? ParseCore(string path, YamlMapping root, ITemplateFileProvider files, DiagnosticBag diagnostics) => null;
}
