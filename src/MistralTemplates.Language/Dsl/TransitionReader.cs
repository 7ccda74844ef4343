using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Dsl;

/// <summary>
/// Reads on-success / on-error / on-complete / on-skip (mistral/lang/v2/on_clause.py): a task name, a
/// <c>{task: condition}</c> map, a list of those, or the <c>{publish, next}</c> form.
/// </summary>
internal sealed class TransitionReader
{
    private const string NextTaskForm = "a task name, an engine command (fail msg='...'), a {task: <% condition %>} map or a list of those";

    private readonly DslChecker _checker;

    public TransitionReader(DslChecker checker) => _checker = checker;

    public List<DslTransition> Read(YamlEntry entry)
    {
        var result = new List<DslTransition>();
        var key = entry.KeyText ?? "on-complete";
        if (entry.Value is YamlMapping map && (map.ContainsKey("publish") || map.ContainsKey("next")))
        {
            ReadAdvanced(key, map, result);
            return result;
        }
        ReadNext(key, entry.Value, result, allowList: true);
        return result;
    }

    private void ReadAdvanced(string key, YamlMapping map, List<DslTransition> result)
    {
        _checker.CheckKeys(map, DslKeys.OnClauseMapping, $"'{key}'");
        if (map.GetEntry("publish") is { } publish) ReadPublishScopes(publish);
        if (map.GetEntry("next") is { } next) ReadNext(key, next.Value, result, allowList: true);
    }

    private void ReadPublishScopes(YamlEntry publish)
    {
        if (!_checker.Expect(publish, DslValues.IsNonEmptyMapping, "a mapping of 'branch', 'global' or 'atomic' variables")) return;
        var scopes = (YamlMapping)publish.Value;
        _checker.CheckKeys(scopes, DslKeys.PublishScopes, "'publish'");
        foreach (var scope in scopes.Entries)
        {
            if (!DslKeys.Contains(DslKeys.PublishScopes, scope.KeyText ?? "")) continue;
            if (!_checker.Expect(scope, DslValues.IsNonEmptyMapping, DslValues.NonEmptyMapping)) continue;
            _checker.ScanExpressions(scope.Value);
            _checker.CheckJunoValues(scope.Value);
        }
    }

    private void ReadNext(string key, YamlNode node, List<DslTransition> result, bool allowList)
    {
        switch (node)
        {
            case YamlScalar { Kind: YamlScalarKind.String } scalar when scalar.Value.Length > 0:
                if (ReadTarget(key, scalar, null) is { } plain) result.Add(plain);
                break;
            case YamlMapping { Count: 1 } map:
                ReadConditional(key, map, result);
                break;
            case YamlSequence { Count: > 0 } list when allowList:
                var seen = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (var item in list.Items)
                {
                    if (item is YamlSequence)
                    {
                        _checker.ExpectNode(item, key, _ => false, NextTaskForm);
                        continue;
                    }
                    if (item is YamlScalar { Kind: YamlScalarKind.String } s && !seen.Add(s.Value))
                        _checker.Report(DiagnosticCatalog.DslDuplicateName, item, s.Value, key);
                    ReadNext(key, item, result, allowList: false);
                }
                break;
            default:
                _checker.ExpectNode(node, key, _ => false, NextTaskForm);
                break;
        }
    }

    private void ReadConditional(string key, YamlMapping map, List<DslTransition> result)
    {
        var entry = map.Entries[0];
        if (entry.Key is not YamlScalar { Kind: YamlScalarKind.String } target || target.Value.Length == 0)
        {
            _checker.ExpectNode(entry.Key, key, _ => false, NextTaskForm);
            return;
        }
        string? condition = null;
        if (DslValues.IsExpression(entry.Value))
        {
            condition = ((YamlScalar)entry.Value).Value;
            _checker.ScanExpressions(entry.Value);
        }
        else
        {
            _checker.ExpectNode(entry.Value, $"the condition of '{target.Value}'", _ => false, DslValues.Expression);
        }
        if (ReadTarget(key, target, condition) is { } transition) result.Add(transition);
    }

    /// <summary>A task name, <c>fail msg='...'</c> or <c>fail(msg='...')</c>, as NEXT_TASK allows.</summary>
    private DslTransition? ReadTarget(string key, YamlScalar scalar, string? condition)
    {
        var text = scalar.Value;
        if (text.IndexOf(' ') < 0 && text.IndexOf('\t') < 0 && text.IndexOf('\n') < 0)
        {
            var paren = text.IndexOf('(');
            var name = paren > 0 && text.EndsWith(")", System.StringComparison.Ordinal) ? text.Substring(0, paren) : text;
            _checker.ScanExpressions(scalar);
            return new DslTransition(name, scalar.SpanOf(0, name.Length), condition, IsEngineCommand(name));
        }
        if (FunctionCallName(text) is { } function)
        {
            // fail(msg='...'): Mistral takes the name before '(' and reads the parameters inside.
            _checker.ScanExpressions(scalar);
            return new DslTransition(function, scalar.SpanOf(0, function.Length), condition, IsEngineCommand(function));
        }
        if (!HasCommandShape(text))
        {
            _checker.ExpectNode(scalar, key, _ => false, NextTaskForm);
            return null;
        }
        var call = InlineCallParser.Parse(scalar, _checker.Diagnostics);
        _checker.ScanExpressions(scalar);
        return new DslTransition(call.Name, call.NameSpan, condition, IsEngineCommand(call.Name)) { Parameters = call.Parameters };
    }

    /// <summary>NEXT_TASK's <c>^\w+ \w+=</c>: one word, one space, then a parameter.</summary>
    private static bool HasCommandShape(string text)
    {
        var i = 0;
        while (i < text.Length && IsWord(text[i])) i++;
        if (i == 0 || i >= text.Length || text[i] != ' ') return false;
        var j = ++i;
        while (j < text.Length && IsWord(text[j])) j++;
        return j > i && j < text.Length && text[j] == '=';
    }

    /// <summary>NEXT_TASK's <c>^\w+\(\w+=(.*)\)$</c>: the name of <c>fail(msg='...')</c>, else null.</summary>
    private static string? FunctionCallName(string text)
    {
        var i = 0;
        while (i < text.Length && IsWord(text[i])) i++;
        if (i == 0 || i >= text.Length || text[i] != '(' || !text.EndsWith(")", System.StringComparison.Ordinal)) return null;
        var j = i + 1;
        while (j < text.Length && IsWord(text[j])) j++;
        return j > i + 1 && j < text.Length && text[j] == '=' ? text.Substring(0, i) : null;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsEngineCommand(string name) => DslKeys.Contains(DslKeys.EngineCommands, name);
}
