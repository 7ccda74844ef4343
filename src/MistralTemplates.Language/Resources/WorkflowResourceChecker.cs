using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// OS::Mistral::Workflow: reads its DSL — from <c>definition</c> (text, mapping or get_file), or from
/// Heat's structured properties — into <see cref="HotResource.Definition"/>, then checks what Heat adds:
/// the two forms are not mixed, <c>input</c> names declared inputs, a reverse workflow has its target task.
/// </summary>
public sealed class WorkflowResourceChecker : ResourceCheckerBase
{
    /// <summary>Structured-form properties that a <c>definition</c> already says.</summary>
    private static readonly string[] StructuredOnly = { "name", "type", "description", "output", "tasks", "task_defaults", "tags" };

    public WorkflowResourceChecker() : base(ResourceSchemas.WorkflowType, order: 0)
    {
    }

    public override void Check(ResourceCheckContext context)
    {
        var resource = context.Resource;
        var properties = resource.Properties;
        var diagnostics = context.Diagnostics;
        if (properties?.GetEntry("definition") is { } definition)
        {
            foreach (var key in StructuredOnly)
                if (properties.GetEntry(key) is { } conflicting)
                    diagnostics.Add(DiagnosticCatalog.WorkflowDefinitionConflict, conflicting.Key.Span, key);
            resource.Definition = ReadDefinition(definition, context);
            if (resource.Definition is { } document) CheckInputKeys(properties, document, diagnostics);
        }
        else if (properties?.ContainsKey("tasks") == true)
        {
            // Mistral defaults the type to direct, but Heat's schema of this form requires it.
            if (properties["type"] is null or YamlScalar { IsNull: true })
                diagnostics.Add(DiagnosticCatalog.StructuredWorkflowNeedsType, resource.NameSpan, resource.Name);
            resource.Definition = DslParser.ParseHeatStructured(properties, resource.Name, diagnostics);
        }
        else
        {
            // A misspelt 'definition' or 'tasks' is reported at the typo, with the right name; saying the
            // workflow has neither would send the user looking elsewhere.
            if (!HasMisspeltForm(properties))
                diagnostics.Add(DiagnosticCatalog.WorkflowWithoutDefinition, resource.NameSpan, resource.Name);
            return;
        }
        CheckReverseTarget(resource, diagnostics);
    }

    public override void CheckAttributePath(HotResource target, string attribute, IReadOnlyList<YamlNode> path, DiagnosticBag diagnostics)
    {
        if (attribute != "available_workflows" || path.Count == 0)
        {
            base.CheckAttributePath(target, attribute, path, diagnostics);
            return;
        }
        if (TemplateValues.TextOf(path[0]) is { } name && target.Definition is { } document
            && document.Workflows.All(w => w.Name != name))
        {
            var workflows = document.Workflows.Select(w => w.Name).ToList();
            diagnostics.Add(DiagnosticCatalog.UnknownAvailableWorkflow, path[0].Span, name, target.Name,
                TemplateValues.List(workflows), NameSuggestions.Hint(name, workflows));
        }
        if (path.Count > 1)
            diagnostics.Add(DiagnosticCatalog.AttributeHasNoPath, path[1].Span, "available_workflows." + TemplateValues.TextOf(path[0]),
                "a workflow's full name (a string)");
    }

    /// <summary>Whether an unknown property of the resource is a typo of 'definition' or 'tasks'.</summary>
    private static bool HasMisspeltForm(YamlMapping? properties)
    {
        if (properties is null || ResourceSchemas.Find(ResourceSchemas.WorkflowType) is not { } schema) return false;
        var names = schema.Properties.Select(p => p.Name).ToList();
        return properties.Entries.Any(e => e.KeyText is { } key && !names.Contains(key)
                                           && NameSuggestions.Closest(key, names) is "definition" or "tasks");
    }

    /// <summary>Keys of the resource's <c>input</c> that no workflow of the definition declares.</summary>
    internal static void CheckInputKeys(YamlMapping properties, DslDocument document, DiagnosticBag diagnostics)
    {
        if (TemplateValues.LiteralEntries(properties["input"]) is not { } entries) return;
        var declared = document.Workflows.SelectMany(w => w.Inputs).Select(i => i.Name).Distinct().ToList();
        foreach (var entry in entries)
            if (entry.KeyText is { } key && !declared.Contains(key))
                diagnostics.Add(DiagnosticCatalog.WorkflowInputNotDeclared, entry.Key.Span, key, TemplateValues.List(declared),
                    NameSuggestions.Hint(key, declared));
    }

    private static DslDocument? ReadDefinition(YamlEntry definition, ResourceCheckContext context)
    {
        var diagnostics = context.Diagnostics;
        switch (definition.Value)
        {
            case YamlScalar { IsNull: true }:
                diagnostics.Add(DiagnosticCatalog.EmptyTemplate, definition.Key.Span, "workflow definition");
                return null;
            case YamlScalar { Kind: YamlScalarKind.String } text:
                return ParseText(text.Value, text.ContentMap, text.Span, diagnostics);
            case YamlMapping map when TemplateValues.IsFunctionCall(map, out var function, out var args):
                // Only get_file can be read now; other functions compute the text at deploy time.
                if (function != "get_file" || args is not YamlScalar path) return null;
                return context.Files.TryRead(path, out var fileText, out var fileMap)
                    ? ParseText(fileText, fileMap, path.Span, diagnostics)
                    : null;
            case YamlMapping map:
                return DslParser.Parse(map, diagnostics, DslParseOptions.HeatDefinition);
            default:
                diagnostics.Add(DiagnosticCatalog.WorkflowDefinitionWrongType, definition.Value.Span, definition.Value.Describe());
                return null;
        }
    }

    /// <summary>Loads DSL text whose map sends positions back to the user's file, so its errors point there.</summary>
    private static DslDocument? ParseText(string text, SourceMap map, SourceSpan whereEmpty, DiagnosticBag diagnostics)
    {
        var loaded = YamlLoader.Load(text, map);
        diagnostics.AddRange(loaded.Diagnostics);
        if (loaded.Root is null)
        {
            if (!loaded.HasErrors) diagnostics.Add(DiagnosticCatalog.EmptyTemplate, whereEmpty, "workflow definition");
            return null;
        }
        return DslParser.Parse(loaded.Root, diagnostics, DslParseOptions.HeatDefinition);
    }

    /// <summary>Heat runs a reverse workflow on signal only with <c>params.task_name</c>, its target task.</summary>
    private static void CheckReverseTarget(HotResource resource, DiagnosticBag diagnostics)
    {
        var properties = resource.Properties!;
        string? reverseName = null;
        if (properties.ContainsKey("definition"))
            reverseName = resource.Definition?.Workflows.FirstOrDefault(w => w.Type == WorkflowType.Reverse)?.Name;
        else if (TemplateValues.TextOf(properties["type"]) == "reverse")
            reverseName = TemplateValues.TextOf(properties["name"]) ?? resource.Name;
        if (reverseName is null) return;

        var paramsEntry = properties.GetEntry("params");
        if (paramsEntry is not null && TemplateValues.IsFunctionCall(paramsEntry.Value)) return;
        var taskName = (paramsEntry?.Value as YamlMapping)?["task_name"];
        if (TemplateValues.IsFunctionCall(taskName) || !string.IsNullOrEmpty(TemplateValues.TextOf(taskName))) return;
        diagnostics.Add(DiagnosticCatalog.ReverseWorkflowNeedsTaskName, paramsEntry?.Key.Span ?? resource.NameSpan, reverseName);
    }
}
