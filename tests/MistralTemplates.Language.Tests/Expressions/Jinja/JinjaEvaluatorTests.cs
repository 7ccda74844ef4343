using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Jinja.Evaluation;

namespace MistralTemplates.Language.Tests.Expressions.Jinja;

public class JinjaEvaluatorTests
{
    private const string Data = """
        {"name": "web", "n": 7, "f": 2.5, "flag": true, "nothing": null, "list": [3, 1, 2], "words": ["b", "A", "c", "a"],
         "vms": [{"name": "a", "on": true, "cpu": 2}, {"name": "b", "on": false, "cpu": 4}, {"name": "c", "on": true, "cpu": 1}],
         "map": {"k": "v", "x": {"y": [10, 20]}}}
        """;

    [Theory]
    [InlineData("_.name", "\"web\"")]
    [InlineData("_['name']", "\"web\"")]
    [InlineData("_.map.x.y[1]", "20")]
    [InlineData("_.list[-1]", "2")]
    [InlineData("_.list[1:]", "[1, 2]")]
    [InlineData("_.name[::-1]", "\"bew\"")]
    [InlineData("_.nothing", "null")]
    [InlineData("'a' ~ 1 ~ none ~ true", "\"a1NoneTrue\"")]
    [InlineData("[1, 'x', none, false]", "[1, \"x\", null, false]")]
    [InlineData("{'a': 1, 'b': [2]}", "{\"a\": 1, \"b\": [2]}")]
    [InlineData("(1, 2)", "[1, 2]")]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("-7 // 2", "-4")]
    [InlineData("-7 % 3", "2")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("2 ** -1", "0.5")]
    [InlineData("_.n + _.f", "9.5")]
    [InlineData("'ab' * 2", "\"abab\"")]
    [InlineData("[1] + [2]", "[1, 2]")]
    [InlineData("_.n > 5 and _.name == 'web'", "true")]
    [InlineData("_.nothing or 'fallback'", "\"fallback\"")]
    [InlineData("0 and 1", "0")]
    [InlineData("not _.list", "false")]
    [InlineData("'e' in _.name", "true")]
    [InlineData("4 not in _.list", "true")]
    [InlineData("'k' in _.map", "true")]
    [InlineData("'big' if _.n > 5 else 'small'", "\"big\"")]
    [InlineData("1 == 1.0", "true")]
    [InlineData("[1, 2] < [1, 3]", "true")]
    public void Evaluates_expressions(string expression, string expected) => AssertValue(expression, expected);

    [Theory]
    [InlineData("_.missing | default('d')", "\"d\"")]
    [InlineData("_.nothing | default('d')", "null")]
    [InlineData("_.nothing | d('d', true)", "\"d\"")]
    [InlineData("_.list | length", "3")]
    [InlineData("_.map | count", "2")]
    [InlineData("_.name | upper", "\"WEB\"")]
    [InlineData("'AbC' | lower", "\"abc\"")]
    [InlineData("_.list | join(',')", "\"3,1,2\"")]
    [InlineData("_.vms | join(', ', attribute='name')", "\"a, b, c\"")]
    [InlineData("_.list | first", "3")]
    [InlineData("_.list | last", "2")]
    [InlineData("_.name | list", "[\"w\", \"e\", \"b\"]")]
    [InlineData("_.map | list", "[\"k\", \"x\"]")]
    [InlineData("_.list | string", "\"[3, 1, 2]\"")]
    [InlineData("'42' | int", "42")]
    [InlineData("'4.7' | int", "4")]
    [InlineData("'x' | int(5)", "5")]
    [InlineData("'2.5' | float", "2.5")]
    [InlineData("-3 | abs", "3")]
    [InlineData("2.5 | round", "2.0")] // Python rounds ties to even
    [InlineData("3.14159 | round(2)", "3.14")]
    [InlineData("2.1 | round(method='ceil')", "3.0")]
    [InlineData("'a-b-c' | replace('-', '+')", "\"a+b+c\"")]
    [InlineData("'  x  ' | trim", "\"x\"")]
    [InlineData("_.words | unique", "[\"b\", \"A\", \"c\"]")]
    [InlineData("_.words | sort", "[\"A\", \"a\", \"b\", \"c\"]")]
    [InlineData("_.list | sort(reverse=true)", "[3, 2, 1]")]
    [InlineData("_.vms | sort(attribute='cpu') | map(attribute='name') | list", "[\"c\", \"a\", \"b\"]")]
    [InlineData("_.list | reverse | list", "[2, 1, 3]")]
    [InlineData("_.list | sum", "6")]
    [InlineData("'ff' | int(base=16)", "255")]
    [InlineData("0x1F + 0o10 + 0b11 + 1_000", "1042")]
    [InlineData("'0x1F'", "\"0x1F\"")]
    [InlineData("'0b101' | int(0, 2)", "5")]
    [InlineData("'zz' | int(7, 16)", "7")]
    [InlineData("_.list[1::9223372036854775807]", "[1]")]
    [InlineData("_.list[::-9223372036854775807]", "[2]")]
    [InlineData("range(3)", "[0, 1, 2]")]
    [InlineData("range(5, 0, -2)", "[5, 3, 1]")]
    [InlineData("_.vms | sum(attribute='cpu')", "7")]
    [InlineData("_.list | min", "1")]
    [InlineData("_.words | max", "\"c\"")]
    [InlineData("_.vms | max(attribute='cpu') | attr_free", null)]
    [InlineData("_.vms | map(attribute='name') | list", "[\"a\", \"b\", \"c\"]")]
    [InlineData("_.list | map('string') | list", "[\"3\", \"1\", \"2\"]")]
    [InlineData("_.list | select('odd') | list", "[3, 1]")]
    [InlineData("_.list | reject('odd') | list", "[2]")]
    [InlineData("[0, 1, none, 'x'] | select | list", "[1, \"x\"]")]
    [InlineData("_.vms | selectattr('on') | map(attribute='name') | list", "[\"a\", \"c\"]")]
    [InlineData("_.vms | rejectattr('on') | map(attribute='name') | list", "[\"b\"]")]
    [InlineData("_.vms | selectattr('cpu', 'gt', 1) | map(attribute='name') | list", "[\"a\", \"b\"]")]
    [InlineData("_.vms | selectattr('name', 'in', ['a', 'b']) | list | length", "2")]
    [InlineData("{'b': 1, 'a': '<'} | tojson", "\"{\\\"a\\\": \\\"\\\\u003c\\\", \\\"b\\\": 1}\"")]
    public void Applies_filters(string expression, string? expected)
    {
        if (expected is null) AssertError(expression, "No filter named 'attr_free'.");
        else AssertValue(expression, expected);
    }

    [Theory]
    [InlineData("_.name is defined", "true")]
    [InlineData("_.missing is defined", "false")]
    [InlineData("_.missing is undefined", "true")]
    [InlineData("nope is not defined", "true")]
    [InlineData("_.nothing is none", "true")]
    [InlineData("_.f is number", "true")]
    [InlineData("_.name is string", "true")]
    [InlineData("_.map is mapping", "true")]
    [InlineData("_.list is sequence", "true")]
    [InlineData("_.n is even", "false")]
    [InlineData("_.n is odd", "true")]
    [InlineData("21 is divisibleby 7", "true")]
    [InlineData("_.n is equalto 7", "true")]
    [InlineData("2 is in _.list", "true")]
    public void Applies_tests(string expression, string expected) => AssertValue(expression, expected);

    [Theory]
    [InlineData("_.map.get('k')", "\"v\"")]
    [InlineData("_.map.get('nope', 5)", "5")]
    [InlineData("_.map.get('nope')", "null")]
    [InlineData("_.map.keys() | list", "[\"k\", \"x\"]")]
    [InlineData("{'a': 1}.items() | list", "[[\"a\", 1]]")]
    [InlineData("'a,b,,c'.split(',')", "[\"a\", \"b\", \"\", \"c\"]")]
    [InlineData("' a  b '.split()", "[\"a\", \"b\"]")]
    [InlineData("'a,b,c'.split(',', 1)", "[\"a\", \"b,c\"]")]
    [InlineData("_.name.upper()", "\"WEB\"")]
    [InlineData("_.name.startswith('w')", "true")]
    [InlineData("'-'.join(_.words)", "\"b-A-c-a\"")]
    [InlineData("_.list.index(2)", "2")]
    [InlineData("[] | first | default('none left')", "\"none left\"")]
    [InlineData("[] | max | default(0)", "0")]
    public void Calls_methods_of_values(string expression, string expected) => AssertValue(expression, expected);

    [Theory]
    [InlineData("_.missing", "'dict object' has no attribute 'missing'", 0, 9)]
    [InlineData("_.missing.x", "'dict object' has no attribute 'missing'", 0, 9)]
    [InlineData("nope", "'nope' is undefined", 0, 4)]
    [InlineData("_.list[9] + 1", "list object has no element 9", 0, 9)]
    [InlineData("1 + _.name", "unsupported operand type(s) for +: 'int' and 'str'", 0, 10)]
    [InlineData("_.n / 0", "division by zero", 0, 7)]
    [InlineData("_.n // 0", "integer division or modulo by zero", 0, 8)]
    [InlineData("_.n < 'a'", "'<' not supported between instances of 'int' and 'str'", 0, 9)]
    [InlineData("_.missing == 1", "'dict object' has no attribute 'missing'", 0, 9)]
    [InlineData("1 if false", "the condition is false and there is no else", 0, 10)]
    [InlineData("_.n | nosuch", "No filter named 'nosuch'.", 0, 12)]
    [InlineData("_.n is nosuch", "No test named 'nosuch'.", 0, 13)]
    [InlineData("env()", "'env' is undefined: no such function", 0, 3)]
    [InlineData("_.name.nosuch()", "str has no method 'nosuch'", 0, 15)]
    [InlineData("_.list.append(1)", "list.append() is not supported in expressions", 0, 16)]
    [InlineData("{'items': 1}.items", "'items' is a method of dict, not a value; to read the key write ['items']", 0, 18)]
    [InlineData("[] | first", "No first item, sequence was empty.", 0, 10)]
    [InlineData("_.vms | sort", "'<' not supported between instances of 'dict' and 'dict'", 0, 12)]
    [InlineData("[1, 'a'] | max", "'<' not supported between instances of 'str' and 'int'", 0, 14)]
    [InlineData("9223372036854775807 + 1", "the integer result does not fit in 64 bits", 0, 23)]
    [InlineData("'x' * 2000000000", "larger than the 1000000 characters or items allowed", 0, 16)]
    [InlineData("'xy' * 9223372036854775807", "larger than the 1000000 characters or items allowed", 0, 26)]
    [InlineData("['abcd'] * 300000", "larger than the 1000000 characters or items allowed", 0, 17)]
    [InlineData("([1] * 1000000) | join('abc')", "larger than the 1000000 characters or items allowed", -1, -1)]
    [InlineData("('x' * 600000) ~ ('x' * 600000)", "larger than the 1000000 characters or items allowed", 1, 29)]
    [InlineData("('a' * 1000) | replace('a', 'b' * 2000)", "larger than the 1000000 characters or items allowed", -1, -1)]
    [InlineData("range(10000000)", "larger than the 1000000 characters or items allowed", 0, 15)]
    [InlineData("range(-9223372036854775807, 9223372036854775807)", "larger than the 1000000 characters or items allowed", -1, -1)]
    [InlineData("9223372036854775808", "the integer 9223372036854775808 does not fit in 64 bits", 0, 19)]
    [InlineData("_.n +", "", -1, -1)]
    public void Reports_errors_as_results(string expression, string message, int offset, int length)
    {
        var error = AssertError(expression, message);
        if (offset >= 0) Assert.Equal((offset, length), (error.Offset, error.Length));
    }

    [Fact]
    public void Calls_registered_functions_and_uses_them_as_filters()
    {
        var context = Context().RegisterFunction("task", (args, keywords) =>
            args.Count == 1 && args[0] is string name
                ? new Dictionary<string, object?> { ["name"] = name, ["result"] = keywords.TryGetValue("x", out var x) ? x : 1L }
                : throw new JinjaFunctionException("task() takes the name of a task"));
        Assert.Equal(1L, JinjaEvaluator.Evaluate("task('t1').result", context).Value);
        Assert.Equal(5L, JinjaEvaluator.Evaluate("task('t1', x=5).result", context).Value);
        Assert.Equal("t2", JinjaEvaluator.Evaluate("'t2' | task | attr_ok", context.RegisterFunction("attr_ok", (a, _) => ((Dictionary<string, object?>)a[0]!)["name"])).Value);
        var failed = JinjaEvaluator.Evaluate("task(1)", context);
        Assert.Equal("task() takes the name of a task", failed.Error!.Message);
        Assert.Equal(0, failed.Error.Offset);
    }

    [Fact]
    public void Binds_mistral_context_names_and_normalizes_function_results()
    {
        var context = new JinjaContext(JsonValues.Parse("""{"__execution": {"id": "e1"}, "x": 1}"""))
            .RegisterFunction("numbers", (_, _) => new[] { 1, 2 })
            .SetVariable("extra", "value");
        Assert.Equal("e1", JinjaEvaluator.Evaluate("__execution.id", context).Value);
        Assert.True(JinjaEvaluator.Evaluate("__env is none and __task_execution is none", context).Value is true);
        Assert.Equal("value", JinjaEvaluator.Evaluate("extra", context).Value);
        Assert.Equal("[1,2]", JsonValues.Normalize(JinjaEvaluator.Evaluate("numbers()", context).Value));
        Assert.Equal(3L, JinjaEvaluator.Evaluate("numbers() | sum", context).Value);
        Assert.False(JinjaEvaluator.Evaluate("__env", new JinjaContext(JsonValues.Parse("[1]"))).Success);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var text = string.Concat(Enumerable.Repeat("(", 5000)) + "1" + string.Concat(Enumerable.Repeat(")", 5000));
        Assert.False(JinjaEvaluator.Evaluate(text, Context()).Success);
        var chain = "_" + string.Concat(Enumerable.Repeat(".a", 5000));
        Assert.False(JinjaEvaluator.Evaluate(chain, Context()).Success);
    }

    private static JinjaContext Context() => new(JsonValues.Parse(Data));

    private static void AssertValue(string expression, string expected)
    {
        var result = JinjaEvaluator.Evaluate(expression, Context());
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(JsonValues.Normalize(JsonValues.Parse(expected)), JsonValues.Normalize(result.Value));
    }

    private static JinjaEvaluationError AssertError(string expression, string message)
    {
        var result = JinjaEvaluator.Evaluate(expression, Context());
        Assert.False(result.Success, "expected an error, got " + JsonValues.Normalize(result.Value));
        Assert.Null(result.Value);
        Assert.True(result.Error!.Message.Contains(message), result.Error.Message);
        return result.Error;
    }
}

/// <summary>JSON text to and from the evaluator's values, so tables can state inputs and results as JSON.</summary>
internal static class JsonValues
{
    public static object? Parse(string json) => Convert(JsonDocument.Parse(json).RootElement);

    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) && !e.GetRawText().Contains(".") ? l : (object)e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>A canonical text that tells 3 from 3.0 and keeps key order, for comparing values.</summary>
    public static string Normalize(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("0.0###############", System.Globalization.CultureInfo.InvariantCulture),
        string s => JsonSerializer.Serialize(s),
        List<object?> list => "[" + string.Join(",", list.Select(Normalize)) + "]",
        Dictionary<string, object?> map => "{" + string.Join(",", map.Select(p => JsonSerializer.Serialize(p.Key) + ":" + Normalize(p.Value))) + "}",
        _ => "?" + value.GetType().Name,
    };
}
