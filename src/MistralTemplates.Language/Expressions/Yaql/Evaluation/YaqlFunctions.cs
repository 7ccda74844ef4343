using System;
using System.Collections.Generic;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>A function callable from YAQL as <c>name(args)</c> or as a method <c>receiver.name(args)</c>.</summary>
public delegate object? YaqlFunction(YaqlInvocation call);

/// <summary>
/// The functions an expression may call, by name. <see cref="CreateStandard"/> gives YAQL's standard functions;
/// a host adds its own (Mistral's <c>env()</c>, <c>task()</c> ...) with <see cref="Register"/>.
/// </summary>
public sealed class YaqlFunctions
{
    private readonly Dictionary<string, YaqlFunction> _functions = new(StringComparer.Ordinal);
    private bool _readOnly;

    /// <summary>The standard functions; shared and read-only, so registering on it throws.</summary>
    public static YaqlFunctions Standard { get; } = CreateReadOnlyStandard();

    /// <summary>A new, changeable registry holding the standard functions.</summary>
    public static YaqlFunctions CreateStandard()
    {
        var functions = new YaqlFunctions();
        YaqlStandardLibrary.RegisterAll(functions);
        return functions;
    }

    public IEnumerable<string> Names => _functions.Keys;

    /// <summary>Adds or replaces the function called <paramref name="name"/>.</summary>
    public YaqlFunctions Register(string name, YaqlFunction function)
    {
        if (_readOnly) throw new InvalidOperationException("The shared standard registry is read-only; use YaqlFunctions.CreateStandard() for one you can extend.");
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A function needs a name.", nameof(name));
        _functions[name] = function ?? throw new ArgumentNullException(nameof(function));
        return this;
    }

    public bool TryGet(string name, out YaqlFunction function) => _functions.TryGetValue(name, out function!);

    private static YaqlFunctions CreateReadOnlyStandard()
    {
        var functions = CreateStandard();
        functions._readOnly = true;
        return functions;
    }
}
