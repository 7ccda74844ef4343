using System;
using System.Linq;
using System.Reflection;

namespace MistralTemplates;

/// <summary>
/// The project folder that build/MistralTemplates.targets writes into the program's assembly as
/// <c>[assembly: AssemblyMetadata("MistralTemplates.ProjectDirectory", "...")]</c>.
/// </summary>
internal static class ProjectFolderMetadata
{
    public const string Key = "MistralTemplates.ProjectDirectory";

    public static string? Read(Assembly? assembly) =>
        assembly?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == Key)?.Value is { Length: > 0 } folder ? folder : null;
}
