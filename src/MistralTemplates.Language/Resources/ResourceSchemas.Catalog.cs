using System.Collections.Generic;

namespace MistralTemplates.Language.Resources;

public static partial class ResourceSchemas
{
    public static IReadOnlyList<ResourceSchema> All { get; } = new List<ResourceSchema>();
}
