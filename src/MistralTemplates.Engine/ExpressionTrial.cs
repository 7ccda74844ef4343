using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine;

/// <summary>
/// The outcome of <see cref="ExpressionTrial.Evaluate"/>: the value as Python's <c>json.dumps</c> writes it, or the
/// error as Mistral words it (<c>Can not evaluate YAQL expression [expression=..., error=...]</c>).
/// </summary>
/// <param name="Json">The value as JSON text (", " and ": " separators, floats as Python prints them); null on an error.</param>
/// <param name="Error">Why the expression could not be evaluated; null on success.</param>
public sealed record ExpressionTrialResult(string? Json, string? Error)
{
    /// <summary>Whether the expression gave a value.</summary>
    public bool Success => Error is null;
}

/// <summary>
/// Evaluates one text of a workflow (a <c>&lt;% %&gt;</c> YAQL or <c>{{ }}</c> Jinja expression, or text with
/// expressions inside) as the embedded engine evaluates a task's, outside any execution: nothing is opened or stored.
/// </summary>
public static class ExpressionTrial
{
    /// <summary>The functions that read a running execution; they need <c>context</c>.</summary>
    private static readonly string[] ExecutionFunctions = ["task", "tasks", "execution", "env"];

    /// <summary>Evaluates <paramref name="text"/> over the data context <paramref name="data"/> (<c>$</c> in YAQL, <c>_</c> in Jinja).</summary>
    /// <param name="text">The expression text as it would appear in a workflow, e.g. <c>&lt;% $.nums.sum() %&gt;</c>.</param>
    /// <param name="data">The data context; null for an empty one.</param>
    /// <param name="context">
    /// What the execution functions read: <c>execution</c> (for <c>execution()</c>), <c>env</c> (for <c>env()</c>),
    /// <c>tasks</c> (a list of task objects with a <c>name</c>, for <c>task(name)</c> and <c>tasks()</c>) and
    /// <c>task</c> (the name <c>task()</c> means). Null makes those functions an error that says so.
    /// </param>
    public static ExpressionTrialResult Evaluate(string text, JsonObject? data, JsonObject? context = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = data is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : (Dictionary<string, object?>)ExpressionValues.FromJson(data)!;
        try
        {
            var value = new MistralExpressions(new GivenScope(context)).Evaluate(text, values);
            return new ExpressionTrialResult(PythonJson.Dumps(value), null);
        }
        catch (ExpressionFailure failure)
        {
            return new ExpressionTrialResult(null, failure.Message);
        }
    }

    /// <summary>An execution made of what the caller gave, or none at all.</summary>
    private sealed class GivenScope(JsonObject? context) : IExpressionScope
    {
        private readonly Dictionary<string, object?>? _context = context is null ? null : (Dictionary<string, object?>)ExpressionValues.FromJson(context)!;

        public IReadOnlyDictionary<string, object?> Execution =>
            Read("execution") as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);

        public object? Environment => Read("env");

        public string? CurrentTask => Read("task") as string;

        public IReadOnlyDictionary<string, object?>? Task(string name) =>
            Tasks().FirstOrDefault(t => t.TryGetValue("name", out var given) && Equals(given, name));

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Tasks() =>
            (Read("tasks") as List<object?> ?? []).OfType<Dictionary<string, object?>>().ToList();

        public string? Refusal(string function) => _context is null && ExecutionFunctions.Contains(function)
            ? $"{function}() reads a running execution, and there is none here; give what it should read as the context " +
              "(e.g. {\"execution\": {...}, \"env\": {...}, \"tasks\": [{\"name\": \"t1\", \"result\": ...}], \"task\": \"t1\"})"
            : null;

        private object? Read(string key) => _context is not null && _context.TryGetValue(key, out var value) ? value : null;
    }
}
