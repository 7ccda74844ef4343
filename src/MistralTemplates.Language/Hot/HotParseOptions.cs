using System;
using MistralTemplates.Language.Resources;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// Where the parser looks up resource types. The default is the product's catalogues
/// (<see cref="ResourceSchemas"/>, <see cref="ResourceCheckers"/>); another set serves tests and tools.
/// </summary>
public sealed class HotParseOptions
{
    public HotParseOptions(Func<string, ResourceSchema?> findSchema, Func<string, IResourceChecker?> findChecker)
    {
        FindSchema = findSchema;
        FindChecker = findChecker;
    }

    public static HotParseOptions Default { get; } = new(ResourceSchemas.Find, ResourceCheckers.Find);

    public Func<string, ResourceSchema?> FindSchema { get; }

    public Func<string, IResourceChecker?> FindChecker { get; }
}
