using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Expressions.Jinja.Evaluation;
using MistralTemplates.Language.Expressions.Yaql.Evaluation;

namespace MistralTemplates.Language.Expressions;

/// <summary>
/// The names an expression may call: read from the evaluators' own registries (so the compiler's check and what
/// runs cannot drift apart), plus Mistral's expression functions.
/// </summary>
public static class KnownExpressionNames
{
    /// <summary>
    /// The functions Mistral 15 adds to both YAQL and Jinja (its <c>mistral.expression.functions</c> entry points),
    /// including ones the embedded engine does not implement: calling them is not the template's mistake.
    /// </summary>
    public static IReadOnlyCollection<string> MistralFunctions { get; } = new[]
    {
        "env", "execution", "executions", "global", "json_dump", "json_parse", "json_pp", "task", "tasks", "uuid",
        "yaml_dump", "yaml_parse",
    };

    /// <summary>YAQL's standard functions and methods as the evaluator registers them, plus <see cref="MistralFunctions"/>.</summary>
    public static IReadOnlyCollection<string> YaqlFunctions { get; } =
        new HashSet<string>(Yaql.Evaluation.YaqlFunctions.Standard.Names.Concat(MistralFunctions), StringComparer.Ordinal);

    /// <summary>Jinja 3.1's filters, plus <see cref="MistralFunctions"/>, which Mistral offers as filters too.</summary>
    public static IReadOnlyCollection<string> JinjaFilters { get; } =
        new HashSet<string>(Jinja.Evaluation.JinjaFilters.Names.Concat(MistralFunctions), StringComparer.Ordinal);

    /// <summary>Jinja 3.1's tests (<c>x is defined</c>, <c>x is divisibleby(3)</c> ...).</summary>
    public static IReadOnlyCollection<string> JinjaTests { get; } =
        new HashSet<string>(Jinja.Evaluation.JinjaTests.Names, StringComparer.Ordinal);
}
