using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Tests.Resources;

/// <summary>Runs the resource checkers over the resources of a small template, the way the HOT parser does.</summary>
internal sealed class ResourceTestKit
{
    public const string TemplatePath = "t.yaml";

    private ResourceTestKit(IReadOnlyDictionary<string, HotResource> resources, DiagnosticBag diagnostics)
    {
        Resources = resources;
        Diagnostics = diagnostics;
    }

    public IReadOnlyDictionary<string, HotResource> Resources { get; }

    public DiagnosticBag Diagnostics { get; }

    public FakeFiles Files { get; private set; } = new(new Dictionary<string, string>());

    /// <summary>The diagnostics of this part (MT4xxx) and of YAML (MT0xxx); DSL and expression ones are other parts' business.</summary>
    public List<TemplateDiagnostic> Own => Diagnostics.Items.Where(d => d.Id.StartsWith("MT4") || d.Id.StartsWith("MT0")).ToList();

    /// <summary>
    /// Loads <paramref name="template"/>, builds its resources and runs the checkers in order. When a workflow
    /// resource's definition could not be read into a model (the DSL reader is not part of this library's
    /// part under test), <paramref name="definitions"/> supplies one, keyed by resource name.
    /// </summary>
    public static ResourceTestKit Run(string template, IDictionary<string, string>? files = null,
        IDictionary<string, DslDocument>? definitions = null, string path = TemplatePath)
    {
        var loaded = YamlLoader.Load(path, template);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var root = (YamlMapping)loaded.Root!;
        var resources = new Dictionary<string, HotResource>(StringComparer.Ordinal);
        foreach (var entry in ((YamlMapping)root["resources"]!).Entries)
        {
            if (entry.Value is not YamlMapping node || node["type"] is not YamlScalar type) continue;
            resources[entry.KeyText!] = new HotResource(entry.KeyText!, entry.Key.Span, type.Value, type.Span,
                node["properties"] as YamlMapping, Array.Empty<HotReference>(), null, null, node);
        }

        var diagnostics = new DiagnosticBag();
        var kit = new ResourceTestKit(resources, diagnostics);
        kit.Files = new FakeFiles(files ?? new Dictionary<string, string>());
        var version = new HotVersion("2013-05-23", null, SourceSpan.StartOf(path));
        var ordered = resources.Values
            .Select(r => (Resource: r, Checker: ResourceCheckers.Find(r.Type)))
            .Where(x => x.Checker is not null)
            .OrderBy(x => x.Checker!.Order);
        foreach (var (resource, checker) in ordered)
        {
            checker!.Check(new ResourceCheckContext(resource, resources, version, diagnostics, kit.Files));
            if (resource.Definition is null && definitions is not null && definitions.TryGetValue(resource.Name, out var d))
                resource.Definition = d;
        }
        return kit;
    }

    /// <summary>Asks the target's checker about a get_attr path, as the HOT parser does.</summary>
    public List<TemplateDiagnostic> CheckPath(string resource, string attribute, params string[] path)
    {
        var target = Resources[resource];
        var bag = new DiagnosticBag();
        var nodes = path.Select((p, i) => (YamlNode)Scalar(p, i)).ToList();
        ResourceCheckers.Find(target.Type)!.CheckAttributePath(target, attribute, nodes, bag);
        return bag.Items.ToList();
    }

    private static YamlScalar Scalar(string value, int index)
    {
        var span = new SourceSpan("p.yaml", new SourcePosition(index * 10, 0, index * 10), new SourcePosition(index * 10 + value.Length, 0, index * 10 + value.Length));
        return new YamlScalar(value, YamlScalarStyle.Plain, null, span, SourceMap.ForFile("p.yaml", new string(' ', 100)));
    }
}

/// <summary>get_file over an in-memory folder; a missing file is reported as the HOT parser's resolver would.</summary>
internal sealed class FakeFiles : IGetFileResolver
{
    private readonly IDictionary<string, string> _files;

    public FakeFiles(IDictionary<string, string> files) => _files = files;

    public List<string> Missing { get; } = new();

    public bool TryRead(YamlScalar referenceNode, out string text, out SourceMap map)
    {
        if (_files.TryGetValue(referenceNode.Value, out var found))
        {
            text = found;
            map = SourceMap.ForFile(referenceNode.Value, found);
            return true;
        }
        Missing.Add(referenceNode.Value);
        text = string.Empty;
        map = SourceMap.ForFile(referenceNode.Value, string.Empty);
        return false;
    }
}

/// <summary>
/// A stand-in DSL model for tests of rules that only need workflow names, types and inputs: reads
/// <c>name: {type, input: [a, {b: default}]}</c> entries of a YAML text.
/// </summary>
internal static class SimpleDefinition
{
    public static DslDocument Read(string text)
    {
        var root = (YamlMapping)YamlLoader.Load("def.yaml", text).Root!;
        var workflows = new List<DslWorkflow>();
        foreach (var entry in root.Entries)
        {
            if (entry.KeyText == "version" || entry.Value is not YamlMapping body) continue;
            var inputs = new List<DslInput>();
            if (body["input"] is YamlSequence list)
                foreach (var item in list.Items)
                    inputs.Add(item switch
                    {
                        YamlScalar s => new DslInput(s.Value, s.Span, null, false),
                        YamlMapping m => new DslInput(m.Entries[0].KeyText!, m.Span, m.Entries[0].Value, true),
                        _ => throw new ArgumentException("input item"),
                    });
            var type = (body["type"] as YamlScalar)?.Value == "reverse" ? WorkflowType.Reverse : WorkflowType.Direct;
            workflows.Add(new DslWorkflow(entry.KeyText!, entry.Key.Span, type, null, inputs, Array.Empty<DslTask>(),
                Array.Empty<string>(), body));
        }
        return new DslDocument(DslDocumentKind.Workflows, "2.0", null, workflows, Array.Empty<DslAction>(), root.Span);
    }
}

internal static class DiagnosticAssert
{
    /// <summary>Asserts one diagnostic with this id, starting at this 0-based line and column, and ending at the end position.</summary>
    public static TemplateDiagnostic At(IEnumerable<TemplateDiagnostic> diagnostics, DiagnosticDescriptor descriptor,
        int line, int column, int endLine, int endColumn, string path = ResourceTestKit.TemplatePath)
    {
        var all = diagnostics.ToList();
        var d = Assert.Single(all, x => x.Descriptor == descriptor);
        Assert.True(path == d.Span.Path, $"path {d.Span.Path}; all: {string.Join("\n", all)}");
        Assert.Equal((line, column, endLine, endColumn), (d.Span.Start.Line, d.Span.Start.Column, d.Span.End.Line, d.Span.End.Column));
        return d;
    }
}
