using System;
using System.Collections.Generic;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>
/// What an expression sees: the data behind <c>$</c>, the variables behind <c>$name</c> and the functions it
/// may call. Values from outside are copied into the evaluation value model (ints become long, floats double,
/// dictionaries and enumerables the model's mapping and list).
/// </summary>
public sealed class YaqlContext
{
    public YaqlContext(object? data, IReadOnlyDictionary<string, object?>? variables = null, YaqlFunctions? functions = null)
    {
        Data = PythonValues.Normalize(data);
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (variables is not null)
            foreach (var pair in variables) copy[pair.Key] = PythonValues.Normalize(pair.Value);
        Variables = copy;
        Functions = functions ?? YaqlFunctions.Standard;
    }

    public object? Data { get; }

    /// <summary>Variables by name without the <c>$</c>; a missing variable reads as null, as in YAQL.</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; }

    public YaqlFunctions Functions { get; }
}
