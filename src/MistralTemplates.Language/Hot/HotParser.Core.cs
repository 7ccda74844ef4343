using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

public static partial class HotParser
{
    private static HotTemplate? ParseCore(string path, YamlMapping root, ITemplateFileProvider files, DiagnosticBag diagnostics,
        HotParseOptions options)
    {
        var version = ReadVersion(root, diagnostics);
        if (version is null) return null;

        var context = new HotParseContext(path, root, version, diagnostics, new GetFileResolver(path, files, diagnostics), options);
        CheckSections(context);
        DeclareNames(context);

        var parameters = ParseParameters(context);
        var groups = ParseParameterGroups(context);
        var conditions = ParseConditions(context);
        var resources = ParseResources(context);
        var outputs = ParseOutputs(context);
        DependencyGraph.ReportCycles(context, resources);
        RunResourceCheckers(context, resources);
        CheckAttributePaths(context);

        var description = (root["description"] as YamlScalar)?.Value;
        return new HotTemplate(path, version, description, parameters, resources.Select(r => r.Resource).ToList(), outputs,
            conditions, root)
        {
            ParameterGroups = groups,
            ReferencedFiles = context.Files.ReferencedFiles,
        };
    }

    private static HotVersion? ReadVersion(YamlMapping root, DiagnosticBag diagnostics)
    {
        var entry = root.GetEntry("heat_template_version")!;
        if (entry.Value is YamlScalar scalar && HotVersions.TryResolve(scalar.Value, out var date, out var alias))
            return new HotVersion(date, alias, scalar.Span);
        var written = entry.Value is YamlScalar s ? s.Value : entry.Value.Describe();
        var span = entry.Value is YamlScalar { IsNull: true } ? entry.Key.Span : entry.Value.Span;
        diagnostics.Add(DiagnosticCatalog.UnknownHotVersion, span, written, HotVersions.Listing);
        return null;
    }

    private static void CheckSections(HotParseContext context)
    {
        var sections = HotVersions.Sections(context.Version);
        foreach (var entry in context.Root.Entries)
        {
            if (entry.KeyText is not { } key) continue; // the YAML loader reports keys that are not strings
            if (sections.Contains(key)) continue;
            if (HotVersions.IntroducedIn(key) is { } since && !context.Version.IsAtLeast(since))
                context.Report(DiagnosticCatalog.NeedsNewerVersion, entry.Key.Span, $"The '{key}' section", since, context.Version.Date);
            else
                context.Report(DiagnosticCatalog.UnknownSection, entry.Key.Span, key, context.Version.Date, string.Join(", ", sections),
                    NameSuggestions.Hint(key, sections));
        }
    }

    /// <summary>Collects the declared names first, so that any section may refer to any other.</summary>
    private static void DeclareNames(HotParseContext context)
    {
        AddKeys(context.Root["parameters"], context.ParameterNames);
        AddKeys(context.Root["resources"], context.ResourceNames);
        if (context.Version.IsAtLeast(HotVersions.V20161014)) AddKeys(context.Root["conditions"], context.ConditionNames);

        static void AddKeys(YamlNode? section, HashSet<string> names)
        {
            if (section is not YamlMapping mapping) return;
            foreach (var entry in mapping.Entries)
                if (entry.KeyText is { } key) names.Add(key);
        }
    }

    /// <summary>
    /// The mapping of a section or definition; null (after reporting) when it is something else.
    /// An empty value (<c>resources:</c> with nothing after it) reads as an empty mapping.
    /// </summary>
    private static YamlMapping? SectionMapping(HotParseContext context, YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMapping mapping:
                return mapping;
            case YamlScalar { IsNull: true }:
                return null;
            default:
                context.Report(DiagnosticCatalog.ExpectedMapping, node.Span, what, node.Describe());
                return null;
        }
    }

    /// <summary>Reports keys outside <paramref name="allowed"/>: a key of a newer version says which one it needs.</summary>
    private static void CheckKeys(HotParseContext context, YamlMapping mapping, IReadOnlyList<string> allowed, string what)
    {
        foreach (var entry in mapping.Entries)
        {
            if (entry.KeyText is not { } key) continue; // the YAML loader reports keys that are not strings
            if (allowed.Contains(key)) continue;
            if (HotVersions.IntroducedIn(key) is { } since && !context.Version.IsAtLeast(since))
                context.Report(DiagnosticCatalog.NeedsNewerVersion, entry.Key.Span, $"'{key}' in {what}", since, context.Version.Date);
            else
                context.Report(DiagnosticCatalog.UnknownKey, entry.Key.Span, key, what, string.Join(", ", allowed),
                    NameSuggestions.Hint(key, allowed));
        }
    }

    private static string? ScalarText(YamlNode? node) => node is YamlScalar { IsNull: false } s ? s.Value : null;

    private static void RunResourceCheckers(HotParseContext context, IReadOnlyList<ParsedResource> resources)
    {
        var checks = new List<(IResourceChecker Checker, HotResource Resource, int Index)>();
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i].Resource;
            if (context.Options.FindSchema(resource.Type) is null) continue;
            if (context.Options.FindChecker(resource.Type) is { } checker) checks.Add((checker, resource, i));
        }
        foreach (var (checker, resource, _) in checks.OrderBy(c => c.Checker.Order).ThenBy(c => c.Index))
        {
            var checkContext = new ResourceCheckContext(resource, context.Resources, context.Version, context.Diagnostics, context.Files);
            try
            {
                checker.Check(checkContext);
            }
            catch (System.Exception e) when (e is not System.OutOfMemoryException)
            {
                // A fault in one type's rules must not hide the rest of the template's diagnostics.
                context.Report(DiagnosticCatalog.InternalError, resource.NameSpan, e.GetType().Name + ": " + e.Message);
            }
        }
    }

    private static void CheckAttributePaths(HotParseContext context)
    {
        foreach (var pending in context.AttributePaths)
        {
            if (context.Options.FindChecker(pending.Target.Type) is not { } checker) continue;
            try
            {
                checker.CheckAttributePath(pending.Target, pending.Attribute, pending.Path, context.Diagnostics);
            }
            catch (System.Exception e) when (e is not System.OutOfMemoryException)
            {
                context.Report(DiagnosticCatalog.InternalError, pending.Path[0].Span, e.GetType().Name + ": " + e.Message);
            }
        }
    }
}
