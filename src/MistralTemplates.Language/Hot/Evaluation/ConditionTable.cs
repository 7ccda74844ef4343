using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// The values of a template's conditions and of its resources' <c>condition</c> keys, computed once per
/// context. A condition is evaluated when first needed, so references between conditions work in any order;
/// one that is met again while being evaluated is a cycle. Read-only once built.
/// </summary>
internal sealed class ConditionTable
{
    private readonly HotEvaluationContext _context;
    private readonly Dictionary<string, HotCondition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Outcome> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConditionCheck> _resources = new(StringComparer.Ordinal);

    /// <summary>The conditions being evaluated, innermost last, to name a cycle.</summary>
    private readonly List<string> _inProgress = new();

    private ConditionTable(HotEvaluationContext context)
    {
        _context = context;
        foreach (var condition in context.Template.Conditions) _definitions[condition.Name] = condition;
    }

    private sealed record Outcome(bool Value, IReadOnlyList<EvaluationError> Errors);

    public static ConditionTable Build(HotEvaluationContext context)
    {
        var table = new ConditionTable(context);
        foreach (var name in table._definitions.Keys.ToList())
            if (!table._outcomes.ContainsKey(name)) table.EvaluateCondition(name, depth: 0);
        foreach (var resource in context.Template.Resources)
            table._resources[resource.Name] = table.Check(ConditionNode(context.Template, resource), $"resource '{resource.Name}'");
        return table;
    }

    /// <summary>Every condition's value, and the errors of those that failed (which count as false).</summary>
    public ConditionResult Result()
    {
        var values = new Dictionary<string, bool>(StringComparer.Ordinal);
        var errors = new List<EvaluationError>();
        foreach (var condition in _context.Template.Conditions)
        {
            var outcome = _outcomes[condition.Name];
            values[condition.Name] = outcome.Value;
            foreach (var error in outcome.Errors)
                if (!errors.Contains(error)) errors.Add(error);
        }
        return new ConditionResult(values, errors);
    }

    public ConditionCheck ResourceCheck(HotResource resource) =>
        _resources.TryGetValue(resource.Name, out var check) ? check : new ConditionCheck(true, Array.Empty<EvaluationError>());

    /// <summary>Whether the resource's condition is false (one that could not be evaluated does not count).</summary>
    public bool IsExcluded(HotResource resource) => ResourceCheck(resource) is { Enabled: false, Success: true };

    /// <summary>An output's <c>condition</c>; outputs are not referenced by functions, so this is computed on request.</summary>
    public ConditionCheck OutputCheck(HotOutput output) =>
        Check(ConditionNode(_context.Template, output), $"output '{output.Name}'");

    /// <summary>
    /// The condition <paramref name="name"/>, asked for by <paramref name="from"/> at <paramref name="span"/>.
    /// Its errors are added to the asker's, so every evaluation that depends on a broken condition says why.
    /// </summary>
    public bool? Resolve(string name, SourceSpan span, Evaluator from)
    {
        if (!_definitions.ContainsKey(name))
        {
            from.ReportError(span, DiagnosticCatalog.UnknownConditionReference.Format(name, Names(_definitions.Keys),
                NameSuggestions.Hint(name, _definitions.Keys)));
            return null;
        }
        if (_inProgress.Contains(name))
        {
            var cycle = _inProgress.Skip(_inProgress.IndexOf(name)).Concat(new[] { name });
            from.ReportError(span, $"Circular definition of condition '{name}': {string.Join(" -> ", cycle)}.");
            return null;
        }
        if (!_outcomes.TryGetValue(name, out var outcome)) outcome = EvaluateCondition(name, from.Depth);
        if (outcome.Errors.Count > 0)
        {
            from.ReportErrors(outcome.Errors);
            return null;
        }
        return outcome.Value;
    }

    private Outcome EvaluateCondition(string name, int depth)
    {
        var definition = _definitions[name];
        var errors = new List<EvaluationError>();
        _inProgress.Add(name);
        var evaluator = new Evaluator(_context, errors, this, depth);
        var value = evaluator.Evaluate(definition.Definition, FunctionTable.Condition);
        _inProgress.RemoveAt(_inProgress.Count - 1);
        if (errors.Count == 0 && value is not bool)
            errors.Add(new EvaluationError(
                $"The definition of condition '{name}' is invalid: it gives {PythonValues.Describe(value)} ({PythonText.Repr(value)}), not true or false." +
                (value is string ? " A condition's name may be used inside not, and, or." : string.Empty),
                definition.Definition.Span));
        var outcome = new Outcome(errors.Count == 0 && value is true, errors);
        _outcomes[name] = outcome;
        return outcome;
    }

    /// <summary>
    /// A <c>condition</c> key: absent or null means included; otherwise a condition's name, a boolean or a
    /// condition function.
    /// </summary>
    private ConditionCheck Check(YamlNode? node, string owner)
    {
        var errors = new List<EvaluationError>();
        if (node is null or YamlScalar { IsNull: true }) return new ConditionCheck(true, errors);
        if (node is YamlSequence || node is YamlScalar { Kind: not (YamlScalarKind.String or YamlScalarKind.Bool) } ||
            node is YamlMapping { Count: not 1 })
        {
            errors.Add(new EvaluationError($"The condition of {owner} must be a condition's name, a boolean or a condition function, not {node.Describe()}.", node.Span));
            return new ConditionCheck(false, errors);
        }
        var evaluator = new Evaluator(_context, errors, this);
        var enabled = evaluator.ConditionOf(node);
        return new ConditionCheck(errors.Count == 0 && enabled == true, errors);
    }

    /// <summary>The <c>condition</c> node of a resource; conditions exist from 2016-10-14.</summary>
    private static YamlNode? ConditionNode(HotTemplate template, HotResource resource) =>
        template.Version.IsAtLeast(HotVersions.V20161014) ? resource.Node["condition"] : null;

    /// <summary>The <c>condition</c> node of an output, read from the template (the model keeps only its text).</summary>
    private static YamlNode? ConditionNode(HotTemplate template, HotOutput output)
    {
        if (!template.Version.IsAtLeast(HotVersions.V20161014)) return null;
        return template.Root["outputs"] is YamlMapping outputs && outputs[output.Name] is YamlMapping definition ? definition["condition"] : null;
    }

    private static string Names(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "(none)" : string.Join(", ", all);
    }
}
