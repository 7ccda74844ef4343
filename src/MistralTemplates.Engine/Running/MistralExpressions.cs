using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Language.Expressions;
using MistralTemplates.Language.Expressions.Jinja.Evaluation;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Engine.Running;

/// <summary>An expression of a workflow that could not be evaluated; the task or workflow it belongs to fails.</summary>
internal sealed class ExpressionFailure(string message) : Exception(message);

/// <summary>
/// What Mistral's functions read while a workflow runs: the execution (for <c>execution()</c>), its environment
/// (<c>env()</c>), the finished tasks (<c>task(name)</c>) and the task being evaluated (<c>task()</c>).
/// </summary>
internal interface IExpressionScope
{
    IReadOnlyDictionary<string, object?> Execution { get; }
    object? Environment { get; }
    string? CurrentTask { get; }
    IReadOnlyDictionary<string, object?>? Task(string name);

    /// <summary>The execution's task executions so far, in the order they were made (for <c>tasks()</c>).</summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Tasks();

    /// <summary>
    /// Why <paramref name="function"/> (<c>task</c>, <c>tasks</c>, <c>execution</c>, <c>env</c>) cannot be called here,
    /// or null when it can; outside any execution there is nothing for them to read.
    /// </summary>
    string? Refusal(string function) => null;
}

/// <summary>
/// Evaluates the values of a definition as Mistral does: a string that is exactly one <c>&lt;% %&gt;</c> keeps its
/// value's type, other strings get each expression's text put in; <c>{{ }}</c> goes to Jinja; mappings and lists
/// are evaluated item by item.
/// </summary>
internal sealed class MistralExpressions
{
    private readonly IExpressionScope _scope;
    private readonly YaqlFunctions _yaqlFunctions;

    public MistralExpressions(IExpressionScope scope)
    {
        _scope = scope;
        _yaqlFunctions = YaqlFunctions.CreateStandard()
            .Register("task", call => TaskFunction(call.Count > 0 ? call.Argument(0) as string : null))
            .Register("env", _ => Require("env", _scope.Environment))
            .Register("execution", _ => Require("execution", _scope.Execution))
            .Register("tasks", call =>
            {
                var arguments = new List<object?>();
                for (var i = 0; i < call.Count; i++) arguments.Add(call.Argument(i));
                var named = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < call.NamedCount; i++) named[ExpressionValues.Str(call.NamedKey(i))] = call.NamedValue(i);
                return TasksFunction(arguments, named);
            })
            .Register("json_dump", call => PythonJson.Dumps(call.Argument(0), 4))
            .Register("json_pp", call => JsonPrettyPrint(call.Argument(0)))
            .Register("json_parse", call => JsonParse(call.Argument(0)))
            .Register("yaml_parse", call => YamlParse(call.Argument(0)))
            .Register("yaml_dump", call => PythonYaml.Dump(call.Argument(0)))
            .Register("uuid", _ => Guid.NewGuid().ToString());
    }

    /// <summary>The YAQL functions expressions may call: YAQL's standard library and Mistral's functions.</summary>
    internal YaqlFunctions YaqlFunctions => _yaqlFunctions;

    /// <summary>
    /// Mistral's deprecated <c>json_pp(data)</c>: <c>json.dumps(data, indent=4)</c> with the escaped newlines inside
    /// strings made real ones and the blanks before line ends dropped.
    /// </summary>
    private static string JsonPrettyPrint(object? data) =>
        PythonJson.Dumps(data, 4).Replace("\\n", "\n").Replace(" \n", "\n");

    private static object? JsonParse(object? text)
    {
        if (text is not string json) throw new YaqlException($"json_parse() needs a string, got {ExpressionValues.Str(text)}");
        try
        {
            return ExpressionValues.FromJson(JsonNode.Parse(json));
        }
        catch (JsonException e)
        {
            throw new YaqlException($"json_parse() cannot read its argument as JSON: {e.Message}");
        }
    }

    private static object? YamlParse(object? text)
    {
        if (text is not string yaml) throw new YaqlException($"yaml_parse() needs a string, got {ExpressionValues.Str(text)}");
        var loaded = YamlLoader.Load("yaml_parse", yaml);
        if (loaded.HasErrors) throw new YaqlException("yaml_parse() cannot read its argument as YAML: " + loaded.Diagnostics[0].Message);
        return ExpressionValues.FromYaml(loaded.Root);
    }

    /// <summary>Evaluates every expression in <paramref name="value"/> over the data context <paramref name="context"/>.</summary>
    public object? Evaluate(object? value, IReadOnlyDictionary<string, object?> context) => value switch
    {
        string text => EvaluateText(text, context),
        IDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Evaluate(p.Value, context), StringComparer.Ordinal),
        IEnumerable<object?> items => items.Select(i => Evaluate(i, context)).ToList(),
        _ => value,
    };

    private object? EvaluateText(string text, IReadOnlyDictionary<string, object?> context)
    {
        var yaql = ExpressionScanner.FindYaqlDelimiters(text);
        if (yaql.Count > 0)
        {
            if (yaql.Count == 1 && yaql[0].Start == 0 && yaql[0].End == text.Length)
                return Yaql(text.Substring(2, text.Length - 4), context);
            var builder = new StringBuilder();
            var position = 0;
            foreach (var (start, end) in yaql)
            {
                builder.Append(text, position, start - position);
                builder.Append(ExpressionValues.Str(Yaql(text.Substring(start + 2, end - start - 4), context)));
                position = end;
            }
            return builder.Append(text, position, text.Length - position).ToString();
        }
        return JinjaRenderer.IsJinja(text) ? Jinja(text, context) : text;
    }

    private object? Yaql(string expression, IReadOnlyDictionary<string, object?> context)
    {
        var result = YaqlEvaluator.Evaluate(expression.Trim(), new YaqlContext(context, functions: _yaqlFunctions));
        return result.Success
            ? result.Value
            : throw new ExpressionFailure($"Can not evaluate YAQL expression [expression={expression.Trim()}, error={result.Error!.Message}]");
    }

    private object? Jinja(string text, IReadOnlyDictionary<string, object?> context)
    {
        var data = new Dictionary<string, object?>(context, StringComparer.Ordinal)
        {
            ["__execution"] = _scope.Execution,
            ["__env"] = _scope.Environment,
        };
        var result = JinjaRenderer.Render(text, CreateJinjaContext(data));
        return result.Success
            ? result.Value
            : throw new ExpressionFailure($"Can not evaluate Jinja expression [expression={text}, error={result.Error!.Message}]");
    }

    /// <summary>The Jinja context over <paramref name="data"/>, with Mistral's functions registered.</summary>
    internal JinjaContext CreateJinjaContext(object? data)
    {
        var jinja = new JinjaContext(data)
            .RegisterFunction("task", (arguments, _) => TaskFunction(arguments.Count > 0 ? arguments[0] as string : null))
            .RegisterFunction("env", (_, _) => Require("env", _scope.Environment))
            .RegisterFunction("execution", (_, _) => Require("execution", _scope.Execution))
            .RegisterFunction("tasks", TasksFunction);
        JinjaDataFunctions.Register(jinja);
        return jinja;
    }

    /// <summary>
    /// Mistral's <c>tasks(workflow_execution_id, recursive, state, flat)</c> for the execution being run: its task
    /// executions, those in <c>state</c> when given. The tasks of other executions (another id, or a sub-workflow's
    /// through <c>recursive</c>) are not visible from here and are refused by name rather than left out silently.
    /// </summary>
    private object? TasksFunction(IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> keywords)
    {
        Require("tasks", 0);
        object? Parameter(int position, string name) =>
            keywords.TryGetValue(name, out var named) ? named : arguments.Count > position ? arguments[position] : null;
        var executionId = Parameter(0, "workflow_execution_id");
        if (executionId is not null && !Equals(executionId, _scope.Execution.TryGetValue("id", out var own) ? own : null))
            throw new ExpressionFailure("tasks() of another execution is not supported by the embedded engine; call it without an execution id.");
        if (Parameter(1, "recursive") is true)
            throw new ExpressionFailure("tasks(recursive=true) is not supported by the embedded engine: sub-workflows' tasks are not visible to expressions.");
        var state = Parameter(2, "state") as string;
        return _scope.Tasks().Where(t => state is null || Equals(t.TryGetValue("state", out var s) ? s : null, state))
            .Select(t => (object?)t).ToList();
    }

    // task() without a name is the task being evaluated, as in publish; an unknown task reads as null.
    private object? TaskFunction(string? name) => Require("task", _scope).Task(name ?? _scope.CurrentTask ?? "");

    /// <summary><paramref name="value"/>, unless the scope refuses <paramref name="function"/>.</summary>
    private T Require<T>(string function, T value) =>
        _scope.Refusal(function) is { } refusal ? throw new ExpressionFailure(refusal) : value;
}
