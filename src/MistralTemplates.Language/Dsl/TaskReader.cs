using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// Reads one task (mistral/lang/v2/tasks.py) or the policies and transitions of task-defaults. Heat's
/// structured form uses the same keys in snake_case; <see cref="HeatStyle"/> reads those, and skips values
/// that are Heat intrinsic functions (resolved only when the stack is created).
/// </summary>
internal sealed class TaskReader
{
    private readonly DslChecker _checker;
    private readonly TransitionReader _transitions;

    public TaskReader(DslChecker checker, bool heatStyle)
    {
        _checker = checker;
        _transitions = new TransitionReader(checker);
        HeatStyle = heatStyle;
    }

    public bool HeatStyle { get; }

    public DslTask Read(string name, YamlNode nameNode, YamlMapping map, WorkflowType type, string workflowName)
    {
        var onSuccess = new List<DslTransition>();
        var onError = new List<DslTransition>();
        var onComplete = new List<DslTransition>();
        var onSkip = new List<DslTransition>();
        var requires = new List<DslTaskReference>();
        var withItems = new List<DslWithItem>();
        var parameters = (IReadOnlyList<DslInlineParameter>)new DslInlineParameter[0];
        string? action = null, workflow = null, description = null, join = null;
        YamlEntry? actionEntry = null, workflowEntry = null, concurrency = null;

        foreach (var entry in map.Entries)
        {
            var key = Canonical(entry.KeyText);
            if (key is null || IsIntrinsic(entry.Value)) continue;
            switch (key)
            {
                case "action":
                case "workflow":
                    if (!_checker.Expect(entry, DslValues.IsNonEmptyString, DslValues.NonEmptyString)) break;
                    var call = InlineCallParser.Parse((YamlScalar)entry.Value, _checker.Diagnostics);
                    _checker.ScanExpressions(entry.Value);
                    parameters = call.Parameters;
                    if (key == "action")
                    {
                        action = call.Name;
                        actionEntry = entry;
                    }
                    else
                    {
                        workflow = call.Name;
                        workflowEntry = entry;
                    }
                    break;
                case "input":
                    if (_checker.Expect(entry, v => DslValues.IsNonEmptyMapping(v) || DslValues.IsNonEmptyString(v),
                            "a non-empty mapping of parameters or an expression"))
                    {
                        _checker.ScanExpressions(entry.Value);
                        _checker.CheckJunoValues(entry.Value);
                    }
                    break;
                case "publish":
                case "publish-on-error":
                case "publish-on-skip":
                    if (_checker.Expect(entry, DslValues.IsNonEmptyMapping, DslValues.NonEmptyMapping))
                    {
                        _checker.ScanExpressions(entry.Value);
                        _checker.CheckJunoValues(entry.Value);
                    }
                    break;
                case "with-items":
                    ReadWithItems(entry, withItems);
                    break;
                case "join":
                    join = ReadJoin(entry);
                    break;
                case "on-success": onSuccess.AddRange(_transitions.Read(entry)); break;
                case "on-error": onError.AddRange(_transitions.Read(entry)); break;
                case "on-complete": onComplete.AddRange(_transitions.Read(entry)); break;
                case "on-skip": onSkip.AddRange(_transitions.Read(entry)); break;
                case "requires":
                    requires.AddRange(ReadRequires(entry));
                    break;
                case "target":
                    _checker.Expect(entry, DslValues.IsNonEmptyString, DslValues.NonEmptyString);
                    break;
                case "description":
                    if (_checker.Expect(entry, DslValues.IsNonEmptyString, DslValues.NonEmptyString))
                        description = ((YamlScalar)entry.Value).Value;
                    break;
                case "tags":
                    _checker.ExpectStringList(entry);
                    break;
                case "concurrency":
                    concurrency = entry;
                    ReadPolicy(entry);
                    break;
                default:
                    ReadPolicy(entry);
                    break;
            }
        }

        if (actionEntry is not null && workflowEntry is not null)
        {
            var second = actionEntry.Key.Span.Start.Offset > workflowEntry.Key.Span.Start.Offset ? actionEntry : workflowEntry;
            _checker.Report(DiagnosticCatalog.DslActionAndWorkflow, second.Key, name);
        }
        if (concurrency is not null && withItems.Count == 0 && map.GetEntry(Actual("with-items")) is null)
            _checker.Report(HeatStyle ? DiagnosticCatalog.HeatWorkflowConcurrencyWithoutWithItems : DiagnosticCatalog.DslConcurrencyWithoutWithItems,
                concurrency.Key, name);

        var requiredNames = new List<string>();
        foreach (var r in requires) requiredNames.Add(r.Name);
        return new DslTask(name, nameNode.Span, action, workflow, onSuccess, onError, onComplete, requiredNames, map)
        {
            Description = description,
            OnSkip = onSkip,
            RequiredTasks = requires,
            InlineParameters = parameters,
            WithItems = withItems,
            Join = join,
            Input = map[Actual("input")],
            Publish = map[Actual("publish")],
            PublishOnError = map[Actual("publish-on-error")],
        };
    }

    /// <summary>Reads task-defaults (Heat: task_defaults): policies, transitions and requires for every task.</summary>
    public DslTaskDefaults ReadDefaults(YamlMapping map)
    {
        var onSuccess = new List<DslTransition>();
        var onError = new List<DslTransition>();
        var onComplete = new List<DslTransition>();
        var onSkip = new List<DslTransition>();
        var requires = new List<DslTaskReference>();
        foreach (var entry in map.Entries)
        {
            var key = Canonical(entry.KeyText);
            if (key is null || IsIntrinsic(entry.Value)) continue;
            switch (key)
            {
                case "on-success": onSuccess.AddRange(_transitions.Read(entry)); break;
                case "on-error": onError.AddRange(_transitions.Read(entry)); break;
                case "on-complete": onComplete.AddRange(_transitions.Read(entry)); break;
                case "on-skip": onSkip.AddRange(_transitions.Read(entry)); break;
                case "requires": requires.AddRange(ReadRequires(entry)); break;
                case "description":
                    _checker.Expect(entry, DslValues.IsNonEmptyString, DslValues.NonEmptyString);
                    break;
                case "tags":
                    _checker.ExpectStringList(entry);
                    break;
                default:
                    ReadPolicy(entry);
                    break;
            }
        }
        return new DslTaskDefaults(onSuccess, onError, onComplete, onSkip, requires, map);
    }

    /// <summary>retry, wait-before/after, timeout, concurrency, pause-before, fail-on, keep-result, safe-rerun.</summary>
    private void ReadPolicy(YamlEntry entry)
    {
        switch (Canonical(entry.KeyText))
        {
            case "retry":
                ReadRetry(entry);
                break;
            case "wait-before":
            case "wait-after":
            case "timeout":
            case "concurrency":
                if (_checker.Expect(entry, DslValues.IsExpressionOrCount, DslValues.ExpressionOrCount)) _checker.ScanExpressions(entry.Value);
                break;
            case "pause-before":
            case "fail-on":
            case "keep-result":
            case "safe-rerun":
                if (_checker.Expect(entry, DslValues.IsExpressionOrBoolean, DslValues.ExpressionOrBoolean)) _checker.ScanExpressions(entry.Value);
                break;
        }
    }

    private void ReadRetry(YamlEntry entry)
    {
        var present = new HashSet<string>(System.StringComparer.Ordinal);
        if (entry.Value is YamlScalar { Kind: YamlScalarKind.String } line && line.Value.Length > 0)
        {
            // The one-line form 'count=5 delay=10'; Mistral reads it only when it holds a space.
            if (line.Value.IndexOf(' ') >= 0)
                foreach (var p in InlineCallParser.ReadParameters(line, 0, _checker.Diagnostics))
                {
                    if (!DslKeys.Contains(DslKeys.Retry, p.Name))
                        _checker.Diagnostics.Add(DiagnosticCatalog.DslUnknownKey, p.NameSpan, p.Name, "'retry'", string.Join(", ", DslKeys.Retry),
                            NameSuggestions.Hint(p.Name, DslKeys.Retry));
                    present.Add(p.Name);
                }
            _checker.ScanExpressions(line);
        }
        else if (entry.Value is YamlMapping map)
        {
            _checker.CheckKeys(map, DslKeys.Retry, "'retry'");
            foreach (var item in map.Entries)
            {
                if (item.KeyText is not { } key || IsIntrinsic(item.Value)) continue;
                present.Add(key);
                if (key is "count" or "delay")
                    _checker.Expect(item, DslValues.IsExpressionOrCount, DslValues.ExpressionOrCount);
                else if (key is "break-on" or "continue-on")
                    _checker.Expect(item, DslValues.IsExpression, DslValues.Expression);
                _checker.ScanExpressions(item.Value);
            }
        }
        else
        {
            _checker.Expect(entry, _ => false, "a mapping with 'count' and 'delay', or 'count=3 delay=10'");
            return;
        }
        foreach (var required in new[] { "count", "delay" })
            if (!present.Contains(required))
                _checker.Report(DiagnosticCatalog.DslRetryIncomplete, entry.Key, required);
    }

    private void ReadWithItems(YamlEntry entry, List<DslWithItem> result)
    {
        var clauses = new List<YamlScalar>();
        if (DslValues.IsNonEmptyString(entry.Value)) clauses.Add((YamlScalar)entry.Value);
        else if (entry.Value is YamlSequence) clauses.AddRange(_checker.ExpectStringList(entry));
        else _checker.Expect(entry, _ => false, "'name in <% $.list %>' or a list of such clauses");

        foreach (var clause in clauses)
        {
            if (WithItemsClause.TryParse(clause.Value, out var variable, out var source, out var sourceStart, out var sourceEnd))
            {
                result.Add(new DslWithItem(variable, source, clause.SpanOf(sourceStart, sourceEnd)));
                _checker.ScanExpressions(clause);
            }
            else
            {
                _checker.Report(DiagnosticCatalog.DslWithItemsSyntax, clause, DslValues.Shorten(clause.Value));
            }
        }
    }

    private string? ReadJoin(YamlEntry entry)
    {
        if (entry.Value is YamlScalar { Kind: YamlScalarKind.String, Value: "all" or "one" } word) return word.Value;
        if (entry.Value is YamlScalar number && number.TryGetInteger(out var n) && n >= 0) return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Heat declares join as a string property, so '2' written in quotes reaches Mistral as a number.
        if (HeatStyle && entry.Value is YamlScalar quoted && long.TryParse(quoted.Value, out var q) && q >= 0) return quoted.Value;
        _checker.Report(DiagnosticCatalog.DslJoinValue, entry.Value, DslValues.Describe(entry.Value));
        return null;
    }

    private List<DslTaskReference> ReadRequires(YamlEntry entry)
    {
        var result = new List<DslTaskReference>();
        if (DslValues.IsNonEmptyString(entry.Value))
        {
            result.Add(new DslTaskReference(((YamlScalar)entry.Value).Value, entry.Value.Span));
            return result;
        }
        if (entry.Value is not YamlSequence)
        {
            _checker.Expect(entry, _ => false, DslValues.StringOrStringList);
            return result;
        }
        foreach (var name in _checker.ExpectStringList(entry)) result.Add(new DslTaskReference(name.Value, name.Span));
        return result;
    }

    private string? Canonical(string? key) => key is null ? null : HeatStyle ? key.Replace('_', '-') : key;

    private string Actual(string canonical) => HeatStyle ? canonical.Replace('-', '_') : canonical;

    /// <summary>A Heat function call such as <c>{get_param: x}</c>: its value is known only at deploy time.</summary>
    public bool IsIntrinsic(YamlNode value) =>
        HeatStyle && value is YamlMapping { Count: 1 } map && map.Entries[0].KeyText is { } fn &&
        (fn.StartsWith("get_", System.StringComparison.Ordinal) || fn is "str_replace" or "list_join" or "yaql" or "if" or "digest"
            or "repeat" or "str_split" or "map_merge" or "map_replace" or "list_concat" or "list_concat_unique" or "contains"
            or "filter" or "make_url" or "str_replace_strict" or "str_replace_vstrict" or "equals" or "not" or "and" or "or");
}
