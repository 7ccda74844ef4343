using System;
using System.Linq;
using System.Reflection;

namespace MistralTemplates;

/// <summary>
/// The folders that build/MistralTemplates.targets writes into the program's assembly as
/// <c>[assembly: AssemblyMetadata("MistralTemplates.ProjectDirectory", "...")]</c> and
/// <c>[assembly: AssemblyMetadata("MistralTemplates.OutputDirectory", "...")]</c>.
/// </summary>
internal static class ProjectFolderMetadata
{
    public const string Key = "MistralTemplates.ProjectDirectory";

    public const string OutputKey = "MistralTemplates.OutputDirectory";

    public static string? Read(Assembly? assembly) => Read(assembly, Key);

    /// <summary>The build output folder the program was built into, where <c>dotnet run</c> runs it from.</summary>
    public static string? ReadOutputFolder(Assembly? assembly) => Read(assembly, OutputKey);

    private static string? Read(Assembly? assembly, string key) =>
        assembly?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } folder ? folder : null;
}
