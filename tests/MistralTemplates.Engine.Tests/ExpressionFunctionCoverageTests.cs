using System.Linq;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Engine.Running;
using MistralTemplates.Language.Expressions;

namespace MistralTemplates.Engine.Tests;

/// <summary>
/// The compiler warns about names it does not know; everything the engine can call must be among them, or a
/// template that runs would be warned about.
/// </summary>
public sealed class ExpressionFunctionCoverageTests
{
    private static readonly MistralExpressions Expressions = new(new AdHocActions.DetachedScope());

    [Fact]
    public void Every_yaql_function_the_engine_registers_is_known_to_the_compiler()
    {
        var unknown = Expressions.YaqlFunctions.Names.Where(n => !KnownExpressionNames.YaqlFunctions.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, "not known to the compiler: " + string.Join(", ", unknown));
        Assert.Contains("task", Expressions.YaqlFunctions.Names);
    }

    [Fact]
    public void Every_jinja_function_the_engine_registers_is_known_to_the_compiler_as_a_mistral_function()
    {
        var registered = Expressions.CreateJinjaContext(null).FunctionNames.ToList();
        var unknown = registered.Where(n => !KnownExpressionNames.MistralFunctions.Contains(n) || !KnownExpressionNames.JinjaFilters.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, "not known to the compiler: " + string.Join(", ", unknown));
        Assert.Contains("json_parse", registered);
    }
}
