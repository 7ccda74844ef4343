using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MistralTemplates.Engine.Running;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Yaml;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// Ad-hoc actions stored in the <c>actions</c> table: each names a base action, says how its own input (with
/// defaults) becomes the base action's input, and may transform the base action's result with <c>output</c>.
/// A name is looked up in the caller's namespace, then in the default one.
/// </summary>
internal sealed class AdHocActions(EngineDatabase database)
{
    private const string ClassName = "mistral.actions.adhoc.AdHocAction";

    private readonly RecordTable<ActionDefinition> _table = new(database, "actions");
    private readonly ConcurrentDictionary<string, DslAction?> _parsed = new(StringComparer.Ordinal);

    /// <summary>The stored action <paramref name="name"/> seen from <paramref name="namespace"/>, parsed; null when none. Read in the caller's transaction.</summary>
    public DslAction? Find(SqliteTransaction transaction, string name, string @namespace) =>
        Parsed(FindRecord(transaction, name, @namespace), name);

    /// <summary>As <see cref="Find"/>, for a caller outside any transaction.</summary>
    public async Task<DslAction?> FindAsync(string name, string @namespace, CancellationToken cancellationToken)
    {
        var record = await database.ReadAsync(transaction => FindRecord(transaction, name, @namespace), cancellationToken)
            .ConfigureAwait(false);
        return Parsed(record, name);
    }

    private ActionDefinition? FindRecord(SqliteTransaction transaction, string name, string @namespace) =>
        _table.Find(transaction, @namespace, name) ?? (@namespace.Length > 0 ? _table.Find(transaction, "", name) : null);

    private DslAction? Parsed(ActionDefinition? record, string name) =>
        record?.Definition is { } text ? _parsed.GetOrAdd(text, definition => Parse(definition, name)) : null;

    /// <summary>
    /// Runs <paramref name="action"/>: checks its input, adds defaults, evaluates base-input over it, runs the base
    /// through <paramref name="runBase"/> and evaluates <c>output</c> over a successful result.
    /// </summary>
    public static async Task<ActionOutcome> RunAsync(DslAction action, IReadOnlyDictionary<string, object?> input,
        Func<string, IReadOnlyDictionary<string, object?>, Task<ActionOutcome>> runBase)
    {
        var parameters = new ActionParameters(ClassName,
            action.Inputs.Where(i => !i.HasDefault).Select(i => i.Name).ToList(),
            action.Inputs.Where(i => i.HasDefault).Select(i => i.Name).ToList());
        if (parameters.Check(action.Name, input) is { } refusal) return ActionOutcome.InvalidInput(refusal);

        var context = new Dictionary<string, object?>(input, StringComparer.Ordinal);
        foreach (var declared in action.Inputs.Where(i => i.HasDefault && !input.ContainsKey(i.Name)))
            context[declared.Name] = ExpressionValues.FromYaml(declared.Default);

        var expressions = new MistralExpressions(new DetachedScope());
        Dictionary<string, object?> baseInput;
        try
        {
            var written = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var parameter in action.BaseParameters) written[parameter.Name] = InlineValue(parameter);
            if (ExpressionValues.FromYaml(action.BaseInput) is Dictionary<string, object?> map)
                foreach (var pair in map) written[pair.Key] = pair.Value;
            baseInput = (Dictionary<string, object?>)expressions.Evaluate(written, context)!;
        }
        catch (ExpressionFailure failure)
        {
            return ActionOutcome.Failed(failure.Message);
        }

        var outcome = await runBase(action.Base ?? "std.noop", baseInput).ConfigureAwait(false);
        if (!outcome.Succeeded || action.Output is null) return outcome;
        try
        {
            return ActionOutcome.Ok(ResultExpressions.Evaluate(ExpressionValues.FromYaml(action.Output), outcome.Result));
        }
        catch (ExpressionFailure failure)
        {
            return ActionOutcome.Failed(failure.Message);
        }
    }

    private static DslAction? Parse(string text, string name)
    {
        var loaded = YamlLoader.Load("action", text);
        if (loaded.Root is null) return null;
        var document = DslParser.Parse(loaded.Root, new DiagnosticBag(), DslParseOptions.File with { ExpectedKind = DslDocumentKind.Actions });
        return document?.Actions.FirstOrDefault(a => a.Name == name);
    }

    // Mistral reads an unquoted inline value as JSON when it is JSON (numbers, true, lists), else as text.
    private static object? InlineValue(DslInlineParameter parameter)
    {
        if (parameter.IsQuoted) return parameter.Value;
        try
        {
            return ExpressionValues.FromJson(JsonNode.Parse(parameter.Value));
        }
        catch (System.Text.Json.JsonException)
        {
            return parameter.Value;
        }
    }

    /// <summary>An ad-hoc action's expressions see only its input: no execution, environment or tasks.</summary>
    internal sealed class DetachedScope : IExpressionScope
    {
        public IReadOnlyDictionary<string, object?> Execution { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
        public object? Environment => null;
        public string? CurrentTask => null;
        public IReadOnlyDictionary<string, object?>? Task(string name) => null;
        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Tasks() => Array.Empty<IReadOnlyDictionary<string, object?>>();
    }
}
