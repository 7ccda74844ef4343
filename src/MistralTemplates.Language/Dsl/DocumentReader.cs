using System.Collections.Generic;
using System.Globalization;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// Reads the top level of a DSL document: a list of workflows or actions under <c>version</c>
/// (mistral/lang/base.py BaseListSpec), or a workbook (mistral/lang/v2/workbook.py).
/// </summary>
internal sealed class DocumentReader
{
    private readonly DslChecker _checker;
    private readonly WorkflowReader _workflows;

    public DocumentReader(DiagnosticBag diagnostics)
    {
        _checker = new DslChecker(diagnostics);
        _workflows = new WorkflowReader(_checker);
    }

    public DslDocument Read(YamlMapping root, DslDocumentKind kind, DslParseOptions options)
    {
        return kind == DslDocumentKind.Workbook ? ReadWorkbook(root) : ReadList(root, kind, options);
    }

    private DslDocument ReadList(YamlMapping root, DslDocumentKind kind, DslParseOptions options)
    {
        var version = ReadVersion(root, workbook: false, options.VersionOptional);
        var workflows = new List<DslWorkflow>();
        var actions = new List<DslAction>();
        foreach (var entry in root.Entries)
        {
            if (entry.KeyText is null or "version") continue;
            if (kind == DslDocumentKind.Actions)
            {
                if (ReadAction(entry) is { } action) actions.Add(action);
            }
            else if (_workflows.Read(entry) is { } workflow)
            {
                workflows.Add(workflow);
            }
        }
        if (workflows.Count == 0 && actions.Count == 0 && !HasItems(root))
            _checker.Diagnostics.Add(DiagnosticCatalog.DslEmptyDocument, StartOf(root),
                "document", kind == DslDocumentKind.Actions ? "action" : "workflow");
        return new DslDocument(kind, version, null, workflows, actions, root.Span);
    }

    private DslDocument ReadWorkbook(YamlMapping root)
    {
        _checker.CheckKeys(root, DslKeys.Workbook, "a workbook");
        var version = ReadVersion(root, workbook: true, optional: false);
        string? name = null;
        if (root.GetEntry("name") is not { } nameEntry)
            _checker.Diagnostics.Add(DiagnosticCatalog.DslWorkbookNameMissing, StartOf(root));
        else if (_checker.Expect(nameEntry, DslValues.IsNonEmptyString, DslValues.NonEmptyString))
            name = ((YamlScalar)nameEntry.Value).Value;
        if (root.GetEntry("description") is { } description)
            _checker.Expect(description, DslValues.IsNonEmptyString, DslValues.NonEmptyString);
        if (root.GetEntry("tags") is { } tags) _checker.ExpectStringList(tags);

        var workflows = new List<DslWorkflow>();
        foreach (var entry in Section(root, "workflows", "workflow"))
            if (_workflows.Read(entry) is { } workflow) workflows.Add(workflow);
        var actions = new List<DslAction>();
        foreach (var entry in Section(root, "actions", "action"))
            if (ReadAction(entry) is { } action) actions.Add(action);
        return new DslDocument(DslDocumentKind.Workbook, version, name, workflows, actions, root.Span);
    }

    /// <summary>The entries of a workbook's <c>workflows</c> or <c>actions</c>, whose names must be <c>[\w-]+</c>.</summary>
    private IEnumerable<YamlEntry> Section(YamlMapping root, string key, string what)
    {
        if (root.GetEntry(key) is not { } section) yield break;
        if (!_checker.Expect(section, DslValues.IsNonEmptyMapping, $"a non-empty mapping of {what} names to {what}s")) yield break;
        foreach (var entry in ((YamlMapping)section.Value).Entries)
        {
            if (entry.KeyText is not { } name) continue;
            if (name == "version")
            {
                if (!IsWorkbookVersion(entry.Value))
                    _checker.Report(DiagnosticCatalog.DslVersionUnsupported, entry.Value, DslValues.Describe(entry.Value).Trim('\''));
                continue;
            }
            if (!IsWordName(name))
            {
                _checker.Report(DiagnosticCatalog.DslInvalidName, entry.Key, name, what,
                    "in a workbook, names may hold only letters, digits, '_' and '-'");
                continue;
            }
            yield return entry;
        }
    }

    private DslAction? ReadAction(YamlEntry entry)
    {
        var name = entry.KeyText ?? string.Empty;
        if (!_checker.ExpectNode(entry.Value, name, DslValues.IsNonEmptyMapping, "an action: a mapping with 'base'")) return null;
        var map = (YamlMapping)entry.Value;
        _checker.CheckKeys(map, DslKeys.Action, $"action '{name}'");
        string? baseName = null;
        IReadOnlyList<DslInlineParameter> parameters = new DslInlineParameter[0];
        if (map.GetEntry("base") is not { } baseEntry)
        {
            _checker.Report(DiagnosticCatalog.DslActionBaseMissing, entry.Key, name);
        }
        else if (_checker.Expect(baseEntry, DslValues.IsNonEmptyString, DslValues.NonEmptyString))
        {
            var call = InlineCallParser.Parse((YamlScalar)baseEntry.Value, _checker.Diagnostics);
            _checker.ScanExpressions(baseEntry.Value);
            baseName = call.Name;
            parameters = call.Parameters;
        }
        if (map.GetEntry("base-input") is { } baseInput && _checker.Expect(baseInput, DslValues.IsNonEmptyMapping, DslValues.NonEmptyMapping))
        {
            _checker.ScanExpressions(baseInput.Value);
            _checker.CheckJunoValues(baseInput.Value);
        }
        var inputs = map.GetEntry("input") is { } input ? InputReader.Read(_checker, input) : new List<DslInput>();
        _checker.ScanExpressions(map["output"]);
        string? description = null;
        if (map.GetEntry("description") is { } d && _checker.Expect(d, DslValues.IsNonEmptyString, DslValues.NonEmptyString))
            description = ((YamlScalar)d.Value).Value;
        if (map.GetEntry("tags") is { } tags) _checker.ExpectStringList(tags);
        return new DslAction(name, entry.Key.Span, baseName, inputs, map)
        {
            Description = description,
            BaseParameters = parameters,
            BaseInput = map["base-input"],
            Output = map["output"],
        };
    }

    private string? ReadVersion(YamlMapping root, bool workbook, bool optional)
    {
        if (root.GetEntry("version") is not { } entry)
        {
            if (!optional) _checker.Diagnostics.Add(DiagnosticCatalog.DslVersionMissing, StartOf(root));
            return null;
        }
        var ok = workbook ? IsWorkbookVersion(entry.Value) : IsListVersion(entry.Value);
        if (!ok) _checker.Report(DiagnosticCatalog.DslVersionUnsupported, entry.Value, DslValues.Describe(entry.Value).Trim('\''));
        return (entry.Value as YamlScalar)?.Value;
    }

    /// <summary>Workflow and action lists take any version whose float value is 2.0 ('2.0', 2.0, 2).</summary>
    internal static bool IsListVersion(YamlNode node)
    {
        if (node is not YamlScalar scalar || scalar.IsNull || scalar.Kind == YamlScalarKind.Bool) return false;
        if (scalar.TryGetNumber(out var number)) return number == 2.0;
        return double.TryParse(scalar.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == 2.0;
    }

    /// <summary>A workbook's schema allows exactly '2.0' or the number 2.0.</summary>
    internal static bool IsWorkbookVersion(YamlNode node) =>
        node is YamlScalar scalar && (scalar.Kind == YamlScalarKind.String ? scalar.Value == "2.0" : scalar.TryGetNumber(out var n) && n == 2.0);

    private static bool IsWordName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
            if (!char.IsLetterOrDigit(c) && c != '_' && c != '-') return false;
        return true;
    }

    private static bool HasItems(YamlMapping root)
    {
        foreach (var entry in root.Entries)
            if (entry.KeyText != "version") return true;
        return false;
    }

    private static SourceSpan StartOf(YamlNode node) => new(node.Span.Path, node.Span.Start, node.Span.Start);
}
