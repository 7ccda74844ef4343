using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// What a resource type's own checks can see: the resource, every resource of the template (for
/// cross-resource rules such as a cron trigger's input against its workflow), files for get_file,
/// and where to report.
/// </summary>
public sealed class ResourceCheckContext
{
    public ResourceCheckContext(HotResource resource, IReadOnlyDictionary<string, HotResource> resources, HotVersion version,
        DiagnosticBag diagnostics, IGetFileResolver files)
    {
        Resource = resource;
        Resources = resources;
        Version = version;
        Diagnostics = diagnostics;
        Files = files;
    }

    public HotResource Resource { get; }

    public IReadOnlyDictionary<string, HotResource> Resources { get; }

    public HotVersion Version { get; }

    public DiagnosticBag Diagnostics { get; }

    public IGetFileResolver Files { get; }
}

/// <summary>Reads get_file targets for resource checks, reporting a missing file once, where it is named.</summary>
public interface IGetFileResolver
{
    /// <summary>
    /// Resolves <c>{get_file: path}</c>: returns the file's text and a map of its positions (so that
    /// errors inside it point into that file), or false after reporting the missing file at <paramref name="referenceNode"/>.
    /// </summary>
    bool TryRead(YamlScalar referenceNode, out string text, out SourceMap map);
}

/// <summary>
/// The checks and knowledge one resource type adds beyond its property schema: semantic rules
/// (a workflow's DSL definition, a cron pattern), and which get_attr paths exist.
/// Checkers run in template order after all resources are parsed; workflow resources run first,
/// so that others can read <see cref="HotResource.Definition"/>.
/// </summary>
public interface IResourceChecker
{
    string ResourceType { get; }

    /// <summary>Lower runs earlier (workflow definitions before the triggers that use them).</summary>
    int Order { get; }

    void Check(ResourceCheckContext context);

    /// <summary>
    /// Checks a get_attr path past the attribute name (<c>[workflow, available_workflows, create_vm]</c> →
    /// <paramref name="path"/> = [create_vm]); reports into <paramref name="diagnostics"/> when it cannot exist.
    /// </summary>
    void CheckAttributePath(HotResource target, string attribute, IReadOnlyList<YamlNode> path, DiagnosticBag diagnostics);
}

/// <summary>The checkers of the resource types with rules of their own.</summary>
public static partial class ResourceCheckers
{
    public static IResourceChecker? Find(string type)
    {
        foreach (var checker in All)
            if (checker.ResourceType == type) return checker;
        return null;
    }
}
