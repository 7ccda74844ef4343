using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>Reads and validates a HOT template: sections, parameters, resources, intrinsic functions, outputs.</summary>
public static partial class HotParser
{
}
