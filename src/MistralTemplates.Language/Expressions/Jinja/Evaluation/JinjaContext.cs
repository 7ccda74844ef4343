using System;
using System.Collections.Generic;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>
/// A function callable from an expression, such as Mistral's <c>env()</c> or <c>task('t1')</c>.
/// Its result may use .NET collections and number types; they are turned into the evaluator's values. Throw <see cref="JinjaFunctionException"/> to report a problem; it becomes an evaluation error at the call.
/// </summary>
public delegate object? JinjaFunction(IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> keywords);

/// <summary>A problem a registered function reports with its arguments or its data.</summary>
public sealed class JinjaFunctionException(string message) : Exception(message);

/// <summary>
/// What an expression sees: the data context as <c>_</c> (as Mistral binds it), further variables,
/// and the functions it may call. A registered function also works as a filter, with the filtered value
/// as its first argument, as Mistral registers its functions both ways.
/// </summary>
public sealed class JinjaContext
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JinjaFunction> _functions = new(StringComparer.Ordinal);

    /// <param name="data">The data context: null, string, long, double, bool, List&lt;object?&gt; or Dictionary&lt;string, object?&gt;.</param>
    public JinjaContext(object? data = null)
    {
        _variables["_"] = data;
        // Mistral also lifts these three out of a mapping context, as none when they are missing.
        if (data is Dictionary<string, object?> map)
            foreach (var name in new[] { "__env", "__execution", "__task_execution" })
                _variables[name] = map.TryGetValue(name, out var value) ? value : null;
    }

    public object? Data => _variables["_"];

    public JinjaContext SetVariable(string name, object? value)
    {
        _variables[name] = value;
        return this;
    }

    public JinjaContext RegisterFunction(string name, JinjaFunction function)
    {
        _functions[name] = function ?? throw new ArgumentNullException(nameof(function));
        return this;
    }

    public bool TryGetVariable(string name, out object? value) => _variables.TryGetValue(name, out value);

    /// <summary>The names of the registered functions (each callable as a function and as a filter).</summary>
    public IEnumerable<string> FunctionNames => _functions.Keys;

    public bool TryGetFunction(string name, out JinjaFunction function) => _functions.TryGetValue(name, out function!);
}
